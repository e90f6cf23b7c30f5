import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { createHttpServer } from '../subgraphs/shared/http';
import { formatError } from '../subgraphs/shared/server';
import { subgraphsOf } from './supergraph';

export interface GatewayConfig {
  supergraphSdl: string;
  /** Subgraph name -> GraphQL URL; defaults to the URLs in the supergraph. */
  subgraphUrls?: Record<string, string>;
  introspection?: boolean;
  maxBodyBytes?: number;
}

export interface GatewayContext extends BaseContext {
  authorization?: string;
}

/** Counts fetches per subgraph, for tests and the benchmark (GET /metrics). */
export class GatewayMetrics {
  requests = 0;
  readonly subgraphFetches: Record<string, number> = {};

  snapshot() {
    return {
      requests: this.requests,
      subgraphFetches: { ...this.subgraphFetches },
      rssBytes: process.memoryUsage().rss,
    };
  }
}

export interface Gateway {
  http: Server;
  apollo: ApolloServer<GatewayContext>;
  metrics: GatewayMetrics;
  stop(): Promise<void>;
}

/** Forwards the caller's token so each subgraph can verify it again; counts fetches; uses pooled keep-alive connections. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

/** The Apollo gateway on the committed supergraph, behind the same plain HTTP server as the subgraphs. Never listens. */
export async function createGateway(config: GatewayConfig): Promise<Gateway> {
  const metrics = new GatewayMetrics();
  const urls = Object.fromEntries(
    subgraphsOf(config.supergraphSdl).map(({ name, url }) => [name, config.subgraphUrls?.[name] ?? url]),
  );
  const gateway = new ApolloGateway({
    supergraphSdl: config.supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        url: urls[name] ?? url,
        // Node's fetch (undici) keeps connections alive and pools them per subgraph origin.
        fetcher: ((input: string, init: RequestInit) => {
          metrics.subgraphFetches[name] = (metrics.subgraphFetches[name] ?? 0) + 1;
          return fetch(input, init);
        }) as never,
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection ?? true,
    csrfPrevention: true,
  });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    maxBodyBytes: config.maxBodyBytes,
    context: async (req: IncomingMessage) => ({ authorization: req.headers.authorization }),
    onRequest: () => metrics.requests++,
    metrics: () => metrics.snapshot(),
    ready: async () => {
      const answers = await Promise.all(
        Object.values(urls).map((url) =>
          fetch(new URL('/ready', url), { signal: AbortSignal.timeout(2000) })
            .then((r) => r.ok)
            .catch(() => false),
        ),
      );
      return answers.every(Boolean);
    },
  });
  return {
    http,
    apollo,
    metrics,
    stop: async () => {
      await new Promise<void>((done) => http.close(() => done()));
      await apollo.stop();
    },
  };
}
