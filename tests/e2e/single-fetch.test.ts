import request from 'supertest';
import { createGateway, type Gateway } from '../../gateway/gateway';
import { readExamples } from '../../gateway/examples';
import { readSupergraph } from '../../gateway/supergraph';
import { listen } from '../../common/http';
import { bearer, exampleHeaders } from '../helpers/auth';
import { startHub, type Hub } from '../helpers/hub';

/**
 * The single-fetch path (gateway/single-fetch.ts) forwards a subgraph's answer without re-shaping it: every
 * example query and a set of shapes (aliases, __typename, fragments, @skip/@include, errors, refused fields)
 * must get, byte for byte, the answer of a gateway that shapes every result through @apollo/gateway.
 */
let hub: Hub;
let shaping: Gateway;

beforeAll(async () => {
  hub = await startHub();
  shaping = await createGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, sub]) => [name, sub.url])),
    admission: { maxInFlight: 1000, maxHeavyInFlight: 1000, heavyCost: 1000 },
    singleFetchPassthrough: false,
  });
  await listen(shaping.http, 0);
});

afterAll(async () => {
  await shaping?.stop();
  await hub?.stop();
});

async function post(
  gateway: Gateway,
  query: string,
  variables: Record<string, unknown> | undefined,
  headers: Record<string, string>,
) {
  const res = await request(gateway.http)
    .post('/graphql')
    .set({ 'content-type': 'application/json', ...headers })
    .send({ query, variables });
  return { status: res.status, text: res.text, type: res.headers['content-type'] };
}

/** Both gateways' answers, and whether the fast one forwarded (f) or replayed (r) the subgraph's answer. */
async function both(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const stats = hub.gateway.metrics.singleFetch!;
  const [forwarded, replayed] = [stats.forwarded, stats.replayed];
  const fast = await post(hub.gateway, query, variables, headers);
  const slow = await post(shaping, query, variables, headers);
  return { fast, slow, forwarded: stats.forwarded - forwarded, replayed: stats.replayed - replayed };
}

const MAP_SHAPES = `
  query Shapes($bbox: BoundingBoxInput!, $withKind: Boolean!, $noName: Boolean!) {
    first: places(first: 7, filter: { bbox: $bbox }) {
      __typename
      totalCount
      edges { cursor node { __typename ...Pin k: kind @include(if: $withKind) name @skip(if: $noName) } }
      pageInfo { hasNextPage endCursor }
    }
    again: places(first: 2, filter: { bbox: $bbox }) { edges { node { label: name ... on Place { id } } } }
  }
  fragment Pin on Place { id latitude longitude }`;
const AGEN_BBOX = { south: 44.1, west: 0.48, north: 44.32, east: 0.76 };

