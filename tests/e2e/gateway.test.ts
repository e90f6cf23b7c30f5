import request from 'supertest';
import { graphql, startHub, type Hub } from '../helpers/hub';
import { seedPlaces } from '../../seeds/catalog';
import { listen } from '../../common/http';
import { createSubgraphServer } from '../../subgraphs/shared/server';
import { placesSubgraph } from '../../subgraphs/places';
import { bearer } from '../helpers/auth';
import { readExamples } from '../../gateway/examples';
import type { AdmissionStats } from '../../common/admission';
import { createServer, type Server } from 'node:http';
import { createGateway, type Gateway } from '../../gateway/gateway';
import { readSupergraph } from '../../gateway/supergraph';

let hub: Hub;

beforeAll(async () => {
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

describe('the gateway in front of the subgraphs', () => {
  it('answers the FNE spine query with the territory', async () => {
    const res = await hub.query('{ departement(code: "47") { name epcis { name communes { name } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.departement.epcis).toHaveLength(12);
    expect(res.data.departement.epcis.flatMap((e: any) => e.communes)).toHaveLength(319);
  });

  it('finds places near a point with their commune', async () => {
    const res = await hub.query(
      `query($near: NearInput!) { places(filter: { near: $near }, first: 5) { totalCount edges { distanceMeters node { name kind openNow commune { name epci { name } } } } } }`,
      { near: { latitude: 44.2028, longitude: 0.6257, radiusKm: 10 } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.places.edges).toHaveLength(5);
    expect(res.data.places.edges[0].node.commune.name).toBeTruthy();
  });

  it('passes BAD_USER_INPUT through from the subgraph', async () => {
    const res = await hub.query(
      '{ places(filter: { near: { latitude: 123, longitude: 0.6 } }) { totalCount } }',
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.field).toBe('filter.near.latitude');
  });

  it('sends no usage telemetry to Apollo unless told to', () => {
    // @apollo/gateway reports to Apollo over OTLP and probes cloud metadata endpoints unless this is 'true'.
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('serves /health and /ready', async () => {
    await request(hub.gateway.http).get('/health').expect(200);
    await request(hub.gateway.http).get('/ready').expect(200);
  });

  it('says not ready when a subgraph is down', async () => {
    const places = hub.subgraphs.places;
    await places.server.stop();
    try {
      await request(hub.gateway.http).get('/ready').expect(503);
    } finally {
      // restart on the same port so later tests keep a working hub
      const server = await createSubgraphServer(placesSubgraph, places.db.orm);
      await listen(server.http, Number(new URL(places.url).port));
      places.server = server as never;
    }
    await request(hub.gateway.http).get('/ready').expect(200);
  });

  it('makes one subgraph fetch for a single-subgraph query', async () => {
    const before = hub.gateway.metrics.snapshot().subgraphFetches.places ?? 0;
    await hub.query('{ places(first: 100) { edges { node { name commune { name } } } } }');
    expect((hub.gateway.metrics.snapshot().subgraphFetches.places ?? 0) - before).toBe(1);
  });

  it("sorts requests into cost classes at the gateway and at each subgraph they reach (the hub's test limits: heavy above 1000)", async () => {
    const admitted = () => ({
      gateway: hub.gateway.metrics.snapshot().admission!,
      places: hub.subgraphs.places.server.metrics.snapshot().admission as AdmissionStats,
      people: hub.subgraphs.people.server.metrics.snapshot().admission as AdmissionStats,
    });
    const before = admitted();
    // One place: 3 at the gateway, cheap everywhere.
    await hub.query('{ places(first: 1) { edges { node { id name } } } }');
    let now = admitted();
    expect(now.gateway.admitted - before.gateway.admitted).toBe(1);
    expect(now.gateway.admittedHeavy - before.gateway.admittedHeavy).toBe(0);
    // 100 places with their permanences: 1 + 100 × (4 + 1 + 10) at the gateway; the people subgraph's entity
    // fetch of 100 places is heavy there too, the places subgraph's page (100 × 4) is not.
    const page = await hub.query(
      '{ places(first: 100) { edges { node { id name permanences { id } } } } }',
      {},
      await bearer('admin'),
    );
    expect(page.errors).toBeUndefined();
    now = admitted();
    expect(now.gateway.admittedHeavy - before.gateway.admittedHeavy).toBe(1);
    expect(now.people.admittedHeavy - before.people.admittedHeavy).toBe(1);
    expect(now.places.admittedHeavy - before.places.admittedHeavy).toBe(0);
    expect(now.places.admitted - before.places.admitted).toBe(2);
    // Everything given back once answered, the heavy request's estimated cost too.
    expect([now.gateway.inFlight, now.gateway.heavyInFlight, now.gateway.heavyCostInFlight]).toEqual([
      0, 0, 0,
    ]);
    expect(now.people.heavyCostInFlight).toBe(0);
  });

  it('refuses a request body over the limit', async () => {
    const res = await request(hub.gateway.http)
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
  });
});

describe('deduplication at the gateway', () => {
  it('shares identical concurrent reads of one caller in one subgraph fetch, never mutations', async () => {
    const fetches = () => hub.gateway.metrics.snapshot().subgraphFetches.places ?? 0;
    const before = fetches();
    await Promise.all(
      Array.from({ length: 10 }, () => hub.query('{ places(first: 5) { edges { node { id } } } }')),
    );
    expect(fetches() - before).toBeLessThan(10);
    const id = seedPlaces()[0].id;
    const admin = await bearer('admin');
    const beforeWrites = fetches();
    const writes = await Promise.all(
      Array.from({ length: 3 }, () =>
        graphql(
          hub.gateway.http,
          'mutation($id: ID!) { updatePlace(id: $id, input: { summary: "x" }) { id } }',
          { id },
          admin,
        ),
      ),
    );
    expect(writes.every((w) => !w.errors)).toBe(true);
    expect(fetches() - beforeWrites).toBe(3);
  });
});

describe('query limits at the gateway', () => {
  const fetches = () =>
    Object.values(hub.gateway.metrics.snapshot().subgraphFetches).reduce((a, b) => a + b, 0);

  it.each([
    [
      'an alias bomb',
      `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: places(first: 1) { totalCount }`).join(' ')} }`,
      /alias/i,
    ],
    [
      'a 50-deep query',
      `{ commune(inseeCode: "47001") { ${'epci { communes { '.repeat(25)} name ${'} } '.repeat(25)} } }`,
      /depth|cost/i,
    ],
    ['a huge query', `{ places(first: 1) { edges { node { ${'name '.repeat(4000)} } } } }`, /token/i],
    [
      'a directive flood',
      `{ places(first: 1) @include(if: true) ${'@skip(if: false) '.repeat(50)} { totalCount } }`,
      /directive/i,
    ],
  ])('refuses %s with a clear error before any subgraph fetch', async (_label, query, message) => {
    const before = fetches();
    const res = await hub.query(query);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].message).toMatch(message);
    expect(fetches()).toBe(before);
  });

  it('lets the FNE report example (examples/prefecture/fne-report.graphql) through', async () => {
    const example = readExamples().find((e) => e.user === 'prefecture' && e.name === 'fne-report')!;
    const res = await hub.query(example.query, example.variables, await bearer('prefecture'));
    expect(res.errors).toBeUndefined();
    expect(res.data.departement.epcis.length).toBeGreaterThan(0);
  });
});

describe('a heavy request yielding to cheap ones at the gateway', () => {
  /**
   * A proxy in front of each real subgraph: it records when each fetch of the request `heavy-…` is in flight, and
   * holds the fetches of the request `cheap-held` until `release()`.
   */
  const proxies: Server[] = [];
  let gateway: Gateway;
  let inFlight = 0;
  let most = 0;
  const held: (() => void)[] = [];
  const release = () => held.splice(0).forEach((go) => go());

  beforeAll(async () => {
    const urls: Record<string, string> = {};
    for (const [name, sub] of Object.entries(hub.subgraphs)) {
      const proxy = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', async () => {
          const id = String(req.headers['x-request-id']);
          const heavy = id.startsWith('heavy-');
          if (id === 'cheap-held') await new Promise<void>((go) => held.push(go));
          if (heavy) most = Math.max(most, ++inFlight);
          const answer = await fetch(sub.url, {
            method: 'POST',
            headers: Object.fromEntries(
              Object.entries(req.headers).filter(([h]) => h !== 'host' && h !== 'content-length'),
            ) as Record<string, string>,
            body: Buffer.concat(chunks),
          });
          const text = await answer.text();
          // Long enough for the heavy request's other fetches to start, were they not waiting.
          if (heavy) await new Promise((done) => setTimeout(done, 30));
          if (heavy) inFlight--;
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
          res.end(text);
        });
      });
      proxies.push(proxy);
      urls[name] = `http://127.0.0.1:${await listen(proxy, 0)}/graphql`;
    }
    gateway = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: urls,
      admission: { maxInFlight: 100, maxHeavyInFlight: 10, heavyCost: 1000 },
    });
  });

  afterAll(async () => {
    release();
    await gateway?.stop();
    for (const proxy of proxies) {
      proxy.closeAllConnections();
      await new Promise((done) => proxy.close(done));
    }
  });

  // 100 places with fields of people and training: heavy at this gateway (over 1000), fetching from both at once.
  const page =
    '{ places(first: 100) { edges { node { id name permanences { id } upcomingSessions { id } } } } }';
  const send = (query: string, id: string, headers: Record<string, string>) =>
    request(gateway.http)
      .post('/graphql')
      .set({ 'content-type': 'application/json', 'x-request-id': id, ...headers })
      .send({ query });

  it('fetches from several subgraphs at once on a quiet gateway, one at a time while a cheap request is in flight, with the same answer', async () => {
    const admin = await bearer('admin');
    most = 0;
    const alone = await send(page, 'heavy-alone', admin);
    expect(alone.body.errors).toBeUndefined();
    expect(alone.body.data.places.edges).toHaveLength(100);
    expect(most).toBeGreaterThan(1);
    expect(gateway.metrics.snapshot().admission?.admittedHeavy).toBe(1);

    const cheap = send('{ places(first: 1) { edges { node { id } } } }', 'cheap-held', admin);
    // The cheap request is in flight (held at the places proxy) before the heavy one starts.
    const cheapSent = cheap.then((res) => res);
    while (!held.length) await new Promise((done) => setTimeout(done, 5));
    most = 0;
    const yielding = await send(page, 'heavy-yielding', admin);
    expect(most).toBe(1);
    expect(yielding.body).toEqual(alone.body);
    release();
    expect((await cheapSent).body.errors).toBeUndefined();
    expect(gateway.metrics.snapshot().admission).toMatchObject({ inFlight: 0, heavyInFlight: 0 });
  });
});
