import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { auditServer, type AuditResult } from 'graphql-http';
import { createGateway, type Gateway } from '../../gateway/gateway';
import { readSupergraph } from '../../gateway/supergraph';
import { listen } from '../../common/http';
import type { Database } from '../../subgraphs/shared/orm';
import { createSubgraphServer } from '../../subgraphs/shared/server';
import { placesSubgraph } from '../../subgraphs/places';
import { openTestDatabase } from '../helpers/database';
import { gatewaySignature } from '../helpers/hub';

/**
 * The GraphQL-over-HTTP audit of the graphql-http package against the gateway and a subgraph: no MUST fails,
 * and no more warnings than a stock Apollo Server 5 gets.
 */
let stock: ApolloServer;
let stockUrl: string;
let gateway: Gateway;
let gatewayUrl: string;
let db: Database;
let subgraph: { stop(): Promise<void> };
let subgraphUrl: string;

beforeAll(async () => {
  stock = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'hi' } },
  });
  stockUrl = (await startStandaloneServer(stock, { listen: { port: 0, host: '127.0.0.1' } })).url + 'graphql';
  // The audit asks only for `__typename`: the gateway answers it without reaching a subgraph.
  gateway = await createGateway({ supergraphSdl: readSupergraph() });
  gatewayUrl = `http://127.0.0.1:${await listen(gateway.http, 0)}/graphql`;
  db = await openTestDatabase(placesSubgraph);
  const places = await createSubgraphServer(placesSubgraph, db.orm);
  subgraph = places;
  subgraphUrl = `http://127.0.0.1:${await listen(places.http, 0)}/graphql`;
});

afterAll(async () => {
  await stock?.stop();
  await gateway?.stop();
  await subgraph?.stop();
  await db?.close();
});

const summary = (results: AuditResult[]) => ({
  mustFailures: results
    .filter((r) => r.status === 'error')
    .map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`),
  warnings: results.filter((r) => r.status === 'warn').map((r) => r.name),
});

describe('GraphQL over HTTP (graphql-http audit)', () => {
  it.each([
    ['the gateway', () => gatewayUrl],
    ['the places subgraph', () => subgraphUrl],
  ])('%s: no MUST failure, no more warnings than stock Apollo Server', async (_name, url) => {
    const baseline = summary(await auditServer({ url: stockUrl }));
    // Signed as the gateway signs: a subgraph answers nothing else (the gateway ignores the header).
    const signed: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      for (const [name, value] of Object.entries(gatewaySignature())) headers.set(name, value);
      return fetch(input, { ...init, headers });
    };
    const ours = summary(await auditServer({ url: url(), fetchFn: signed }));
    expect(ours.mustFailures).toEqual([]);
    expect(ours.warnings.filter((w) => !baseline.warnings.includes(w))).toEqual([]);
  });
});
