import { startFakeLacoop } from '../tests/helpers/lacoop-fake/server';

// The La Coop test server in its own process, so the bench measures the sync's memory alone.
const activities = Number(process.env.LACOOP_FAKE_ACTIVITIES ?? 100_000);
startFakeLacoop({
  activities,
  structures: 60,
  mediators: 40,
  seed: 'bench',
  token: process.env.LACOOP_FAKE_TOKEN,
}).then((fake) => process.send?.({ url: fake.url }));
