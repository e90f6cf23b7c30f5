import { bearer } from '../helpers/auth';
import { startHub, type Hub } from '../helpers/hub';

let hub: Hub;
let admin: Record<string, string>;
/** Host: runs a place. Guest: another organization with staff and on-site offers, not hosted there yet. */
let host: { id: string; place: string; person: string; headers: Record<string, string> };
let guest: { id: string; person: string; offer: string; headers: Record<string, string> };

const PERMANENCE = `mutation($input: PermanenceInput!) { createPermanence(input: $input) { id place { id } } }`;
const SESSION = `mutation($input: TrainingSessionInput!) { createTrainingSession(input: $input) { id } }`;
const HOSTS = `mutation($place: ID!, $orgs: [ID!]!) { setPlaceHosts(placeId: $place, organizationIds: $orgs) {
  id hostedOrganizations { id } } }`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const counts = async () => {
  const res = await hub.query(
    `query($place: ID!) { place(id: $place) { permanences { id } upcomingSessions(first: 100) { id } } }`,
    { place: host.place },
  );
  return [res.data.place.permanences.length, res.data.place.upcomingSessions.length];
};

beforeAll(async () => {
  hub = await startHub();
  admin = await bearer('admin');
  const res = await hub.query(
    `{ organizations(first: 100) { edges { node { id places { id } staff { id }
       offers { id format } } } } }`,
    undefined,
    admin,
  );
  const orgs = res.data.organizations.edges.map((e: any) => e.node);
  const h = orgs.find((o: any) => o.places.length && o.staff.length);
  const g = orgs.find(
    (o: any) => o.id !== h.id && o.staff.length && o.offers.some((f: any) => f.format === 'ON_SITE'),
  );
  host = { id: h.id, place: h.places[0].id, person: h.staff[0].id, headers: await bearer('partner', h.id) };
  guest = {
    id: g.id,
    person: g.staff[0].id,
    offer: g.offers.find((f: any) => f.format === 'ON_SITE').id,
    headers: await bearer('partner', g.id),
  };
});

afterAll(async () => {
  await hub?.stop();
});

const session = () => ({
  offerId: guest.offer,
  startsAt: inDays(30),
  endsAt: inDays(30.1),
  placeId: host.place,
  inseeCode: '47001',
  latitude: 44.2,
  longitude: 0.62,
  capacity: 5,
});

describe('the hosting rule', () => {
  it('refuses a partner’s permanence or session at another organization’s place, writing nothing', async () => {
    const before = await counts();
    const permanence = await hub.query(
      PERMANENCE,
      { input: { personId: guest.person, placeId: host.place, openingHours: 'Mo 09:00-12:00', note: 'Ici' } },
      guest.headers,
    );
    expect(permanence.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const training = await hub.query(SESSION, { input: session() }, guest.headers);
    expect(training.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('authorizes before validating: another organization’s staff is refused without saying what exists', async () => {
    const res = await hub.query(
      PERMANENCE,
      { input: { personId: host.person, placeId: host.place, openingHours: 'not hours' } },
      guest.headers,
    );
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0].message).not.toMatch(/permanence [0-9a-f-]{36}|opening/);
  });

  it('lets only the place’s owner (or an admin) manage its hosting list', async () => {
    const res = await hub.query(HOSTS, { place: host.place, orgs: [guest.id] }, guest.headers);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await hub.query(
      HOSTS,
      { place: '00000000-0000-4000-8000-000000000000', orgs: [] },
      guest.headers,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('accepts them once the place’s owner hosts the organization', async () => {
    const set = await hub.query(HOSTS, { place: host.place, orgs: [guest.id] }, host.headers);
    expect(set.errors).toBeUndefined();
    expect(set.data.setPlaceHosts.hostedOrganizations).toEqual([{ id: guest.id }]);
    const before = await counts();
    const permanence = await hub.query(
      PERMANENCE,
      { input: { personId: guest.person, placeId: host.place, openingHours: 'Mo 09:00-12:00' } },
      guest.headers,
    );
    expect(permanence.errors).toBeUndefined();
    const training = await hub.query(SESSION, { input: session() }, guest.headers);
    expect(training.errors).toBeUndefined();
    expect(await counts()).toEqual([before[0] + 1, before[1] + 1]);
    // Withdrawn: new ones are refused again.
    await hub.query(HOSTS, { place: host.place, orgs: [] }, host.headers);
    const again = await hub.query(SESSION, { input: session() }, guest.headers);
    expect(again.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
