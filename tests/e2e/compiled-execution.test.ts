import request from 'supertest';
import { createGateway, type Gateway } from '../../gateway/gateway';
import { readExamples } from '../../gateway/examples';
import { readSupergraph } from '../../gateway/supergraph';
import { listen } from '../../common/http';
import { subgraphs } from '../../subgraphs/registry';
import { createSubgraphServer, type SubgraphServer } from '../../subgraphs/shared/server';
import { bearer, exampleHeaders } from '../helpers/auth';
import { startHub, type Hub } from '../helpers/hub';

/**
 * The subgraphs run their operations compiled by graphql-jit (subgraphs/shared/compiled-execution.ts). Every example
 * query, and shapes the examples do not reach (aliases, fragments, @skip/@include, entities, errors of every kind),
 * must get through the gateway, byte for byte and with the same status, the answer of subgraphs that interpret them
 * with graphql-js, on the same databases.
 */
let hub: Hub;
let interpreted: Gateway;
const interpreters: SubgraphServer<unknown>[] = [];

beforeAll(async () => {
  hub = await startHub();
  const urls: Record<string, string> = {};
  for (const { definition } of subgraphs) {
    const server = await createSubgraphServer(definition, hub.subgraphs[definition.name].db.orm, {
      limits: { maxInFlight: 1000, maxHeavyInFlight: 1000, heavyCost: 1000 },
      executor: 'graphql-js',
    });
    interpreters.push(server);
    urls[definition.name] = `http://127.0.0.1:${await listen(server.http, 0)}/graphql`;
  }
  interpreted = await createGateway({
    supergraphSdl: readSupergraph(),
    subgraphUrls: urls,
    admission: { maxInFlight: 1000, maxHeavyInFlight: 1000, heavyCost: 1000 },
  });
  await listen(interpreted.http, 0);
  // The hub's subgraphs compile, as they do by default; the others interpret.
  for (const { definition } of subgraphs) expect(hub.subgraphs[definition.name].server.executor).toBe('jit');
  for (const server of interpreters) expect(server.executor).toBe('graphql-js');
});

afterAll(async () => {
  await interpreted?.stop();
  for (const server of interpreters) await server.stop();
  await hub?.stop();
});

async function post(gateway: Gateway, body: unknown, headers: Record<string, string>) {
  const res = await request(gateway.http)
    .post('/graphql')
    .set({ 'content-type': 'application/json', ...headers })
    .send(JSON.stringify(body));
  return { status: res.status, text: res.text.trim() };
}

/** The compiled subgraphs' answer and the interpreting ones', to the same request. */
async function both(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const compiled = await post(hub.gateway, { query, variables }, headers);
  const graphqlJs = await post(interpreted, { query, variables }, headers);
  return { compiled, graphqlJs, body: JSON.parse(compiled.text) };
}

const AGEN_BBOX = { south: 44.1, west: 0.48, north: 44.32, east: 0.76 };

describe('subgraphs running compiled operations answer as graphql-js does', () => {
  it.each(readExamples().map((e) => [`${e.user}/${e.name}`, e] as const))(
    'example %s',
    async (_, example) => {
      const headers = await exampleHeaders(example);
      const { compiled, graphqlJs } = await both(example.query, example.variables, headers);
      expect(compiled).toEqual(graphqlJs);
    },
  );

  it('answers aliases, __typename, fragments, @skip and @include alike', async () => {
    const query = `query Shapes($bbox: BoundingBoxInput!, $withKind: Boolean!, $noName: Boolean!) {
      first: places(first: 7, filter: { bbox: $bbox }) {
        __typename totalCount
        edges { cursor node { __typename ...Pin k: kind @include(if: $withKind) name @skip(if: $noName)
          organization { id name } } }
        pageInfo { hasNextPage endCursor }
      }
      again: places(first: 2, filter: { bbox: $bbox }) { edges { node { label: name ... on Place { id } } } }
    }
    fragment Pin on Place { id latitude longitude }`;
    for (const [withKind, noName] of [
      [true, false],
      [false, true],
    ]) {
      const { compiled, graphqlJs, body } = await both(query, { bbox: AGEN_BBOX, withKind, noName });
      expect(compiled).toEqual(graphqlJs);
      expect(body.data.first.edges.length).toBeGreaterThan(0);
    }
  });

  it('answers entities of every subgraph alike (a place with its people, sessions and Pass numérique)', async () => {
    const admin = await bearer('admin');
    const list = await both('{ places(first: 5) { edges { node { id } } } }');
    const id = list.body.data.places.edges[0].node.id as string;
    const card = await both(
      `query Card($id: ID!) { place(id: $id) { id name organization { id name }
        ... on Place { __typename } } }`,
      { id },
      admin,
    );
    expect(card.compiled).toEqual(card.graphqlJs);
    expect(card.body.data.place.id).toBe(id);
  });

  it.each([
    [
      'a page over the maximum',
      '{ places(first: 150) { edges { node { id } } } }',
      undefined,
      'BAD_USER_INPUT',
    ],
    [
      'a variable its scalar refuses',
      'query($b: BoundingBoxInput!) { places(first: 1, filter: { bbox: $b }) { totalCount } }',
      { b: { south: 'north', west: 0, north: 1, east: 1 } },
      'BAD_USER_INPUT',
    ],
    ['a variable missing', 'query($id: ID!) { place(id: $id) { id } }', {}, 'BAD_USER_INPUT'],
    [
      'personal data to the public',
      '{ people(first: 3) { edges { node { firstName email } } } }',
      undefined,
      'FORBIDDEN',
    ],
    [
      'an unknown id',
      'query($id: ID!) { place(id: $id) { id name } }',
      { id: '00000000-0000-4000-8000-000000000000' },
      undefined,
    ],
  ])('answers %s alike', async (_, query, variables, code) => {
    const { compiled, graphqlJs, body } = await both(query, variables);
    expect(compiled).toEqual(graphqlJs);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
  });
});
