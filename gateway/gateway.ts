import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  authConfigFromEnv,
  viewerFromAuthorization,
  type AuthConfig,
  type Viewer,
} from '../subgraphs/shared/auth';
import { closeServer, createHttpServer } from '../subgraphs/shared/http';
import { armorConfig, queryLimitsFromEnv, type QueryLimits } from './limits';
import { corsConfigFromEnv, corsHandler, type CorsConfig } from './cors';
import { exportsHandler } from './exports';
import { formatError } from '../subgraphs/shared/server';
import { ResponseCache, type ResponseCacheConfig, type ResponseCacheStats } from './response-cache';
import { subgraphsOf } from './supergraph';

export interface GatewayConfig {
  supergraphSdl: string;
  /** Token verification; the gateway rejects bad tokens early, and every subgraph verifies them again. */
  auth?: AuthConfig;
  limits?: QueryLimits;
  /** Subgraph name -> GraphQL URL; defaults to the URLs in the supergraph. */
  subgraphUrls?: Record<string, string>;
  introspection?: boolean;
  maxBodyBytes?: number;
  /** Share identical concurrent subgraph reads (default true). */
  deduplicateReads?: boolean;
  /** A Redis-backed cache of anonymous reads, shared by the replicas (off when absent). */
  responseCache?: ResponseCacheConfig;
  /** Browser origins allowed to call /graphql (default: CORS_ORIGINS, empty). */
  cors?: CorsConfig;
}

export interface GatewayContext extends BaseContext {
  authorization?: string;
  viewer: Viewer;
}

/** Counts fetches per subgraph, for tests and the benchmark (GET /metrics). */
export class GatewayMetrics {
  requests = 0;
  readonly subgraphFetches: Record<string, number> = {};
  responseCache: ResponseCacheStats | undefined;

  snapshot() {
    return {
      requests: this.requests,
      subgraphFetches: { ...this.subgraphFetches },
      ...(this.responseCache ? { responseCache: { ...this.responseCache } } : {}),
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

interface BufferedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

type Fetcher = (input: string, init: RequestInit) => Promise<Response>;

/**
 * In-flight deduplication of subgraph reads: identical concurrent query fetches (same URL, token and body) share
 * one subgraph request; each caller parses its own copy. Mutations and anything else always go through.
 */
function deduplicating(fetcher: Fetcher): Fetcher {
  const inFlight = new Map<string, Promise<BufferedResponse>>();
  return async (input, init) => {
    const body = typeof init.body === 'string' ? init.body : null;
    // The gateway serializes { query, variables, … } with query first; only plain reads are shared.
    if (!body || !(body.startsWith('{"query":"query ') || body.startsWith('{"query":"{'))) {
      return fetcher(input, init);
    }
    const headers = init.headers as Record<string, string> | undefined;
    const key = `${input}\n${headers?.authorization ?? ''}\n${body}`;
    let shared = inFlight.get(key);
    if (!shared) {
      shared = fetcher(input, init)
        .then(async (r) => ({
          status: r.status,
          statusText: r.statusText,
          headers: r.headers,
          text: await r.text(),
        }))
        .finally(() => inFlight.delete(key));
      inFlight.set(key, shared);
    }
    const answer = await shared;
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.text, answer);
  };
}

/** The Apollo gateway on the committed supergraph, behind the same plain HTTP server as the subgraphs. Never listens. */
export async function createGateway(config: GatewayConfig): Promise<Gateway> {
  const metrics = new GatewayMetrics();
  const urls = Object.fromEntries(
    subgraphsOf(config.supergraphSdl).map(({ name, url }) => [name, config.subgraphUrls?.[name] ?? url]),
  );
  // Unless told otherwise, @apollo/gateway 2.14 reports anonymous usage to Apollo over OTLP and probes cloud
  // metadata endpoints (Azure, GCP…) as it starts: the hub sends nothing anywhere by default
  // (APOLLO_TELEMETRY_DISABLED=false lets it).
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: config.supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphDataSource({
        url: urls[name] ?? url,
        // Node's fetch (undici) keeps connections alive and pools them per subgraph origin.
        fetcher: (config.deduplicateReads === false ? (f: Fetcher) => f : deduplicating)(
          (input: string, init: RequestInit) => {
            metrics.subgraphFetches[name] = (metrics.subgraphFetches[name] ?? 0) + 1;
            return fetch(input, init);
          },
        ) as never,
      }),
  });
  const auth = config.auth ?? authConfigFromEnv();
  const armor = new ApolloArmor(armorConfig(config.limits ?? queryLimitsFromEnv())).protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    // Depth, aliases, tokens, directives and cost are checked before planning: a refused query reaches no subgraph.
    // No cache hints either: the response cache keys on the request, not on @cacheControl.
    plugins: [...armor.plugins, ApolloServerPluginCacheControlDisabled()] as never,
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection ?? true,
    // onShutdown in the kit handles SIGINT/SIGTERM; Apollo's own handler would race it and stall the stop.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
  });
  await apollo.start();
  const cache = config.responseCache ? new ResponseCache(config.responseCache) : undefined;
  await cache?.start();
  metrics.responseCache = cache?.stats;
  const http = createHttpServer({
    around: cache?.around,
    handlers: [corsHandler(config.cors ?? corsConfigFromEnv()), exportsHandler()],
    apollo,
    maxBodyBytes: config.maxBodyBytes,
    context: async (req: IncomingMessage) => ({
      authorization: req.headers.authorization,
      viewer: await viewerFromAuthorization(auth, req.headers.authorization),
    }),
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
      await closeServer(http);
      await cache?.stop();
      await apollo.stop();
    },
  };
}
