import { Place } from '../../../subgraphs/places/place/place.entity';
import { scheduleCatalogue } from '../../../subgraphs/places/place/search/schedules';
import { isOpenAt } from '../../../subgraphs/shared/opening-hours';
import { readOnlyMapper } from '../../../subgraphs/shared/read-only';
import { subgraphs } from '../../../subgraphs/registry';
import { bearer } from '../../helpers/auth';
import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';

let places: RunningSubgraph;

beforeAll(async () => {
  process.env.MAX_PAGE_SIZE = '1000';
  places = await startSubgraph(subgraphs.find((s) => s.definition.name === 'places')!);
});

afterAll(async () => {
  delete process.env.MAX_PAGE_SIZE;
  await places?.server.stop();
  await places?.db.close();
});

describe('read-only pages of places', () => {
  it('map every column of every seeded place as the ORM does', async () => {
    const em = places.db.orm.em.fork();
    const rows = await em.getConnection().execute<Record<string, unknown>[]>('select * from place');
    expect(rows.length).toBeGreaterThan(400);
    const mapper = readOnlyMapper(em, Place);
    const props = em
      .getMetadata()
      .get(Place.name)
      .props.filter((p) => p.persist !== false);
    for (const row of rows) {
      const managed = em.fork().map(Place, { ...row }) as unknown as Record<string, unknown>;
      const readOnly = mapper.map({ ...row }) as unknown as Record<string, unknown>;
      for (const prop of props)
        expect([prop.name, readOnly[prop.name]]).toEqual([prop.name, managed[prop.name]]);
    }
  });

  it('answer a search with the same fields whether the page selects a few columns or all of them', async () => {
    const few = '{ places(first: 1000) { edges { node { id name kind latitude longitude } } } }';
    const all =
      '{ places(first: 1000) { edges { node { id name kind latitude longitude standardRecord commune { name } openNow freshness } } } }';
    const [a, b] = [await graphql(places.server.http, few), await graphql(places.server.http, all)];
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const pick = (n: any) => ({
      id: n.id,
      name: n.name,
      kind: n.kind,
      latitude: n.latitude,
      longitude: n.longitude,
    });
    expect(a.data.places.edges.map((e: any) => pick(e.node))).toEqual(
      b.data.places.edges.map((e: any) => pick(e.node)),
    );
    expect(b.data.places.edges.every((e: any) => e.node.standardRecord && e.node.freshness)).toBe(true);
  });

  it('give field resolvers the columns they need (commune, organization, opening hours, freshness)', async () => {
    const res = await graphql(
      places.server.http,
      '{ places(first: 50, filter: { near: { latitude: 44.2028, longitude: 0.6257, radiusKm: 30 } }) { edges { distanceMeters node { id commune { inseeCode } organization { id } openNow isOpenAt(at: "2026-11-24T09:30:00Z") freshness } } } }',
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.places.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(50);
    expect(nodes.every((n: any) => n.commune?.inseeCode && n.freshness)).toBe(true);
    expect(res.data.places.edges.every((e: any) => e.distanceMeters >= 0)).toBe(true);
    expect(nodes.some((n: any) => n.organization?.id)).toBe(true);
    expect(nodes.some((n: any) => n.isOpenAt === true)).toBe(true);
  });
});

const NEAR = { latitude: 44.2028, longitude: 0.6257, radiusKm: 25 };
const TUESDAY_MORNING = '2026-11-24T09:30:00Z';

/** Every page of a search, walked with cursors; `totalCount` off, so the nearest-first walk answers. */
async function walk(filter: Record<string, unknown>, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: any = await graphql(
      places.server.http,
      'query($f: PlaceFilter, $first: Int, $after: String) { places(filter: $f, first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      { f: filter, first, after },
    );
    expect(res.errors).toBeUndefined();
    ids.push(...res.data.places.edges.map((e: any) => e.node.id));
    if (!res.data.places.pageInfo.hasNextPage) return ids;
    after = res.data.places.pageInfo.endCursor;
  }
}

/** The same search in one page with `totalCount`, which sorts every match by distance in SQL. */
async function allAtOnce(filter: Record<string, unknown>): Promise<string[]> {
  const res = await graphql(
    places.server.http,
    'query($f: PlaceFilter) { places(filter: $f, first: 1000) { totalCount edges { distanceMeters node { id } } } }',
    { f: filter },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.places.totalCount).toBe(res.data.places.edges.length);
  return res.data.places.edges.map((e: any) => e.node.id);
}

