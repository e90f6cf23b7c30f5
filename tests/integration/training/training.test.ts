import { bearer } from '../../helpers/auth';
import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';
import { subgraphs } from '../../../subgraphs/registry';
import { seedPlaces } from '../../../seeds/catalog';
import { conseillerId, seedTraining } from '../../../seeds/catalog/training';
import { stableId } from '../../../seeds/ids';

let training: RunningSubgraph;
let admin: Record<string, string>;
const q = (query: string, variables?: Record<string, unknown>) =>
  graphql(training.server.http, query, variables, admin);
const sql = <T>(text: string, params: unknown[] = []) =>
  training.db.orm.em.fork().getConnection().execute<T>(text, params);
const entities = (selection: string, representations: Record<string, unknown>[]) =>
  q(`query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, { r: representations });
const statementsOf = async (run: () => Promise<unknown>) => {
  const before = training.server.metrics.sqlStatements;
  await run();
  return training.server.metrics.sqlStatements - before;
};

const CAMPUS_PLACE = stableId('place', 'tiers-lieu:campus-numerique-47');
const CAMPUS = stableId('organization', 'campus-numerique-47');
const AGEN = { latitude: 44.2028, longitude: 0.6257 };

beforeAll(async () => {
  process.env.MAX_PAGE_SIZE = '1000';
  admin = await bearer('admin');
  training = await startSubgraph(subgraphs.find((s) => s.definition.name === 'training')!);
  // Upcoming sessions at the Campus whatever the date (the seeded ones end in March 2027).
  const [seniors] = seedTraining().offers.filter((o) => o.providerId === CAMPUS);
  for (const days of [0.5, 0.6, 0.7]) {
    const startsAt = new Date(Date.now() + days * 86_400_000);
    const res = await q(
      'mutation($input: TrainingSessionInput!) { createTrainingSession(input: $input) { id } }',
      {
        input: {
          offerId: seniors.id,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
          placeId: CAMPUS_PLACE,
          inseeCode: '47001',
          latitude: 44.2,
          longitude: 0.62,
          capacity: 8,
        },
      },
    );
    expect(res.errors).toBeUndefined();
  }
}, 120_000);

afterAll(async () => {
  delete process.env.MAX_PAGE_SIZE;
  await training?.server.stop();
  await training?.db.close();
});

describe('training subgraph: lookups', () => {
  it('returns null for an unknown or malformed offer or session id', async () => {
    const res = await q(
      '{ a: trainingOffer(id: "00000000-0000-4000-8000-000000000000") { id } b: trainingOffer(id: "nope") { id } c: trainingSession(id: "nope") { id } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null, c: null });
  });

  it('resolves its own entities by reference, null for an unknown key', async () => {
    const [session] = seedTraining().sessions;
    const res = await entities('... on TrainingSession { id capacity offer { title } }', [
      { __typename: 'TrainingSession', id: session.id },
      { __typename: 'TrainingSession', id: '00000000-0000-4000-8000-000000000000' },
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0]).toMatchObject({ id: session.id, capacity: session.capacity });
    expect(res.data._entities[1]).toBeNull();
  });
});

describe('training subgraph: offers', () => {
  it('finds the Jeudis de l’inclusion numérique without accents, with their podcasts', async () => {
    const res = await q(
      '{ trainingOffers(filter: { text: "jeudis inclusion numerique" }, first: 100) { totalCount edges { node { title format programme priceCents } } } }',
    );
    expect(res.errors).toBeUndefined();
    const offers = res.data.trainingOffers.edges.map((e: any) => e.node);
    expect(offers.length).toBeGreaterThanOrEqual(12);
    expect(offers.every((o: any) => o.programme === "Les Jeudis de l'inclusion numérique")).toBe(true);
    expect(offers.some((o: any) => o.format === 'PODCAST')).toBe(true);
    expect(offers.every((o: any) => o.priceCents === 0)).toBe(true);
  });

  it('filters by theme, level, format, provider and Pass numérique, ordered by title', async () => {
    const res = await q(
      `query($provider: ID!) { trainingOffers(filter: { themes: [EMAIL], levels: [BEGINNER], formats: [ON_SITE], providerIds: [$provider], passNumeriqueEligible: true }) { totalCount edges { node { title themes level format passNumeriqueEligible provider { id } } } } }`,
      { provider: CAMPUS },
    );
    expect(res.errors).toBeUndefined();
    const offers = res.data.trainingOffers.edges.map((e: any) => e.node);
    expect(offers.map((o: any) => o.title)).toContain('Initiation au numérique pour les seniors');
    for (const o of offers) {
      expect(o).toMatchObject({
        level: 'BEGINNER',
        format: 'ON_SITE',
        passNumeriqueEligible: true,
        provider: { id: CAMPUS },
      });
      expect(o.themes).toContain('EMAIL');
    }
  });

  it('pages through offers by title without gaps or repeats', async () => {
    const all = await q('{ trainingOffers(first: 1000) { totalCount edges { node { id title } } } }');
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await q(
        'query($after: String) { trainingOffers(first: 20, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      ids.push(...page.data.trainingOffers.edges.map((e: any) => e.node.id));
      after = page.data.trainingOffers.pageInfo.hasNextPage
        ? page.data.trainingOffers.pageInfo.endCursor
        : null;
    } while (after);
    expect(ids).toEqual(all.data.trainingOffers.edges.map((e: any) => e.node.id));
    expect(ids).toHaveLength(seedTraining().offers.length);
    const titles = all.data.trainingOffers.edges.map((e: any) => e.node.title);
    expect([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(titles);
  });
});

describe('training subgraph: sessions', () => {
  it('lists sessions of a period by start time and pages without repeats', async () => {
    const filter = { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };
    const all = await q(
      'query($f: TrainingSessionFilter) { trainingSessions(filter: $f, first: 1000) { totalCount edges { node { id startsAt } } } }',
      { f: filter },
    );
    expect(all.errors).toBeUndefined();
    const starts = all.data.trainingSessions.edges.map((e: any) => e.node.startsAt);
    expect(starts.length).toBe(all.data.trainingSessions.totalCount);
    expect(starts.every((s: string) => s >= filter.from && s < filter.to)).toBe(true);
    expect([...starts].sort()).toEqual(starts);
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await q(
        'query($f: TrainingSessionFilter, $after: String) { trainingSessions(filter: $f, first: 37, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { f: filter, after },
      );
      ids.push(...page.data.trainingSessions.edges.map((e: any) => e.node.id));
      after = page.data.trainingSessions.pageInfo.hasNextPage
        ? page.data.trainingSessions.pageInfo.endCursor
        : null;
    } while (after);
    expect(ids).toEqual(all.data.trainingSessions.edges.map((e: any) => e.node.id));
  });

  it('filters by place, commune and EPCI from the copies taken at creation; online sessions have none', async () => {
    const byPlace = await q(
      `{ trainingSessions(filter: { placeIds: ["${CAMPUS_PLACE}"] }, first: 5) { totalCount edges { node { place { id } commune { inseeCode } inseeCode onlineUrl } } } }`,
    );
    expect(byPlace.data.trainingSessions.totalCount).toBeGreaterThan(50);
    for (const { node } of byPlace.data.trainingSessions.edges)
      expect(node).toMatchObject({
        place: { id: CAMPUS_PLACE },
        commune: { inseeCode: '47001' },
        inseeCode: '47001',
      });

    const agen = await q(
      '{ trainingSessions(filter: { inseeCodes: ["47001"] }, first: 1000) { totalCount edges { node { inseeCode } } } }',
    );
    const [{ n }] = await sql<{ n: string }[]>(
      "select count(*) as n from training_session where insee_code = '47001'",
    );
    expect(agen.data.trainingSessions.totalCount).toBe(Number(n));

    // Agglomération d'Agen: 47001 is one of its communes.
    const epci = await q(
      '{ trainingSessions(filter: { epciSirens: ["200096956"] }, first: 1000) { totalCount edges { node { inseeCode } } } }',
    );
    expect(epci.errors).toBeUndefined();
    expect(epci.data.trainingSessions.totalCount).toBeGreaterThanOrEqual(Number(n));

    const online = await q(
      '{ trainingSessions(filter: { formats: [REMOTE] }, first: 10) { totalCount edges { node { place { id } commune { inseeCode } onlineUrl latitude } } } }',
    );
    expect(online.data.trainingSessions.totalCount).toBeGreaterThan(50);
    for (const { node } of online.data.trainingSessions.edges)
      expect(node).toMatchObject({
        place: null,
        commune: null,
        latitude: null,
        onlineUrl: expect.stringMatching(/^https:/),
      });
  });

  it('finds sessions near a point, all within the radius', async () => {
    const res = await q(
      'query($near: NearInput!) { trainingSessions(filter: { near: $near }, first: 1000) { totalCount edges { node { latitude longitude } } } }',
      { near: { ...AGEN, radiusKm: 5 } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.trainingSessions.totalCount).toBeGreaterThan(0);
    for (const { node } of res.data.trainingSessions.edges) {
      const dLat = ((node.latitude - AGEN.latitude) * Math.PI) / 180;
      const dLon = ((node.longitude - AGEN.longitude) * Math.PI) / 180;
      const a =
        Math.sin(dLat / 2) ** 2 +
        Math.cos((AGEN.latitude * Math.PI) / 180) *
          Math.cos((node.latitude * Math.PI) / 180) *
          Math.sin(dLon / 2) ** 2;
      expect(2 * 6371.0088 * Math.asin(Math.sqrt(a))).toBeLessThanOrEqual(5.0001);
    }
  });

  it('filters on seats left and on Pass numérique eligibility', async () => {
    const full = await q(
      '{ trainingSessions(filter: { hasSeats: false }, first: 50) { totalCount edges { node { seatsLeft capacity registrationsCount } } } }',
    );
    expect(full.data.trainingSessions.totalCount).toBeGreaterThan(0);
    for (const { node } of full.data.trainingSessions.edges) expect(node.seatsLeft).toBe(0);
    const open = await q(
      '{ trainingSessions(filter: { hasSeats: true, passNumeriqueEligible: true }, first: 50) { edges { node { seatsLeft offer { passNumeriqueEligible } } } } }',
    );
    for (const { node } of open.data.trainingSessions.edges) {
      expect(node.seatsLeft).toBeGreaterThan(0);
      expect(node.offer.passNumeriqueEligible).toBe(true);
    }
  });

  it.each([
    [
      'an unknown commune',
      '{ trainingSessions(filter: { inseeCodes: ["75056"] }) { totalCount } }',
      'filter.inseeCodes',
    ],
    [
      'an unknown EPCI',
      '{ trainingSessions(filter: { epciSirens: ["123456789"] }) { totalCount } }',
      'filter.epciSirens',
    ],
    [
      'a radius of 500 km',
      '{ trainingSessions(filter: { near: { latitude: 44.2, longitude: 0.6, radiusKm: 500 } }) { totalCount } }',
      'filter.near.radiusKm',
    ],
    [
      'a period ending before it starts',
      '{ trainingSessions(filter: { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { totalCount } }',
      'filter.to',
    ],
    [
      'a malformed place id',
      '{ trainingSessions(filter: { placeIds: ["x"] }) { totalCount } }',
      'filter.placeIds',
    ],
    ['a page over the maximum', '{ trainingSessions(first: 5000) { totalCount } }', 'first'],
    ['a bad cursor', '{ trainingSessions(after: "bm9wZQ") { totalCount } }', 'after'],
  ])('answers %s with BAD_USER_INPUT naming the field', async (_label, query, field) => {
    const res = await q(query);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
  });
});

describe('training subgraph: fields on other subgraphs’ entities', () => {
  const places = seedPlaces();

  it('gives each place its first upcoming sessions in one statement, whatever the number of places', async () => {
    const selection = '... on Place { id upcomingSessions(first: 3) { startsAt place { id } } }';
    const reps = (n: number) => places.slice(0, n).map((p) => ({ __typename: 'Place', id: p.id }));
    let res: any;
    const few = await statementsOf(async () => (res = await entities(selection, reps(10))));
    expect(res.errors).toBeUndefined();
    const many = await statementsOf(
      async () =>
        (res = await entities(selection, [...reps(400), { __typename: 'Place', id: CAMPUS_PLACE }])),
    );
    expect(res.errors).toBeUndefined();
    expect(few).toBe(1);
    expect(many).toBe(1);
    const campus = res.data._entities.at(-1);
    expect(campus.upcomingSessions).toHaveLength(3);
    const now = new Date().toISOString();
    for (const s of campus.upcomingSessions) {
      expect(s.startsAt >= now).toBe(true);
      expect(s.place.id).toBe(CAMPUS_PLACE);
    }
    const starts = campus.upcomingSessions.map((s: any) => s.startsAt);
    expect([...starts].sort()).toEqual(starts);
  });

  it('does not grow with `first` either', async () => {
    const selection = (first: number) =>
      `... on Place { upcomingSessions(first: ${first}) { startsAt offer { title } } }`;
    const reps = places.slice(0, 100).map((p) => ({ __typename: 'Place', id: p.id }));
    const small = await statementsOf(() => entities(selection(1), reps));
    const large = await statementsOf(() => entities(selection(100), reps));
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(2);
  });

  it('lists the sessions a conseiller leads and the offers of an organization, batched', async () => {
    const trainers = Array.from({ length: 39 }, (_, i) => ({
      __typename: 'Person',
      id: conseillerId(i + 1),
    }));
    let res: any;
    const statements = await statementsOf(
      async () =>
        (res = await entities(
          '... on Person { id sessionsLed(first: 5, upcoming: false) { trainer { id } startsAt } }',
          trainers,
        )),
    );
    expect(res.errors).toBeUndefined();
    expect(statements).toBe(1);
    const led = res.data._entities.flatMap((p: any) => p.sessionsLed.map((s: any) => [p.id, s.trainer.id]));
    expect(led.length).toBeGreaterThan(39);
    for (const [person, trainer] of led) expect(trainer).toBe(person);

    const orgs = await entities('... on Organization { id offers { title provider { id } } }', [
      { __typename: 'Organization', id: CAMPUS },
      { __typename: 'Organization', id: stableId('organization', 'asso:le-wez') },
    ]);
    expect(orgs.errors).toBeUndefined();
    expect(orgs.data._entities[0].offers.map((o: any) => o.title)).toContain(
      'Initiation au numérique pour les seniors',
    );
    expect(orgs.data._entities[1].offers.length).toBeGreaterThanOrEqual(2);
  });
});

describe('training subgraph: territory indicators', () => {
  const period = 'from: "2026-01-01", to: "2026-06-30"';

  it('computes trainingStats for communes, EPCIs and the département in one aggregate, matching direct SQL', async () => {
    const reps = [
      { __typename: 'Commune', inseeCode: '47001' },
      { __typename: 'Commune', inseeCode: '47157' },
      { __typename: 'Epci', siren: '200096956' },
      { __typename: 'Departement', code: '47' },
    ];
    const fields = `trainingStats(${period}) { sessionsHeld seatsOffered registrations attendees attendanceRate byFormat { format sessionsHeld } }`;
    let res: any;
    const statements = await statementsOf(
      async () =>
        (res = await entities(
          `... on Commune { ${fields} } ... on Epci { ${fields} } ... on Departement { ${fields} }`,
          reps,
        )),
    );
    expect(res.errors).toBeUndefined();
    expect(statements).toBe(1);
    const direct = async (where: string) =>
      (
        await sql<{ sessions: string; seats: string; regs: string; attended: string; recorded: string }[]>(
          `select count(distinct s.id) as sessions, coalesce(sum(s.capacity) filter (where r.rn = 1 or r.rn is null), 0) as seats,
             count(r.id) filter (where r.status = 'REGISTERED') as regs,
             count(r.id) filter (where r.status = 'REGISTERED' and r.attended) as attended,
             count(r.id) filter (where r.status = 'REGISTERED' and r.attended is not null) as recorded
           from training_session s
           left join (select *, row_number() over (partition by session_id order by id) as rn from registration) r on r.session_id = s.id
           where ${where} and (s.starts_at at time zone 'Europe/Paris')::date between '2026-01-01' and '2026-06-30' and s.starts_at < now()`,
        )
      )[0];
    const checks: [any, string][] = [
      [res.data._entities[0].trainingStats, "s.insee_code = '47001'"],
      [res.data._entities[1].trainingStats, "s.insee_code = '47157'"],
      [res.data._entities[3].trainingStats, "s.insee_code like '47%'"],
    ];
    for (const [stats, where] of checks) {
      const d = await direct(where);
      expect(stats).toMatchObject({
        sessionsHeld: Number(d.sessions),
        seatsOffered: Number(d.seats),
        registrations: Number(d.regs),
        attendees: Number(d.attended),
      });
      expect(stats.attendanceRate).toBeCloseTo(Number(d.attended) / Number(d.recorded), 10);
      expect(stats.byFormat.reduce((a: number, f: any) => a + f.sessionsHeld, 0)).toBe(stats.sessionsHeld);
    }
    expect(res.data._entities[0].trainingStats.sessionsHeld).toBeGreaterThan(0);
    expect(res.data._entities[2].trainingStats.sessionsHeld).toBeGreaterThanOrEqual(
      res.data._entities[0].trainingStats.sessionsHeld,
    );
  });

  it('answers an inverted period with BAD_USER_INPUT', async () => {
    const res = await entities(
      '... on Commune { trainingStats(from: "2026-06-30", to: "2026-01-01") { sessionsHeld } }',
      [{ __typename: 'Commune', inseeCode: '47001' }],
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
