import { buildSchema, type GraphQLError } from 'graphql';
import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { authConfigFromEnv, viewerFromAuthorization, type AuthConfig, type Viewer } from '../common/auth';
import { closeServer, createHttpServer } from '../common/http';
import {
  SIGNATURE_HEADER,
  signingKeysFromEnv,
  signRequest,
  type SigningKeys,
} from '../common/gateway-signature';
import { inputLimitsPlugin } from '../common/input-limits';
import { armorConfig, parseOptions, queryLimitsFromEnv, type QueryLimits } from '../common/query-limits';
import { corsConfigFromEnv, corsHandler, type CorsConfig } from './cors';
import {
  admission,
  admissionLimitsFromEnv,
  REQUEST_ID_HEADER,
  requestId,
  type AdmissionLimits,
  type AdmissionStats,
} from '../common/admission';
import { operationOf, requestCoster } from '../common/request-cost';
import {
  DEADLINE_HEADER,
  deadlinesFromEnv,
  subgraphFailure,
  withDeadline,
  type Deadlines,
} from './resilience';
import { exportsHandler } from './query-export';
import { formatError } from '../common/format-error';
import { failureLogPlugin } from '../common/failures';
import { IDEMPOTENCY_HEADER } from '../common/headers';
import { ResponseCache, type ResponseCacheConfig, type ResponseCacheStats } from './response-cache';
import { adminOnlyMetrics } from './metrics-route';
import { trustedDocumentsPlugin, type TrustedDocuments } from './trusted-documents';
import { subgraphHttpError } from './subgraph-errors';
import { subgraphsOf } from './supergraph';
import { explorerHandler, type ExplorerOptions } from './explorer';
import { vocabulariesHandler } from './vocabularies';
import { exportsProxy } from './exports';

export interface GatewayConfig {
  supergraphSdl: string;
  /** Token verification; the gateway rejects bad tokens early, and every subgraph verifies them again. */
  auth?: AuthConfig;
  limits?: QueryLimits;
  /** Subgraph name -> GraphQL URL; defaults to the URLs in the supergraph. */
  subgraphUrls?: Record<string, string>;
  introspection?: boolean;
  /** The GraphiQL explorer at /explorer/ (gateway/explorer.ts); defaults to the introspection setting. */
  explorer?: boolean | ExplorerOptions;
  maxBodyBytes?: number;
  /** Share identical concurrent subgraph reads (default true). */
  deduplicateReads?: boolean;
  /** Signs every subgraph request (GATEWAY_SIGNING_KEY; see subgraphs/shared/SECURITY.md). */
  signingKeys?: SigningKeys;
  /** Registered operations first-party frontends call by id (TRUSTED_DOCUMENTS); see subgraphs/shared/SECURITY.md. */
  trustedDocuments?: TrustedDocuments;
  /** A Redis-backed cache of anonymous reads, shared by the replicas (off when absent). */
  responseCache?: ResponseCacheConfig;
  /** Browser origins allowed to call /graphql (default: CORS_ORIGINS, empty). */
  cors?: CorsConfig;
  /** REQUEST_TIMEOUT_MS and SUBGRAPH_TIMEOUT_MS by default. */
  deadlines?: Deadlines;
  /**
   * GraphQL requests in flight before 503, and the share of costly ones (MAX_IN_FLIGHT 16, MAX_HEAVY_IN_FLIGHT 4,
   * HEAVY_COST 1000; see scripts/RELIABILITY.md).
   */
  admission?: AdmissionLimits;
}

export interface GatewayContext extends BaseContext {
  authorization?: string;
  viewer: Viewer;
  /** Sent to the subgraphs and echoed to the client (X-Request-Id). */
  requestId?: string;
  /** When the gateway gives up on this request (epoch ms). */
  deadline?: number;
  /** The client's Idempotency-Key, forwarded to the subgraphs. */
  idempotencyKey?: string;
}

/** Counts fetches per subgraph, for tests and the benchmark (GET /metrics). */
export class GatewayMetrics {
  requests = 0;
  readonly subgraphFetches: Record<string, number> = {};
  responseCache: ResponseCacheStats | undefined;
  admission: (() => AdmissionStats) | undefined;

