import { startHub, type Hub } from '../helpers/hub';
import { stableId } from '../../seeds/ids';
import { bearer } from '../helpers/auth';

let admin: Record<string, string>;
// Reads need no token; the fixtures this file writes need an admin's.
const adminQuery = (query: string, variables?: Record<string, unknown>) => hub.query(query, variables, admin);

let hub: Hub;
const CAMPUS_PLACE = stableId('place', 'tiers-lieu:campus-numerique-47');
const CAMPUS = stableId('organization', 'campus-numerique-47');

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** A session at the Campus numérique, so the test holds whatever the date (seeded sessions end in March 2027). */
async function createCampusSession(days: number, capacity = 8): Promise<string> {
  const offers = await adminQuery(
    `query($id: ID!) { trainingOffers(filter: { providerIds: [$id], formats: [ON_SITE] }, first: 1) { edges { node { id } } } }`,
    { id: CAMPUS },
  );
  const res = await adminQuery(
    `mutation($input: TrainingSessionInput!) { createTrainingSession(input: $input) { id } }`,
    {
      input: {
        offerId: offers.data.trainingOffers.edges[0].node.id,
        startsAt: inDays(days),
        endsAt: inDays(days + 0.1),
        placeId: CAMPUS_PLACE,
        inseeCode: '47001',
        latitude: 44.2,
        longitude: 0.62,
        trainerId: stableId('person', 'conseiller-01'),
        capacity,
      },
    },
  );
  expect(res.errors).toBeUndefined();
  return res.data.createTrainingSession.id;
}

beforeAll(async () => {
  process.env.MAX_PAGE_SIZE = '1000';
  admin = await bearer('admin');
  hub = await startHub();
  for (const days of [0.5, 0.6, 0.7]) await createCampusSession(days);
  // Starting every subgraph with its seeds is slow on a loaded 2-core machine.
}, 180_000);

afterAll(async () => {
  delete process.env.MAX_PAGE_SIZE;
  await hub?.stop();
});

const trainingFetches = () => hub.gateway.metrics.snapshot().subgraphFetches.training ?? 0;
const trainingStatements = () => hub.subgraphs.training.server.metrics.sqlStatements;

describe('training through the gateway', () => {
  it('returns a place with its upcoming sessions, their offer, trainer and place in one query', async () => {
    const res = await adminQuery(
      `query($id: ID!) { place(id: $id) { name upcomingSessions(first: 3) { startsAt seatsLeft
         offer { title provider { name } } trainer { id } place { id name commune { name } } } } }`,
      { id: CAMPUS_PLACE },
    );
    expect(res.errors).toBeUndefined();
    const { place } = res.data;
    expect(place.name).toBe('Campus numérique 47');
    expect(place.upcomingSessions).toHaveLength(3);
    for (const session of place.upcomingSessions) {
      expect(new Date(session.startsAt).getTime()).toBeGreaterThan(Date.now());
      expect(session.seatsLeft).toBeGreaterThanOrEqual(0);
      expect(session.offer.provider.name).toBeTruthy();
      // Only the key until the people subgraph joins the supergraph.
      expect(session.trainer.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(session.place).toMatchObject({
        id: CAMPUS_PLACE,
        name: 'Campus numérique 47',
        commune: { name: 'Agen' },
      });
    }
  });

  it('runs as many training statements for 100 places as for 10', async () => {
    const count = async (first: number) => {
      const before = trainingStatements();
      const res = await adminQuery(
        `{ places(first: ${first}) { edges { node { upcomingSessions(first: 3) { startsAt } } } } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.places.edges).toHaveLength(first);
      return trainingStatements() - before;
    };
    const small = await count(10);
    const large = await count(100);
    expect(large).toBe(small);
    expect(small).toBe(1);
  });

  it('lists an organization’s offers with names from places', async () => {
    const res = await adminQuery(
      `query($id: ID!) { organization(id: $id) { name offers { title provider { name } sessions(first: 1) { startsAt } } } }`,
      { id: CAMPUS },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.organization.offers.map((o: any) => o.title)).toContain(
      'Initiation au numérique pour les seniors',
    );
    for (const offer of res.data.organization.offers) expect(offer.provider.name).toBe('Campus numérique 47');
  });

  it('adds training columns to the FNE table, one aggregate per batch of territories', async () => {
    const fetches = trainingFetches();
    const statements = trainingStatements();
    const res = await adminQuery(
      `{ departement(code: "47") { trainingStats(from: "2026-01-01", to: "2026-06-30") { sessionsHeld registrations attendanceRate }
         epcis { name trainingStats(from: "2026-01-01", to: "2026-06-30") { sessionsHeld seatsOffered registrations attendees attendanceRate byFormat { format sessionsHeld } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(trainingFetches() - fetches).toBe(2);
    expect(trainingStatements() - statements).toBe(2);
    const { departement } = res.data;
    const sum = departement.epcis.reduce((acc: number, e: any) => acc + e.trainingStats.sessionsHeld, 0);
    expect(departement.trainingStats.sessionsHeld).toBeGreaterThan(0);
    expect(sum).toBe(departement.trainingStats.sessionsHeld);
  });

  it('refuses a full registration through the gateway with a clear code', async () => {
    const id = await createCampusSession(3, 1);
    await adminQuery(
      'mutation($id: ID!) { registerForTrainingSession(sessionId: $id, participantRef: "anon-e2e-0") { id } }',
      {
        id,
      },
    );
    const res = await adminQuery(
      'mutation($id: ID!) { registerForTrainingSession(sessionId: $id, participantRef: "anon-e2e-1") { id } }',
      {
        id,
      },
    );
    expect(res.errors?.[0].extensions?.code).toBe('SESSION_FULL');
  });
});
