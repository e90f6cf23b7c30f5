import request from 'supertest';
import { createGateway, type Gateway } from '../../gateway/gateway';
import { readExamples } from '../../gateway/examples';
import { readSupergraph } from '../../gateway/supergraph';
import { listen } from '../../common/http';
import { bearer } from '../helpers/auth';
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
      const headers = example.role === 'public' ? {} : await bearer(example.role, example.org);
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