  snapshot() {
    return {
      requests: this.requests,
      ...(this.admission ? { admission: this.admission() } : {}),
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

/** Keeps a subgraph's HTTP status on the error, off its extensions (which reach the caller): resilience.ts reads it. */
function withHttpStatus(error: GraphQLError, status: number): GraphQLError {
  return Object.defineProperty(error, 'httpStatus', { value: status, enumerable: false });
}

/** Forwards the caller's token so each subgraph can verify it again; counts fetches; uses pooled keep-alive connections. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  serviceName = '';

  constructor(
    options: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly keys: SigningKeys,
  ) {
    super(options);
  }

  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    request.http?.headers.set(SIGNATURE_HEADER, signRequest(this.keys, context.authorization ?? ''));
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.deadline) request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
    if (context.idempotencyKey) request.http?.headers.set(IDEMPOTENCY_HEADER, context.idempotencyKey);
  }

  /** A subgraph's 4xx/5xx: bad input stays BAD_USER_INPUT naming its field; no internal URL reaches the caller. */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const body = await this.parseBody(response).catch(() => undefined);
    return withHttpStatus(subgraphHttpError(response.status, response.statusText, body), response.status);
  }

  /** A subgraph down or too slow: a coded error at its path (see resilience.ts), the rest of the answer goes on. */
  override async process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]) {
    try {
      return await super.process(options);
    } catch (error) {
      throw subgraphFailure(
        this.serviceName,
        error,
        'pathInIncomingRequest' in options ? options.pathInIncomingRequest : undefined,
        'document' in options ? options.document : undefined,
        options.request.query,
      );
    }
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
  const signingKeys = config.signingKeys ?? signingKeysFromEnv();
  const deadlines = config.deadlines ?? deadlinesFromEnv();
  const gateway = new ApolloGateway({
    supergraphSdl: config.supergraphSdl,
    buildService: ({ name, url }) =>
      Object.assign(
        new SubgraphDataSource(
          {
            url: urls[name] ?? url,
            // Node's fetch (undici) keeps connections alive and pools them per subgraph origin.
            fetcher: (config.deduplicateReads === false ? (f: Fetcher) => f : deduplicating)(
              withDeadline((input: string, init: RequestInit) => {
                metrics.subgraphFetches[name] = (metrics.subgraphFetches[name] ?? 0) + 1;
                return fetch(input, init);
              }, deadlines),
            ) as never,
          },
          signingKeys,
        ),
        { serviceName: name },
      ),
  });
  const auth = config.auth ?? authConfigFromEnv();
  const limits = config.limits ?? queryLimitsFromEnv();
  const armor = new ApolloArmor(armorConfig(limits)).protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    // Depth, aliases, tokens, directives and cost are checked before planning: a refused query reaches no subgraph.
    // No cache hints either: the response cache keys on the request, not on @cacheControl.
    // Apollo's landing page loads from CDNs; the gateway serves its own explorer instead.
    plugins: [
      ...(config.trustedDocuments ? [trustedDocumentsPlugin(config.trustedDocuments)] : []),
      ...armor.plugins,
      inputLimitsPlugin(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      failureLogPlugin('gateway'),
    ] as never,
    validationRules: armor.validationRules,
    // A syntax error or a query over MAX_TOKENS is a GRAPHQL_PARSE_FAILED answered with HTTP 400.
    parseOptions: parseOptions(limits),
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection ?? true,
    // onShutdown in the kit handles SIGINT/SIGTERM; Apollo's own handler would race it and stall the stop.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    // Automatic persisted queries share one cache across callers: anyone could probe which query texts others sent.
    persistedQueries: false,
  });
  await apollo.start();
  const cache = config.responseCache ? new ResponseCache(config.responseCache) : undefined;
  await cache?.start();
  metrics.responseCache = cache?.stats;
  const explorer = config.explorer ?? config.introspection ?? true;
  // Each request's cost is estimated on the supergraph's types before it runs: costly reads get a share of the
  // slots, cheap ones keep the rest (common/admission.ts).
  const admit = admission(
    config.admission ?? admissionLimitsFromEnv(),
    requestCoster(buildSchema(config.supergraphSdl, { assumeValidSDL: true }), {
      maxTokens: limits.maxTokens,
      documents: config.trustedDocuments,
    }),
  );
  metrics.admission = admit.stats;
  const http = createHttpServer({
    // CORS first: a preflight is answered, and allowed origins get their headers on every answer, refusals included.
    handlers: [
      requestId,
      corsHandler(config.cors ?? corsConfigFromEnv()),
      adminOnlyMetrics(auth),
      admit.handler,
      // POST /exports/query.(csv|xlsx) before the proxy of the places exports (GET /exports/…).
      exportsHandler(),
      exportsProxy(urls.places, signingKeys),
      vocabulariesHandler(config.supergraphSdl),
      ...(explorer ? [explorerHandler(explorer === true ? {} : explorer)] : []),
    ],
    admit: (req, res, request) => admit.admit(req, res, operationOf(request.body, request.search)),
    around: cache?.around,
    apollo,
    maxBodyBytes: config.maxBodyBytes,
    context: async (req: IncomingMessage) => ({
      authorization: req.headers.authorization,
      viewer: await viewerFromAuthorization(auth, req.headers.authorization),
      requestId: req.headers[REQUEST_ID_HEADER] as string | undefined,
      deadline: Date.now() + deadlines.requestMs,
      idempotencyKey: req.headers[IDEMPOTENCY_HEADER] as string | undefined,
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
