import 'reflect-metadata';
import request from 'supertest';
import { createGateway, type Gateway, type GatewayConfig } from '../../gateway/gateway';
import { readSupergraph } from '../../gateway/supergraph';
import { listen } from '../../common/http';
import { SIGNATURE_HEADER, signingKeysFromEnv, signRequest } from '../../common/gateway-signature';
import type { Database } from '../../subgraphs/shared/orm';
import { startRollupFolding } from '../../subgraphs/shared/rollup-fold';
import { createSubgraphServer, type SubgraphServer } from '../../subgraphs/shared/server';
import { subgraphs, type RegisteredSubgraph } from '../../subgraphs/registry';
import { openTestDatabase } from './database';

export interface RunningSubgraph {
  db: Database;
  server: SubgraphServer<unknown>;
  url: string;
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface Hub {
  gateway: Gateway;
  subgraphs: Record<string, RunningSubgraph>;
  /** A query through the gateway. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** The header the gateway adds to a subgraph request, for tests that call a subgraph directly. */
export function gatewaySignature(authorization = ''): Record<string, string> {
  return { [SIGNATURE_HEADER]: signRequest(signingKeysFromEnv(), authorization) };
}

/** Runs a GraphQL request against a server with supertest. */
export async function graphql<T = any>(
  server: Parameters<typeof request>[0],
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await request(server)
    .post('/graphql')
    // Signed as the gateway signs, so a test may call a subgraph directly (the gateway ignores the header).
    .set({
      'content-type': 'application/json',
      ...gatewaySignature(headers.authorization ?? ''),
      ...headers,
    })
    .send({ query, variables });
  return { status: res.status, data: res.body.data, errors: res.body.errors };
}

/** Starts one subgraph on port 0 over a fresh seeded database, its rollups folded as `npm start` folds them. */
export async function startSubgraph(entry: RegisteredSubgraph): Promise<RunningSubgraph> {
  const opened = await openTestDatabase(entry.definition, entry.seed);
  const stopFolding = startRollupFolding(opened.orm, entry.definition);
  const db: Database = {
    ...opened,
    close: async () => {
      await stopFolding();
      await opened.close();
    },
  };
  // Tests that fire concurrent requests test the ledger or the seats, not admission control (its own tests).
  const server = await createSubgraphServer(entry.definition, db.orm, {
    limits: { maxInFlight: 1000, maxHeavyInFlight: 1000, heavyCost: 1000 },
  });
  const port = await listen(server.http, 0);
  return { db, server, url: `http://127.0.0.1:${port}/graphql` };
}

/** Every subgraph and the gateway on port 0, the gateway serving the committed supergraph. */
export async function startHub(gatewayOptions: Partial<GatewayConfig> = {}): Promise<Hub> {
  const running: Record<string, RunningSubgraph> = {};
  let gateway: Gateway | undefined;
  const stop = async () => {
    await gateway?.stop();
    for (const sub of Object.values(running)) {
      await sub.server.stop();
      await sub.db.close();
    }
  };
  try {
    await Promise.all(
      subgraphs.map(async (entry) => {
        running[entry.definition.name] = await startSubgraph(entry);
      }),
    );
    gateway = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(running).map(([name, sub]) => [name, sub.url])),
      // Tests that fire concurrent requests test the ledger or the seats, not admission control (its own tests).
      admission: { maxInFlight: 1000, maxHeavyInFlight: 1000, heavyCost: 1000 },
      ...gatewayOptions,
    });
    const port = await listen(gateway.http, 0);
    // The hosting rule of people and training asks the gateway.
    process.env.GATEWAY_URL = `http://127.0.0.1:${port}/graphql`;
  } catch (error) {
    await stop();
    throw error;
  }
  const gw = gateway;
  return { gateway: gw, subgraphs: running, query: (q, v, h) => graphql(gw.http, q, v, h), stop };
}
