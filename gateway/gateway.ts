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
import { SIGNATURE_HEADER, signingKeysFromEnv, signer, type SigningKeys } from '../common/gateway-signature';
import { inputLimitsFromEnv, inputLimitsPlugin } from '../common/input-limits';
import { armorConfig, parseOptions, queryLimitsFromEnv, type QueryLimits } from '../common/query-limits';
import { corsConfigFromEnv, corsHandler, type CorsConfig } from './cors';
import {
  admission,
  admissionLimitsFromEnv,
  admittedHeavy,
  yieldingToCheap,
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
import {
  SingleFetch,
  spliceRawData,
  type FetchedAnswer,
  type SingleFetchContext,
  type SingleFetchStats,
} from './single-fetch';
import { exportsProxy } from './exports';
import { BufferedResponse, postToSubgraph } from './subgraph-client';
import { Forwarding } from './forward';

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
  /** Forward a single-subgraph answer as the subgraph wrote it (gateway/single-fetch.ts; default true). */
  singleFetchPassthrough?: boolean;
}

export interface GatewayContext extends BaseContext, SingleFetchContext {
  authorization?: string;
  viewer: Viewer;
  /** Sent to the subgraphs and echoed to the client (X-Request-Id). */
  requestId?: string;
  /** When the gateway gives up on this request (epoch ms). */
  deadline?: number;
  /** The client's Idempotency-Key, forwarded to the subgraphs. */
  idempotencyKey?: string;
  /** A heavy request's subgraph fetches go through this (common/admission.ts, yieldingToCheap). Absent for the others. */
  serial?: <T>(fetch: () => Promise<T>) => Promise<T>;
}

/** Counts fetches per subgraph, for tests and the benchmark (GET /metrics). */
export class GatewayMetrics {
  requests = 0;
  /** Subgraph requests sent. */
  readonly subgraphFetches: Record<string, number> = {};
  /** Subgraph reads that joined an identical one in flight instead of being sent (in-flight deduplication). */
  deduplicatedFetches: Record<string, number> = {};
  singleFetch: SingleFetchStats | undefined;
  responseCache: ResponseCacheStats | undefined;
  admission: (() => AdmissionStats) | undefined;

  snapshot() {
    return {
      requests: this.requests,
      ...(this.admission ? { admission: this.admission() } : {}),
      subgraphFetches: { ...this.subgraphFetches },
      deduplicatedFetches: { ...this.deduplicatedFetches },
      ...(this.singleFetch
        ? { singleFetch: { ...this.singleFetch, planned: { ...this.singleFetch.planned } } }
        : {}),
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
    private readonly sign: (authorization: string) => string,
  ) {
    super(options);
  }

  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    const headers = request.http?.headers;
    if (!headers) return;
    // Apollo types a data source's context loosely; this gateway's is always a GatewayContext.
    const ctx = context as GatewayContext;
    subgraphHeaders(this.sign, ctx, (name, value) => headers.set(name, value));
    const replay = ctx.replay;
    if (replay && replay.query === request.query) {
      ctx.replay = undefined;
      const id = String(++replayIds);
      replays.set(id, replay);
      headers.set(REPLAY_HEADER, id);
    }
  }