describe('the single-fetch path answers as the shaping gateway does', () => {
  it.each(readExamples().map((e) => [`${e.user}/${e.name}`, e] as const))(
    'example %s',
    async (_, example) => {
      const headers = await exampleHeaders(example);
      const { fast, slow } = await both(example.query, example.variables, headers);
      expect(fast.status).toBe(slow.status);
      expect(fast.type).toBe(slow.type);
      expect(JSON.parse(fast.text)).toEqual(JSON.parse(slow.text));
      expect(fast.text.trim()).toBe(slow.text.trim());
    },
  );

  it('forwards a single-subgraph query with aliases, __typename, fragments, @skip and @include', async () => {
    for (const [withKind, noName] of [
      [true, false],
      [false, true],
    ]) {
      const { fast, slow, forwarded } = await both(MAP_SHAPES, { bbox: AGEN_BBOX, withKind, noName });
      expect(forwarded).toBe(1);
      expect(fast.status).toBe(200);
      expect(fast.text.trim()).toBe(slow.text.trim());
      const node = JSON.parse(fast.text).data.first.edges[0].node;
      expect(Object.keys(node)).toEqual(
        ['__typename', 'id', 'latitude', 'longitude', withKind && 'k', !noName && 'name'].filter(Boolean),
      );
    }
  });

  it('forwards the map and near-me examples, and leaves cross-subgraph queries to @apollo/gateway', async () => {
    const examples = new Map(readExamples().map((e) => [`${e.user}/${e.name}`, e]));
    const near = examples.get('map/near-me')!;
    expect((await both(near.query, near.variables)).forwarded).toBe(1);
    // Input object fields in another order than the planner prints them: the same request.
    const openNear = await both(
      'query NearMe($near: NearInput!, $openAt: DateTime!) { places(first: 20, filter: { near: $near, openAt: $openAt, services: [ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE] }) { edges { distanceMeters node { id name kind openingHours } } } }',
      { near: { latitude: 44.2033, longitude: 0.6163, radiusKm: 30 }, openAt: '2026-11-24T09:30:00Z' },
    );
    expect(openNear.forwarded).toBe(1);
    expect(openNear.fast.text.trim()).toBe(openNear.slow.text.trim());
    const card = examples.get('directory/place-card')!;
    const cardAnswer = await both(
      card.query,
      card.variables,
      card.role === 'public' ? {} : await bearer(card.role, card.org),
    );
    expect(cardAnswer.forwarded + cardAnswer.replayed).toBe(0);
    expect(cardAnswer.fast.text.trim()).toBe(cardAnswer.slow.text.trim());
  });

  it('replays an answer with errors to @apollo/gateway: bad input, refused fields, unknown ids', async () => {
    const badPage = await both('query Big { places(first: 150) { edges { node { id } } } }');
    expect(badPage.replayed).toBe(1);
    expect(badPage.fast.text.trim()).toBe(badPage.slow.text.trim());
    expect(JSON.parse(badPage.fast.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');

    // Personal data: refused to the public, by the people subgraph, whichever path carries the answer.
    const refused = await both('query Contacts { people(first: 3) { edges { node { firstName email } } } }');
    expect(refused.fast.text.trim()).toBe(refused.slow.text.trim());
    expect(JSON.parse(refused.fast.text).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const unknown = await both('query Missing($id: ID!) { place(id: $id) { id name } }', {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.forwarded).toBe(1);
    expect(unknown.fast.text.trim()).toBe(unknown.slow.text.trim());
    expect(JSON.parse(unknown.fast.text)).toEqual({ data: { place: null } });
  });

  it('leaves a root __typename (answered by the gateway, not fetched) to @apollo/gateway', async () => {
    const { fast, slow, forwarded } = await both('query Root { __typename places(first: 1) { totalCount } }');
    expect(forwarded).toBe(0);
    expect(fast.text.trim()).toBe(slow.text.trim());
  });

  it('checks variables against the API schema before fetching', async () => {
    const fetches = { ...hub.gateway.metrics.subgraphFetches };
    const { fast, slow, forwarded } = await both(
      'query Map($bbox: BoundingBoxInput!) { places(filter: { bbox: $bbox }) { totalCount } }',
      { bbox: { south: 'north' } },
    );
    expect(forwarded).toBe(0);
    expect(fast.status).toBe(slow.status);
    expect(fast.text.trim()).toBe(slow.text.trim());
    expect(hub.gateway.metrics.subgraphFetches).toEqual(fetches);
  });
});

/**
 * The HTTP shortcut (gateway/forward.ts): once Apollo Server has run an operation the single-fetch path forwards,
 * the same text skips Apollo Server. Its answers must be, byte for byte and header for header, what Apollo Server
 * answered; anything it does not take goes the full way, and a subgraph is never asked twice.
 */
describe('the HTTP shortcut answers as Apollo Server does', () => {
  async function raw(body: unknown, headers: Record<string, string> = {}) {
    const res = await request(hub.gateway.http)
      .post('/graphql')
      .set({ 'content-type': 'application/json', ...headers })
      .send(JSON.stringify(body));
    const { date: _, 'x-request-id': __, ...rest } = res.headers;
    return { status: res.status, text: res.text, headers: rest };
  }

  /** The same request twice: Apollo Server's answer, then the shortcut's (or not), and the counts between. */
  async function twice(body: unknown, headers: Record<string, string> = {}) {
    const stats = hub.gateway.metrics.singleFetch!;
    const first = await raw(body, headers);
    const [shortcut, fetches] = [stats.shortcut, { ...hub.gateway.metrics.subgraphFetches }];
    const second = await raw(body, headers);
    const sent = Object.entries(hub.gateway.metrics.subgraphFetches).reduce(
      (n, [name, count]) => n + count - (fetches[name] ?? 0),
      0,
    );
    return { first, second, shortcut: stats.shortcut - shortcut, sent };
  }

  it.each(readExamples().map((e) => [`${e.user}/${e.name}`, e] as const))(
    'example %s',
    async (_, example) => {
      const headers = await exampleHeaders(example);
      const body = { query: example.query, variables: example.variables };
      const { first, second } = await twice(body, headers);
      expect(second).toEqual(first);
    },
  );

  it('answers the map without Apollo Server, for each Accept header it has seen answered', async () => {
    const body = { query: MAP_SHAPES, variables: { bbox: AGEN_BBOX, withKind: true, noName: false } };
    for (const accept of [
      undefined,
      'application/json',
      'application/graphql-response+json, application/json;q=0.9',
      '*/*',
    ]) {
      const headers: Record<string, string> = accept ? { accept } : {};
      const { first, second, shortcut, sent } = await twice(body, headers);
      expect(shortcut).toBe(1);
      expect(sent).toBe(1);
      expect(second).toEqual(first);
      expect(second.text).toBe((await post(shaping, MAP_SHAPES, body.variables, headers)).text);
    }
    // Another box: the same operation, other variables, still the shortcut.
    const stats = hub.gateway.metrics.singleFetch!;
    const before = stats.shortcut;
    const other = await raw({
      ...body,
      variables: { ...body.variables, bbox: { ...AGEN_BBOX, north: 44.2 } },
    });
    expect(stats.shortcut).toBe(before + 1);
    expect(other.status).toBe(200);
    expect(other.text).not.toBe((await raw(body)).text);
  });

  it('leaves to Apollo Server what it does not take, with the same answers', async () => {
    const query =
      'query Pins($bbox: BoundingBoxInput!) { places(first: 3, filter: { bbox: $bbox }) { edges { node { id } } } }';
    const ok = await twice({ query, variables: { bbox: AGEN_BBOX } });
    expect(ok.shortcut).toBe(1);
    const cases: [string, unknown, Record<string, string>][] = [
      ['variables the schema refuses', { query, variables: { bbox: { south: 'north' } } }, {}],
      ['a missing variable', { query }, {}],
      [
        'a string over the input limits',
        { query, variables: { bbox: { ...AGEN_BBOX, south: 'x'.repeat(5000) } } },
        {},
      ],
      ['an unknown operation name', { query, variables: { bbox: AGEN_BBOX }, operationName: 'Other' }, {}],
      [
        'extensions',
        {
          query,
          variables: { bbox: AGEN_BBOX },
          extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } },
        },
        {},
      ],
      ['variables as a string', { query, variables: '{}' }, {}],
      ['an Accept it cannot answer', { query, variables: { bbox: AGEN_BBOX } }, { accept: 'text/html' }],
      ['a bad token', { query, variables: { bbox: AGEN_BBOX } }, { authorization: 'Bearer not-a-token' }],
    ];
    for (const [what, body, headers] of cases) {
      const { first, second, shortcut } = await twice(body, headers);
      expect([what, shortcut]).toEqual([what, 0]);
      expect([what, second]).toEqual([what, first]);
      if (what !== 'extensions') expect([what, first.status]).not.toEqual([what, 200]);
    }
    // An empty operation name is taken as none, by both.
    const unnamed = await twice({ query, variables: { bbox: AGEN_BBOX }, operationName: '' });
    expect(unnamed.second).toEqual(ok.second);
    // Not JSON: Apollo Server's CSRF prevention answers.
    const form = await request(hub.gateway.http)
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ query, variables: { bbox: AGEN_BBOX } }));
    expect(form.status).toBe(400);
  });

  it('replays a subgraph answer with errors to @apollo/gateway once, without asking the subgraph again', async () => {
    const body = { query: 'query Big($n: Int!) { places(first: $n) { edges { node { id } } } }' };
    await raw({ ...body, variables: { n: 5 } }); // learnt
    const stats = hub.gateway.metrics.singleFetch!;
    const [shortcut, replayed] = [stats.shortcut, stats.replayed];
    const fetches = hub.gateway.metrics.subgraphFetches.places;
    const refused = await raw({ ...body, variables: { n: 150 } });
    expect(hub.gateway.metrics.subgraphFetches.places).toBe(fetches + 1);
    expect([stats.shortcut - shortcut, stats.replayed - replayed]).toEqual([0, 1]);
    const slow = await post(shaping, body.query, { n: 150 }, {});
    expect(refused.text).toBe(slow.text);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses personal data to the public on the shortcut as on the full path', async () => {
    const body = { query: 'query Names { people(first: 2) { edges { node { id firstName email } } } }' };
    const { first, second } = await twice(body);
    expect(second).toEqual(first);
    expect(JSON.parse(second.text).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await bearer('admin');
    const allowed = await twice(body, admin);
    expect(allowed.second).toEqual(allowed.first);
    expect(allowed.shortcut).toBe(1);
    expect(JSON.parse(allowed.second.text).data.people.edges.length).toBeGreaterThan(0);
  });
});
