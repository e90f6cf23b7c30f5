/**
 * Apollo Client 4's development build (its cache warnings on): the export condition picks it, and a test below
 * checks it is the one loaded.
 * @jest-environment-options {"customExportConditions": ["development", "node", "require", "default"]}
 */
import type { AddressInfo } from 'node:net';
import {
  ApolloClient,
  HttpLink,
  InMemoryCache,
  type FieldMergeFunction,
  type FieldPolicy,
} from '@apollo/client';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import { relayStylePagination } from '@apollo/client/utilities';
import { __DEV__ } from '@apollo/client/utilities/environment';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, parse } from 'graphql';
import { bearer } from '../helpers/auth';
import { startHub, type Hub } from '../helpers/hub';
import { loadOperations, operation, ROOT, type Operation } from './operations';

let hub: Hub;
let uri: string;
const consoleCalls: string[] = [];
const spies: jest.SpyInstance[] = [];

/**
 * relayStylePagination for a nullable connection (docs/frontend.md): a refused or failed page (null) keeps the pages
 * already cached, and a first answer of null stays null; relayStylePagination alone turns null into an empty
 * connection without its totalCount, which the cache then reads back as partial ("missing fields" warning).
 */
function nullableRelayStylePagination(keyArgs: string[]): FieldPolicy {
  const policy = relayStylePagination(keyArgs);
  return {
    ...policy,
    merge: (existing, incoming, options) =>
      incoming === null
        ? (existing ?? null)
        : (policy.merge as FieldMergeFunction)(existing, incoming, options),
  };
}

/** The cache a frontend would configure (docs/frontend.md): Relay-style pagination on every connection of the root. */
const connectionPolicies: Record<string, FieldPolicy> = {
  places: nullableRelayStylePagination(['filter']),
  organizations: nullableRelayStylePagination(['filter']),
  communes: nullableRelayStylePagination(['text', 'epciSiren']),
  people: nullableRelayStylePagination(['filter']),
  activities: nullableRelayStylePagination(['filter']),
  trainingOffers: nullableRelayStylePagination(['filter']),
  trainingSessions: nullableRelayStylePagination(['filter']),
  carnets: nullableRelayStylePagination(['filter']),
  passes: nullableRelayStylePagination(['filter']),
};

function createCache(): InMemoryCache {
  return new InMemoryCache({ typePolicies: { Query: { fields: connectionPolicies } } });
}

const clients = new Map<string, ApolloClient>();

/** One client (and one cache) per caller, as a browser session would have. */
async function clientFor(role: string, org?: string): Promise<ApolloClient> {
  const key = `${role}|${org ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    const headers = role === 'public' ? {} : await bearer(role as never, org);
    client = new ApolloClient({ link: new HttpLink({ uri, headers }), cache: createCache() });
    clients.set(key, client);
  }
  return client;
}

async function run(op: Operation, variables = op.variables, client?: ApolloClient) {
  const c = client ?? (await clientFor(op.role, op.org));
  const result = await c.query({
    query: op.document,
    variables,
    errorPolicy: 'all',
    fetchPolicy: 'network-only',
  });
  const errors = (result.error as { errors?: { path?: (string | number)[]; extensions?: any }[] } | undefined)
    ?.errors;
  if (result.error && !errors) throw result.error; // a network error, not GraphQL errors
  return { data: result.data as any, errors: errors ?? [], client: c };
}

beforeAll(async () => {
  loadDevMessages();
  loadErrorMessages();
  hub = await startHub();
  uri = `http://127.0.0.1:${(hub.gateway.http.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  for (const client of clients.values()) client.stop();
  await hub?.stop();
});

beforeEach(() => {
  consoleCalls.length = 0;
  for (const level of ['warn', 'error'] as const)
    spies.push(
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        consoleCalls.push(`${level}: ${args.map(String).join(' ')}`);
      }),
    );
});

afterEach(() => {
  for (const spy of spies.splice(0)) spy.mockRestore();
  // Any cache warning ("Cache data may be lost…", missing fields…) or error fails the test that caused it.
  expect(consoleCalls).toEqual([]);
});