describe('nearest-first searches', () => {
  beforeAll(async () => {
    // Five places at one spot: equal distances, ordered by id, must never be split or skipped across pages.
    const admin = await bearer('admin');
    const orgs = await graphql(places.server.http, '{ organizations(first: 1) { edges { node { id } } } }');
    const organizationId = orgs.data.organizations.edges[0].node.id;
    for (let i = 0; i < 5; i++) {
      const res = await graphql(
        places.server.http,
        'mutation($input: PlaceInput!) { createPlace(input: $input) { id } }',
        {
          input: {
            organizationId,
            name: `Permanence du marché ${i}`,
            address: '1 place du Marché',
            postalCode: '47000',
            inseeCode: '47001',
            latitude: 44.2031,
            longitude: 0.6251,
            typologies: ['EPN'],
            openingHours: 'Mo-Sa 08:00-19:00',
          },
        },
        admin,
      );
      expect(res.errors).toBeUndefined();
    }
  });

  it.each([1, 2, 7, 50])('walks the same places in the same order, %i at a time', async (first) => {
    const expected = await allAtOnce({ near: NEAR });
    expect(expected.length).toBeGreaterThan(50);
    expect(await walk({ near: NEAR }, first)).toEqual(expected);
  });

  it.each([1, 3, 20])(
    'walks the places open at an instant in the same order, %i at a time',
    async (first) => {
      const filter = { near: NEAR, openAt: TUESDAY_MORNING };
      const expected = await allAtOnce(filter);
      expect(expected.length).toBeGreaterThan(20);
      expect(await walk(filter, first)).toEqual(expected);
    },
  );

  /**
   * The places open at `at` within the radius, nearest first, as SQL and the schedule evaluator find them one by
   * one: what the walk must answer whatever search/schedules.ts has learnt.
   */
  async function openByBruteForce(at: string, radiusKm = NEAR.radiusKm): Promise<string[]> {
    const rows: { id: string; opening_hours: string }[] = await places.db.orm.em.getConnection().execute(
      `select id, opening_hours, d from (
         select id, opening_hours, 2 * 6371008.8 * asin(sqrt(power(sin(radians(latitude - ?) / 2), 2)
           + cos(radians(?)) * cos(radians(latitude)) * power(sin(radians(longitude - ?) / 2), 2))) as d
         from place where latitude is not null and longitude is not null and opening_hours is not null) x
       where d <= ? order by d, id`,
      [NEAR.latitude, NEAR.latitude, NEAR.longitude, radiusKm * 1000],
    );
    return rows.filter((r) => isOpenAt(r.opening_hours, new Date(at)) === true).map((r) => r.id);
  }

  // Tuesday at noon, 12:30 and 18:45, Sunday morning (Paris): most, some, few and no places open.
  const INSTANTS = [
    '2026-11-24T11:00:00Z',
    '2026-11-24T11:30:00Z',
    '2026-11-24T17:45:00Z',
    '2026-11-29T09:00:00Z',
  ];

  it('finds the places open at an instant as a brute force does, the schedules unknown, then learnt', async () => {
    for (const round of ['unknown', 'learnt']) {
      for (const at of INSTANTS) {
        const expected = await openByBruteForce(at);
        const filter = { near: NEAR, openAt: at };
        expect([round, at, await walk(filter, 7)]).toEqual([round, at, expected]);
        expect([round, at, await allAtOnce(filter)]).toEqual([round, at, expected]);
      }
    }
    // The second round left out places in SQL: the catalogue knew schedules closed at those instants.
    const catalogue = scheduleCatalogue(places.db.orm.em);
    expect(catalogue.closedAt(new Date(INSTANTS[3])).length).toBeGreaterThan(0);
  });

  it('finds a schedule written after the others were learnt, and leaves out a place whose schedule closed', async () => {
    const at = INSTANTS[1];
    const admin = await bearer('admin');
    const before = await openByBruteForce(at);
    expect(await walk({ near: NEAR, openAt: at }, 20)).toEqual(before);
    const orgs = await graphql(places.server.http, '{ organizations(first: 1) { edges { node { id } } } }');
    const created = await graphql(
      places.server.http,
      'mutation($input: PlaceInput!) { createPlace(input: $input) { id } }',
      {
        input: {
          organizationId: orgs.data.organizations.edges[0].node.id,
          name: 'Permanence du mardi midi',
          address: '2 place du Marché',
          postalCode: '47000',
          inseeCode: '47001',
          latitude: 44.2033,
          longitude: 0.6252,
          openingHours: 'Tu 12:15-12:45',
        },
      },
      admin,
    );
    expect(created.errors).toBeUndefined();
    // An open place's schedule becomes one the catalogue knows closed at that instant.
    const [closing] = before;
    const updated = await graphql(
      places.server.http,
      'mutation($id: ID!, $input: PlaceInput!) { updatePlace(id: $id, input: $input) { id } }',
      { id: closing, input: { openingHours: 'Sa 09:00-12:00' } },
      admin,
    );
    expect(updated.errors).toBeUndefined();
    const after = await openByBruteForce(at);
    expect(after).toContain(created.data.createPlace.id);
    expect(after).not.toContain(closing);
    expect(await walk({ near: NEAR, openAt: at }, 20)).toEqual(after);
    expect(await allAtOnce({ near: NEAR, openAt: at })).toEqual(after);
  });

  it('ends a walk at the radius when no place within it matches, reading no further than past it', async () => {
    // Every schedule learnt, so that SQL leaves out every place (none is open then).
    await walk({ near: { ...NEAR, radiusKm: 100 }, openAt: INSTANTS[3] }, 20);
    expect(scheduleCatalogue(places.db.orm.em).closedAt(new Date(INSTANTS[3])).length).toBeGreaterThan(0);
    const walks: { query: string; params: unknown[] }[] = [];
    const logger = places.db.orm.config.getLogger();
    const log = logger.logQuery;
    logger.logQuery = (context) => {
      if (context.query?.includes('<->')) walks.push({ query: context.query, params: context.params ?? [] });
      log.call(logger, context);
    };
    const radiusKm = 2;
    try {
      // No place is open on Sunday morning, within 2 km of Agen or anywhere else.
      expect(await openByBruteForce(INSTANTS[3], 100)).toEqual([]);
      expect(await walk({ near: { ...NEAR, radiusKm }, openAt: INSTANTS[3] }, 20)).toEqual([]);
    } finally {
      logger.logQuery = log;
    }
    expect(walks).toHaveLength(1);
    const connection = places.db.orm.em.getConnection();
    const [plan] = await connection.execute<{ 'QUERY PLAN': any }[]>(
      `explain (analyze, format json) ${walks[0].query}`,
      walks[0].params,
    );
    const scan = JSON.parse(JSON.stringify(plan['QUERY PLAN']))[0].Plan.Plans[0];
    expect(scan['Index Name']).toBe('place_earth_index');
    const examined = scan['Actual Rows'] + (scan['Rows Removed by Filter'] ?? 0);
    const [{ within, located }] = await connection.execute<{ within: number; located: number }[]>(
      `select count(*) filter (where 2 * 6371008.8 * asin(sqrt(power(sin(radians(latitude - ?) / 2), 2)
         + cos(radians(?)) * cos(radians(latitude)) * power(sin(radians(longitude - ?) / 2), 2))) <= ?)::int as within,
         count(*)::int as located
       from place where latitude is not null and longitude is not null`,
      [NEAR.latitude, NEAR.latitude, NEAR.longitude, radiusKm * 1000],
    );
    // The places within the radius, then at most one chunk (42 rows for a page of 20) past it; not the table.
    expect(located).toBeGreaterThan(within + 200);
    expect(examined).toBeLessThanOrEqual(within + 42);
  });

  it('stops at the radius and combines with other filters', async () => {
    const filter = { near: { ...NEAR, radiusKm: 3 }, typologies: ['EPN'] };
    const expected = await allAtOnce(filter);
    expect(await walk(filter, 4)).toEqual(expected);
    const res = await graphql(
      places.server.http,
      'query($f: PlaceFilter) { places(filter: $f, first: 100) { edges { distanceMeters node { typologies } } } }',
      { f: filter },
    );
    const edges = res.data.places.edges;
    expect(edges.every((e: any) => e.distanceMeters <= 3000 && e.node.typologies.includes('EPN'))).toBe(true);
  });
});