  /** A subgraph's 4xx/5xx: bad input stays BAD_USER_INPUT naming its field; no internal URL reaches the caller. */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const body = await this.parseBody(response).catch(() => undefined);
    return withHttpStatus(subgraphHttpError(response.status, response.statusText, body), response.status);
  }

  /** A subgraph down or too slow: a coded error at its path (see resilience.ts), the rest of the answer goes on. */
  override async process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]) {
    const { serial } = options.context as Partial<GatewayContext>;
    try {
      return await (serial ? serial(() => super.process(options)) : super.process(options));
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

type Fetcher = (input: string, init: RequestInit) => Promise<FetchedAnswer>;

/** Marks @apollo/gateway's own fetch of an answer the single-fetch path already has (never sent to a subgraph). */
const REPLAY_HEADER = 'x-declic47-replay';

/**
 * In-flight deduplication of subgraph reads: identical concurrent query fetches (same URL, token and body) share
 * one subgraph request, and each caller gets the same buffered answer. Mutations and anything else always go through.
 */
function deduplicating(fetcher: Fetcher, stats: { merged: Record<string, number> }, name: string): Fetcher {
  const inFlight = new Map<string, Promise<FetchedAnswer>>();
  return (input, init) => {
    const body = typeof init.body === 'string' ? init.body : null;
    // The gateway serializes { query, variables, … } with query first; only plain reads are shared.
    if (!body || !(body.startsWith('{"query":"query ') || body.startsWith('{"query":"{'))) {
      return fetcher(input, init);
    }
    const headers = init.headers as Record<string, string> | undefined;
    const key = `${input}\n${headers?.authorization ?? ''}\n${body}`;
    const shared = inFlight.get(key);
    if (shared) {
      stats.merged[name] = (stats.merged[name] ?? 0) + 1;
      return shared;
    }
    const sent = fetcher(input, init).finally(() => inFlight.delete(key));
    inFlight.set(key, sent);
    return sent;
  };
}

/** Subgraph answers fetched and buffered once by the single-fetch path, handed to @apollo/gateway by id. */
const replays = new Map<string, { answer?: FetchedAnswer; error?: unknown }>();
let replayIds = 0;

/** @apollo/gateway's fetcher: a replayed answer when the single-fetch path already has it, else a real fetch. */
function replaying(fetcher: Fetcher): (input: string, init: RequestInit) => Promise<BufferedResponse> {
  return async (input, init) => {
    const headers = init.headers as Record<string, string>;
    const id = headers[REPLAY_HEADER];
    const replay = id ? replays.get(id) : undefined;
    let answer: FetchedAnswer;
    if (replay) {
      replays.delete(id!);
      if (replay.error) throw replay.error;
      answer = replay.answer!;
    } else {
      answer = await fetcher(input, init);
    }
    return new BufferedResponse(answer, input);
  };
}

/** The headers of every subgraph request: the caller's token, the gateway's signature, request id and deadline. */
function subgraphHeaders(
  sign: (authorization: string) => string,
  context: GatewayContext,
  set: (name: string, value: string) => void,
) {
  if (context.authorization) set('authorization', context.authorization);
  set(SIGNATURE_HEADER, sign(context.authorization ?? ''));
  if (context.requestId) set(REQUEST_ID_HEADER, context.requestId);
  if (context.deadline) set(DEADLINE_HEADER, String(context.deadline));
  if (context.idempotencyKey) set(IDEMPOTENCY_HEADER, context.idempotencyKey);
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
  const sign = signer(signingKeys);
  const deadlines = config.deadlines ?? deadlinesFromEnv();
  const dedupe = { merged: {} as Record<string, number> };
  metrics.deduplicatedFetches = dedupe.merged;
  // One buffered fetcher per subgraph, shared by @apollo/gateway's data sources and the single-fetch path:
  // counted, bounded by the deadlines, deduplicated, over kept-alive connections (gateway/subgraph-client.ts).
  const senders: Record<string, Fetcher> = {};
  for (const { name } of subgraphsOf(config.supergraphSdl)) {
    const counted: Fetcher = withDeadline(async (input: string, init: RequestInit, timeoutMs: number) => {
      metrics.subgraphFetches[name] = (metrics.subgraphFetches[name] ?? 0) + 1;
      return postToSubgraph(input, init, timeoutMs);
    }, deadlines);
    senders[name] = config.deduplicateReads === false ? counted : deduplicating(counted, dedupe, name);
  }
  const gateway = new ApolloGateway({
    supergraphSdl: config.supergraphSdl,
    buildService: ({ name, url }) =>
      Object.assign(
        new SubgraphDataSource({ url: urls[name] ?? url, fetcher: replaying(senders[name]) as never }, sign),
        { serviceName: name },
      ),
  });
  const singleFetch =
    config.singleFetchPassthrough === false
      ? undefined
      : new SingleFetch({
          supergraphSdl: config.supergraphSdl,
          send: (service, body, context: GatewayContext) => {
            const headers: Record<string, string> = { 'content-type': 'application/json' };
            subgraphHeaders(sign, context, (name, value) => (headers[name] = value));
            return senders[service](urls[service], { method: 'POST', headers, body });
          },
        });
  metrics.singleFetch = singleFetch?.stats;
  const auth = config.auth ?? authConfigFromEnv();
  const limits = config.limits ?? queryLimitsFromEnv();
  const armor = new ApolloArmor(armorConfig(limits)).protect();
  const inputLimits = inputLimitsFromEnv();
  const apollo = new ApolloServer<GatewayContext>({
    // @apollo/gateway as it ships, its executor behind the single-fetch path (gateway/single-fetch.ts).
    gateway: singleFetch
      ? {
          load: async (options: Parameters<ApolloGateway['load']>[0]) => {
            const loaded = await gateway.load(options);
            return { ...loaded, executor: singleFetch.wrap(loaded.executor) };
          },
          onSchemaLoadOrUpdate: (callback: Parameters<ApolloGateway['onSchemaLoadOrUpdate']>[0]) =>
            gateway.onSchemaLoadOrUpdate(callback),
          stop: () => gateway.stop(),
        }
      : gateway,
    formatError,
    // Depth, aliases, tokens, directives and cost are checked before planning: a refused query reaches no subgraph.
    // No cache hints either: the response cache keys on the request, not on @cacheControl.
    // Apollo's landing page loads from CDNs; the gateway serves its own explorer instead.
    plugins: [
      ...(config.trustedDocuments ? [trustedDocumentsPlugin(config.trustedDocuments)] : []),
      ...armor.plugins,
      inputLimitsPlugin(inputLimits),
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
    { holdEarlyRetries: true },
  );
  metrics.admission = admit.stats;
  const context = async (req: IncomingMessage): Promise<GatewayContext> => ({
    authorization: req.headers.authorization,
    viewer: await viewerFromAuthorization(auth, req.headers.authorization),
    requestId: req.headers[REQUEST_ID_HEADER] as string | undefined,
    deadline: Date.now() + deadlines.requestMs,
    idempotencyKey: req.headers[IDEMPOTENCY_HEADER] as string | undefined,
    forwarded: {},
    ...(admittedHeavy(req) ? { serial: yieldingToCheap(admit.cheapInFlight) } : {}),
  });
  // Operations the single-fetch path forwards skip Apollo Server once it has validated them (gateway/forward.ts).
  const forwarding = singleFetch && new Forwarding(singleFetch, inputLimits, context);
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
    context,
    shortcut: forwarding && ((req, request) => forwarding.answer(req, request)),
    onRequest: () => metrics.requests++,
    // The single-fetch path's answer: the subgraph's data as it came, in place of Apollo Server's placeholder.
    finish: (context, body, head, req) => {
      if (context.forwarded.rawData === undefined) return body;
      if (head.status === 200) forwarding?.learn(req.headers.accept, head.headers.get('content-type'));
      return spliceRawData(body, context.forwarded.rawData);
    },
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