describe('Apollo Client 4 (InMemoryCache, relayStylePagination, errorPolicy all) through the gateway', () => {
  it('runs the development build, which prints cache warnings', () => {
    expect(__DEV__).toBe(true);
  });

  const queries = loadOperations().filter((o) => o.kind === 'query');

  it('keys every connection of the API on all its arguments but first and after', () => {
    const schema = buildSchema(readFileSync(join(ROOT, 'schema', 'api.graphql'), 'utf8'));
    const connections = Object.values(schema.getQueryType()!.getFields()).filter((f) =>
      /Connection$/.test(getNamedType(f.type).name),
    );
    expect(Object.keys(connectionPolicies).sort()).toEqual(connections.map((f) => f.name).sort());
    for (const field of connections) {
      const keyArgs = field.args.map((a) => a.name).filter((a) => a !== 'first' && a !== 'after');
      expect([field.name, connectionPolicies[field.name].keyArgs]).toEqual([field.name, keyArgs]);
    }
  });

  it('finds the operations of examples/ and tests/compat/operations/', () => {
    expect(queries.map((q) => q.name)).toEqual(
      expect.arrayContaining([
        'NearMeDistances',
        'PlacesPage',
        'FneReportByCode',
        'EpciPasses',
        'PublicOrganizations',
      ]),
    );
  });

  it.each(queries.map((q) => [q.file, q] as const))(
    '%s: answers, and reads back from the cache',
    async (_f, op) => {
      const { data, errors, client } = await run(op);
      expect(data).toBeTruthy();
      // Errors are allowed only on a field of their own (a refused or failed part), never on the whole answer.
      for (const error of errors) expect(error.path?.length ?? 0).toBeGreaterThan(1);
      expect(client.readQuery({ query: op.document, variables: op.variables })).toEqual(data);
    },
  );

  it('keeps each near-me search its own distances: they are on the edges, not on the cached places', async () => {
    const nearMe = operation('NearMeDistances');
    const client = new ApolloClient({ link: new HttpLink({ uri }), cache: createCache() });
    const a = { near: { latitude: 44.2028, longitude: 0.6257, radiusKm: 10 }, first: 20 };
    const b = { near: { latitude: 44.23, longitude: 0.6, radiusKm: 10 }, first: 20 };
    const first = await run(nearMe, a, client);
    const second = await run(nearMe, b, client);
    const distances = (data: any) =>
      new Map<string, number>(data.places.edges.map((e: any) => [e.node.id, e.distanceMeters]));
    const [fromA, fromB] = [distances(first.data), distances(second.data)];
    // The two searches share places, at different distances: the case that broke when the distance was on Place.
    const shared = [...fromA.keys()].filter((id) => fromB.has(id) && fromA.get(id) !== fromB.get(id));
    expect(shared.length).toBeGreaterThan(0);
    expect(client.readQuery({ query: nearMe.document, variables: a })).toEqual(first.data);
    expect(client.readQuery({ query: nearMe.document, variables: b })).toEqual(second.data);
    client.stop();
  });

  it('keeps the cached FNE report whole after a smaller passStats query (indicator objects have ids)', async () => {
    const report = operation('FneReportByCode');
    const passes = operation('EpciPasses');
    const client = new ApolloClient({
      link: new HttpLink({ uri, headers: await bearer('prefecture') }),
      cache: createCache(),
    });
    const full = await run(report, report.variables, client);
    expect(full.errors).toEqual([]);
    const epcis = full.data.departement.epcis;
    expect(epcis).toHaveLength(12);
    expect(
      epcis.every((e: any) => e.passStats.id === `PassStats:epci:${e.siren}:2025-01-01..2026-12-31`),
    ).toBe(true);
    expect(epcis.some((e: any) => e.passStats.passesIssued > 0)).toBe(true);
    await run(passes, passes.variables, client);
    expect(client.readQuery({ query: report.document, variables: report.variables })).toEqual(full.data);
    // Another period is another object: its figures never land on the first period's.
    const other = { ...report.variables, from: '2026-01-01', to: '2026-01-31' };
    await run(passes, other, client);
    expect(client.readQuery({ query: report.document, variables: report.variables })).toEqual(full.data);
    client.stop();
  });

  it('pages the whole directory with relayStylePagination: every place once, totalCount right', async () => {
    const page = operation('PlacesPage');
    const client = new ApolloClient({ link: new HttpLink({ uri }), cache: createCache() });
    let result = await run(page, { first: 100 }, client);
    const totalCount = result.data.places.totalCount;
    let pages = 1;
    while (result.data.places.pageInfo.hasNextPage) {
      result = await run(page, { first: 100, after: result.data.places.pageInfo.endCursor }, client);
      pages++;
    }
    const merged: any = client.readQuery({ query: page.document, variables: { first: 100 } });
    const ids = merged.places.edges.map((e: any) => e.node.id);
    expect(pages).toBe(Math.ceil(totalCount / 100));
    expect(ids).toHaveLength(totalCount);
    expect(new Set(ids).size).toBe(totalCount);
    expect(merged.places.totalCount).toBe(totalCount);
    expect(merged.places.pageInfo.hasNextPage).toBe(false);
    client.stop();
  });

  it('nulls only the refused field for an anonymous dashboard, with the error on its path', async () => {
    const { data, errors } = await run(operation('PublicOrganizations'));
    const nodes = data.organizations.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(5);
    expect(nodes.every((n: any) => n.name && n.carnetsIssued === null && n.prescriberPassStats.id)).toBe(
      true,
    );
    expect(errors).toHaveLength(5);
    expect(errors[0].path).toEqual(['organizations', 'edges', 0, 'node', 'carnetsIssued']);
  });

  it('answers an oversized places page on its own path, pointing the map to placesGeoJson', async () => {
    const query = parse(
      'query Both { places(first: 500) { totalCount } epcis { id name } placesGeoJson(limit: 500) }',
    );
    // A fresh cache: a refused page leaves the pages already cached in place (see nullableRelayStylePagination).
    const client = new ApolloClient({ link: new HttpLink({ uri }), cache: createCache() });
    const result = await client.query({ query, errorPolicy: 'all', fetchPolicy: 'network-only' });
    client.stop();
    const data = result.data as any;
    expect(data.places).toBeNull();
    expect(data.epcis).toHaveLength(12);
    expect(data.placesGeoJson.features.length).toBeGreaterThan(100);
    const [error] = (result.error as any).errors;
    expect(error.path).toEqual(['places']);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(error.message).toMatch(/placesGeoJson/);
  });

  it('keeps the pages already cached when a later page is refused', async () => {
    const page = operation('PlacesPage');
    const client = new ApolloClient({ link: new HttpLink({ uri }), cache: createCache() });
    const first = await run(page, { first: 10 }, client);
    const refused = await run(page, { first: 500, after: first.data.places.pageInfo.endCursor }, client);
    expect(refused.errors[0]).toMatchObject({ path: ['places'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(client.readQuery({ query: page.document, variables: { first: 10 } })).toEqual(first.data);
    client.stop();
  });

  it('prints the data-loss warning when indicator objects are asked without their id (the harness can fail)', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri, headers: await bearer('prefecture') }),
      cache: createCache(),
    });
    const period = { from: '2025-01-01', to: '2026-12-31' };
    const big = parse(
      'query Big($from: Date!, $to: Date!) { epci(siren: "200023307") { id passStats(from: $from, to: $to) { passesIssued carnetsIssued } } }',
    );
    const small = parse(
      'query Small($from: Date!, $to: Date!) { epci(siren: "200023307") { id passStats(from: $from, to: $to) { passesIssued } } }',
    );
    await client.query({ query: big, variables: period, fetchPolicy: 'network-only' });
    await client.query({ query: small, variables: period, fetchPolicy: 'network-only' });
    expect(consoleCalls.join('\n')).toMatch(/Cache data may be lost/);
    consoleCalls.length = 0;
    client.stop();
  });
});
