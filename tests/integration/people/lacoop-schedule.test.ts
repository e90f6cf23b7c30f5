import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startLacoopSchedule } from '../../../subgraphs/people/lacoop/schedule';
import { peopleSubgraph } from '../../../subgraphs/people';
import type { Database } from '../../../subgraphs/shared/orm';
import { openTestDatabase } from '../../helpers/database';
import { startFakeLacoop, type FakeLacoop } from '../../helpers/lacoop-fake/server';

let db: Database;
let fake: FakeLacoop;

beforeAll(async () => {
  db = await openTestDatabase(peopleSubgraph);
  fake = await startFakeLacoop({ activities: 60, seed: 'schedule', token: 'id:secret' });
});

afterAll(async () => {
  await fake?.stop();
  await db?.close();
});

const imported = async () =>
  Number(
    (
      (
        (await (db.orm.em.fork() as EntityManager).execute(
          `select count(*) as n from activity where source = 'lacoop'`,
        )) as unknown[]
      ).flat()[0] as { n: string }
    ).n,
  );

describe('the scheduled La Coop sync', () => {
  it('is off by default', () => {
    const stop = startLacoopSchedule(db.orm, { LACOOP_API_URL: fake.url, LACOOP_API_TOKEN: 'id:secret' });
    stop();
    expect(fake.requests).toEqual([]);
  });

  it('refuses an interval without an API URL', () => {
    expect(() => startLacoopSchedule(db.orm, { LACOOP_SYNC_INTERVAL_MINUTES: '5' })).toThrow(
      /LACOOP_API_URL/,
    );
  });

  it('runs the sync on its interval, then stops', async () => {
    const env = {
      LACOOP_SYNC_INTERVAL_MINUTES: '1',
      LACOOP_API_URL: fake.url,
      LACOOP_API_TOKEN: 'id:secret',
    };
    const stop = startLacoopSchedule(db.orm, env, 300);
    try {
      const deadline = Date.now() + 30_000;
      while ((await imported()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await imported()).toBeGreaterThan(50);
    } finally {
      stop();
    }
    // A run in flight may finish; after it, nothing more is asked.
    await new Promise((r) => setTimeout(r, 1500));
    const served = fake.requests.length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.requests.length).toBe(served);
  });
});
