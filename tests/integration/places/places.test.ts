import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';
import { subgraphs } from '../../../subgraphs/registry';
import { isOpenAt } from '../../../subgraphs/shared/opening-hours';

let places: RunningSubgraph;
const q = (query: string, variables?: Record<string, unknown>) =>
  graphql(places.server.http, query, variables);

beforeAll(async () => {
  process.env.MAX_PAGE_SIZE = '1000';
  places = await startSubgraph(subgraphs.find((s) => s.definition.name === 'places')!);
});

afterAll(async () => {
  delete process.env.MAX_PAGE_SIZE;
  await places?.server.stop();
  await places?.db.close();
});

const AGEN = { latitude: 44.2028, longitude: 0.6257 };

describe('places subgraph: territory', () => {
  it('holds the 319 communes of Lot-et-Garonne and its 12 EPCIs', async () => {
    const res = await q(
      '{ departement(code: "47") { name communes { inseeCode } epcis { siren name communes { inseeCode } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.departement.name).toBe('Lot-et-Garonne');
    expect(res.data.departement.communes).toHaveLength(319);
    expect(res.data.departement.epcis).toHaveLength(12);
    const inEpcis = res.data.departement.epcis.flatMap((e: any) => e.communes).length;
    expect(inEpcis).toBe(319);
  });

  it('returns null for unknown territory keys', async () => {
    const res = await q(
      '{ departement(code: "99") { name } epci(siren: "000000000") { name } commune(inseeCode: "75056") { name } }',
    );
    expect(res.data).toEqual({ departement: null, epci: null, commune: null });
  });

  it('finds communes accent-insensitively', async () => {
    const res = await q(
      '{ communes(text: "serignac") { totalCount edges { node { name inseeCode epci { name } } } } }',
    );
    expect(res.data.communes.edges.map((e: any) => e.node.name)).toContain('Sérignac-sur-Garonne');
  });
});

describe('places subgraph: lookups and search', () => {
  it('returns null for an unknown or malformed place id', async () => {
    const res = await q(
      '{ a: place(id: "00000000-0000-4000-8000-000000000000") { id } b: place(id: "nope") { id } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null });
  });

  it('searches free text without accents or case', async () => {
    const res = await q(
      '{ places(filter: { text: "co-clic-co serignac" }) { totalCount edges { node { name communeName kind } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.places.totalCount).toBeGreaterThanOrEqual(1);
    expect(res.data.places.edges[0].node.communeName).toMatch(/Sérignac/);
  });

  it('filters by typologie, Pass numérique and EPCI', async () => {
    const cms = await q(
      '{ places(filter: { typologies: [CMS] }, first: 100) { totalCount edges { node { typologies } } } }',
    );
    expect(cms.data.places.totalCount).toBeGreaterThanOrEqual(8);
    expect(cms.data.places.edges.every((e: any) => e.node.typologies.includes('CMS'))).toBe(true);

    const pass = await q(
      '{ places(filter: { acceptsPassNumerique: true }, first: 100) { totalCount edges { node { acceptsPassNumerique } } } }',
    );
    expect(pass.data.places.totalCount).toBeGreaterThan(0);
    expect(pass.data.places.edges.every((e: any) => e.node.acceptsPassNumerique)).toBe(true);

    const epci = await q(
      '{ places(filter: { epciSirens: ["200096956"] }, first: 1000) { totalCount edges { node { commune { epci { siren } } } } } }',
    );
    expect(epci.data.places.totalCount).toBeGreaterThan(44);
    expect(epci.data.places.edges.every((e: any) => e.node.commune.epci.siren === '200096956')).toBe(true);
  });

  it('keeps to a bounding box', async () => {
    const box = { south: 44.15, west: 0.55, north: 44.25, east: 0.7 };
    const res = await q(
      'query($b: BoundingBoxInput!) { places(filter: { bbox: $b }, first: 1000) { totalCount edges { node { latitude longitude } } } }',
      { b: box },
    );
    expect(res.data.places.totalCount).toBeGreaterThan(0);
    for (const { node } of res.data.places.edges) {
      expect(node.latitude).toBeGreaterThanOrEqual(box.south);
      expect(node.latitude).toBeLessThanOrEqual(box.north);
      expect(node.longitude).toBeGreaterThanOrEqual(box.west);
      expect(node.longitude).toBeLessThanOrEqual(box.east);
    }
  });

  it('orders places near a point by distance, within the radius', async () => {
    const res = await q(
      'query($n: NearInput!) { places(filter: { near: $n }, first: 50) { totalCount edges { distanceMeters node { name } } } }',
      {
        n: { ...AGEN, radiusKm: 5 },
      },
    );
    const distances = res.data.places.edges.map((e: any) => e.distanceMeters);
    expect(distances.length).toBeGreaterThan(3);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(Math.max(...distances)).toBeLessThanOrEqual(5000);
  });

  it('keeps only places open at the given instant', async () => {
    const at = '2026-11-18T09:00:00Z'; // a Wednesday, 10:00 in Paris
    const res = await q(
      'query($at: DateTime!) { places(filter: { openAt: $at }, first: 1000) { totalCount edges { node { id openingHours isOpenAt(at: $at) } } } }',
      { at },
    );
    const all = await q('{ places(first: 1000) { totalCount edges { node { openingHours } } } }');
    const expected = all.data.places.edges.filter(
      (e: any) => isOpenAt(e.node.openingHours, new Date(at)) === true,
    ).length;
    expect(res.data.places.totalCount).toBe(expected);
    expect(res.data.places.totalCount).toBeGreaterThan(0);
    expect(res.data.places.edges.every((e: any) => e.node.isOpenAt === true)).toBe(true);
  });

  it('pages through every place once, in a stable order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const res: any = await q(
        'query($after: String) { places(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }',
        { after },
      );
      total = res.data.places.totalCount;
      seen.push(...res.data.places.edges.map((e: any) => e.node.id));
      after = res.data.places.pageInfo.hasNextPage ? res.data.places.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('answers the same search as GeoJSON', async () => {
    const res = await q('{ placesGeoJson(filter: { typologies: [CMS] }) }');
    const fc = res.data.placesGeoJson;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThanOrEqual(8);
    expect(fc.features[0].geometry.type).toBe('Point');
    expect(fc.features[0].properties.kind).toBe('CMS');
  });

  it('gives each feature every property of its place, as the same search reads it through `places`', async () => {
    // The features load only the columns they show: each one must still equal the place read in full.
    const res = await q(`{
      placesGeoJson(filter: { inseeCodes: ["47001"] }, limit: 100)
      places(filter: { inseeCodes: ["47001"] }, first: 100) { totalCount edges { node {
        id name kind typologies address postalCode communeName inseeCode services openingHours acceptsPassNumerique
        latitude longitude } } }
    }`);
    expect(res.errors).toBeUndefined();
    const fc = res.data.placesGeoJson;
    const nodes = res.data.places.edges.map((e: any) => e.node);
    expect(fc.totalCount).toBe(res.data.places.totalCount);
    expect(nodes.length).toBeGreaterThan(5);
    expect(fc.features.map((f: any) => f.id)).toEqual(nodes.map((p: any) => p.id));
    // Services as the national standard writes them (the API's enum keys are for GraphQL clients): the stored rows.
    const rows = await places.db.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string; services: string[] }[]>('select id, services from place where insee_code = ?', [
        '47001',
      ]);
    const services = new Map(rows.map((row: { id: string; services: string[] }) => [row.id, row.services]));
    nodes.forEach((p: any, i: number) => {
      const feature = fc.features[i];
      expect(feature.geometry.coordinates).toEqual([p.longitude, p.latitude]);
      expect(feature.properties).toEqual({
        id: p.id,
        name: p.name,
        kind: p.kind,
        typologies: p.typologies,
        address: p.address,
        postalCode: p.postalCode,
        commune: p.communeName,
        inseeCode: p.inseeCode,
        services: services.get(p.id),
        openingHours: p.openingHours,
        acceptsPassNumerique: p.acceptsPassNumerique,
      });
    });
  });

  it('exports a place field for field in the national standard', async () => {
    const res = await q(
      '{ places(filter: { acceptsPassNumerique: true }, first: 1) { edges { node { standardRecord } } } }',
    );
    const record = res.data.places.edges[0].node.standardRecord;
    expect(Object.keys(record)).toEqual(
      expect.arrayContaining([
        'id',
        'pivot',
        'nom',
        'code_insee',
        'services',
        'date_maj',
        'autres_formations_labels',
      ]),
    );
    expect(record.autres_formations_labels).toMatch(/Pass numérique/);
  });
});

describe('places subgraph: bad input', () => {
  it.each([
    [
      'latitude 123',
      '{ places(filter: { near: { latitude: 123, longitude: 0.6 } }) { totalCount } }',
      'filter.near.latitude',
    ],
    [
      'an unknown INSEE code',
      '{ places(filter: { inseeCodes: ["47999"] }) { totalCount } }',
      'filter.inseeCodes',
    ],
    [
      'a malformed INSEE code',
      '{ places(filter: { inseeCodes: ["agen"] }) { totalCount } }',
      'filter.inseeCodes',
    ],
    ['first: -1', '{ places(first: -1) { totalCount } }', 'first'],
    [
      'an inverted bounding box',
      '{ places(filter: { bbox: { south: 45, west: 0, north: 44, east: 1 } }) { totalCount } }',
      'filter.bbox',
    ],
    [
      'a radius of 500 km',
      '{ places(filter: { near: { latitude: 44.2, longitude: 0.6, radiusKm: 500 } }) { totalCount } }',
      'filter.near.radiusKm',
    ],
  ])('answers %s with BAD_USER_INPUT naming the field', async (_label, query, field) => {
    const res = await q(query);
    // places is nullable: the refusal stays on its path, and other root fields of the request would still answer.
    expect(res.data?.places ?? null).toBeNull();
    expect(res.errors?.[0].path).toEqual(['places']);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe(field);
  });

  it('answers an invalid DateTime literal with BAD_USER_INPUT', async () => {
    const res = await q('{ places(filter: { openAt: "yesterday" }) { totalCount } }');
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('places subgraph: SQL per request', () => {
  const nested = (first: number) =>
    `{ places(first: ${first}) { edges { node { name organization { name } commune { name epci { name } departement { name } } } } } }`;

  it('runs as many statements for 10 places as for 200, nested territory included', async () => {
    const count = async (first: number) => {
      const before = places.server.metrics.sqlStatements;
      const res = await q(nested(first));
      expect(res.errors).toBeUndefined();
      expect(res.data.places.edges).toHaveLength(first);
      return places.server.metrics.sqlStatements - before;
    };
    const small = await count(10);
    const large = await count(200);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(6);
  });

  it('computes territory indicators in one aggregate for all EPCIs, matching a direct count', async () => {
    const before = places.server.metrics.sqlStatements;
    const res = await q(
      '{ departement(code: "47") { epcis { siren placeStats(from: "2024-01-01", to: "2026-12-31") { places toUpdate toCheck acceptingPassNumerique } } } }',
    );
    const statements = places.server.metrics.sqlStatements - before;
    expect(res.errors).toBeUndefined();
    // departement, the EPCI links, the EPCIs, one aggregate.
    expect(statements).toBeLessThanOrEqual(4);
    const em = places.db.orm.em.fork();
    const rows = await em
      .getConnection()
      .execute<{ siren: string; n: string }[]>(
        'select c.epci_siren as siren, count(*) as n from place p join commune c on c.insee_code = p.insee_code group by c.epci_siren',
      );
    for (const epci of res.data.departement.epcis) {
      const expected = Number(rows.find((r: { siren: string; n: string }) => r.siren === epci.siren)?.n ?? 0);
      expect(epci.placeStats.places).toBe(expected);
    }
  });
});
