import { createHash } from 'node:crypto';
import { Kind, parse, type DocumentNode, type OperationTypeNode } from 'graphql';
import Redis from 'ioredis';
import type { GraphQLHttpAnswer, GraphQLHttpRequest } from '../common/http';

/**
 * A response cache for public reads, shared by every gateway replica through Redis.
 *
 * Public means anonymous: a request without an Authorization header is answered with what anyone may see
 * (the subgraphs guard everything else), so its answer may be shared. A request with a token is never
 * looked up nor stored. Only queries are cached, only answers without errors, for `ttlSeconds` at most.
 * Any mutation through any replica starts a new generation: the entries of the old one are never read again
 * (they expire on their own), and the other replicas learn it at once through Redis pub/sub. A write made
 * straight to a subgraph, bypassing the gateway, shows after the TTL.
 *
 * Redis is an accelerator, never a dependency: when it is down or slow, requests go through uncached.
 */
export interface ResponseCacheConfig {
  /** redis://host:port[/db] */
  url: string;
  ttlSeconds: number;
  /** Keys and the pub/sub channel start with it; replicas of one hub share it. */
  prefix?: string;
  /** A Redis command slower than this counts as a failure and the request goes through (default 50 ms). */
  timeoutMs?: number;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  stores: number;
  /** Requests not eligible: with a token, a mutation, a GET, an unparsable body. */
  bypassed: number;
  /** Redis errors or timeouts (the request went through uncached). */
  failures: number;
  invalidations: number;
}

interface Operation {
  type: OperationTypeNode | undefined;
}

/** Parsed operation types per query text, so that a repeated query is parsed once. */
class OperationTypes {
  private readonly known = new Map<string, Map<string, OperationTypeNode | undefined>>();

  constructor(private readonly max = 2000) {}

  of(query: string, operationName: string | undefined): Operation {
    let byName = this.known.get(query);
    if (!byName) {
      byName = new Map();
      let document: DocumentNode | undefined;
      try {
        document = parse(query, { noLocation: true });
      } catch {
        document = undefined;
      }
      const operations = (document?.definitions ?? []).filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      for (const op of operations) byName.set(op.name?.value ?? '', op.operation);
      // An anonymous request names no operation: it is well defined only when the document has one.
      if (operations.length === 1) byName.set('\u0000only', operations[0].operation);
      if (this.known.size >= this.max) this.known.delete(this.known.keys().next().value as string);
      this.known.set(query, byName);
    }
    return { type: byName.get(operationName ?? '\u0000only') };
  }
}

/**
 * Rejects when the answer has not come within `ms`. When the timer fires, the rejection waits for the next
 * check phase: if the event loop itself was blocked past the deadline (a long synchronous task, a busy
 * machine), an answer already in the socket is read in the poll phase first and wins, so Redis is not
 * blamed for the process's own delay.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  let immediate: NodeJS.Immediate | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => {
        immediate = setImmediate(() => reject(new Error(`redis: no answer within ${ms} ms`)));
      }, ms);
    }),
  ]).finally(() => {
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  });
}

export class ResponseCache {
  readonly stats: ResponseCacheStats = {
    hits: 0,
    misses: 0,
    stores: 0,
    bypassed: 0,
    failures: 0,
    invalidations: 0,
  };
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly operations = new OperationTypes();
  /** The current generation; entries are keyed by it. Undefined until Redis has told it. */
  private generation: string | undefined;
  private warned = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private readonly firstSubscription: Promise<void>;

  constructor(private readonly config: ResponseCacheConfig) {
    this.prefix = config.prefix ?? 'declic47:responses';
    this.timeoutMs = config.timeoutMs ?? 50;
    const options = {
      // Fail fast while disconnected rather than queue: the request goes through uncached.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      lazyConnect: true,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 5000),
    };
    this.redis = new Redis(config.url, options);
    this.subscriber = new Redis(config.url, { ...options, autoResubscribe: false });
    this.redis.on('error', (error) => this.warn(error));
    this.subscriber.on('error', (error) => this.warn(error));
    // After any (re)connection of either client, start a new generation: invalidations may have been missed
    // or lost meanwhile, and a replica that starts may serve another supergraph than the entries were made with.
    this.redis.on('ready', () => void this.invalidate());
    // The subscription is made on every connection, the first included, not once at start: a replica whose
    // first connection failed (Redis down, or this process too busy to connect in time) must still hear the
    // other replicas' invalidations once Redis is reachable.
    let subscribed: () => void;
    this.firstSubscription = new Promise((done) => (subscribed = done));
    this.subscriber.on('ready', () => {
      this.subscriber
        .subscribe(this.channel)
        .then(() => this.invalidate())
        .catch((error) => this.warn(error))
        .finally(() => subscribed());
    });
    this.subscriber.on('message', (_channel, generation: string) => {
      // Publications of two replicas may arrive out of order: generations only move forward.
      if (this.generation === undefined || Number(generation) > Number(this.generation)) {
        this.generation = generation;
      }
    });
  }

  private get generationKey() {
    return `${this.prefix}:generation`;
  }

  private get channel() {
    return `${this.prefix}:invalidations`;
  }

  /**
   * Connects both clients and subscribes; resolves even when Redis is down (the cache then stays off until it is
   * up, and both clients keep trying).
   */
  async start(): Promise<void> {
    await Promise.all([
      this.redis.connect().catch((error) => this.warn(error)),
      this.subscriber
        .connect()
        .then(() => this.firstSubscription)
        .catch((error) => this.warn(error)),
    ]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.redis.disconnect();
    this.subscriber.disconnect();
  }

  private warn(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    console.error(
      `response cache: Redis at ${this.config.url} unavailable, serving uncached (${String(error)})`,
    );
  }

  /** The cache key of an eligible read, or undefined. */
  private keyOf(request: GraphQLHttpRequest): { key?: string; mutation: boolean } {
    const body = request.body as
      { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    if (request.method !== 'POST' || typeof body?.query !== 'string') return { mutation: false };
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const { type } = this.operations.of(body.query, operationName);
    if (type !== 'query') return { mutation: type === 'mutation' };
    if (request.headers.authorization !== undefined || this.generation === undefined)
      return { mutation: false };
    const hash = createHash('sha256')
      .update(body.query)
      .update('\u0000')
      .update(operationName ?? '')
      .update('\u0000')
      .update(JSON.stringify(body.variables ?? null))
      .digest('base64url');
    return { key: `${this.prefix}:${this.generation}:${hash}`, mutation: false };
  }

  /** The `around` hook of the HTTP server. */
  readonly around = async (
    request: GraphQLHttpRequest,
    execute: () => Promise<GraphQLHttpAnswer>,
  ): Promise<GraphQLHttpAnswer> => {
    const { key, mutation } = this.keyOf(request);
    // Anonymous mutations are all refused (tests/e2e/auth.test.ts): they may not flush the cache.
    if (mutation && request.headers.authorization !== undefined) {
      const answer = await execute();
      await this.invalidate();
      return answer;
    }
    if (!key) {
      this.stats.bypassed++;
      return execute();
    }
    let cached: string | null = null;
    try {
      cached = await withTimeout(this.redis.get(key), this.timeoutMs);
    } catch {
      this.stats.failures++;
    }
    if (cached !== null) {
      this.stats.hits++;
      return {
        status: 200,
        headers: [
          ['content-type', 'application/json; charset=utf-8'],
          ['x-cache', 'HIT'],
        ],
        body: cached,
      };
    }
    this.stats.misses++;
    const answer = await execute();
    if (answer.status === 200 && !hasErrors(answer.body)) {
      // Not awaited: the caller has its answer; a failed store only means a later miss.
      this.redis
        .set(key, answer.body, 'EX', this.config.ttlSeconds)
        .then(() => this.stats.stores++)
        .catch(() => this.stats.failures++);
    }
    return { ...answer, headers: [...answer.headers, ['x-cache', 'MISS']] };
  };

  /**
   * A new generation for every replica: after each mutation, whatever its outcome, and on (re)connection.
   * Until Redis has counted it, this replica caches nothing, and it keeps trying.
   */
  async invalidate(): Promise<void> {
    this.stats.invalidations++;
    clearTimeout(this.retry);
    try {
      const generation = String(await withTimeout(this.redis.incr(this.generationKey), this.timeoutMs * 10));
      this.generation = generation;
      this.warned = false;
      await withTimeout(this.redis.publish(this.channel, generation), this.timeoutMs * 10);
    } catch (error) {
      this.generation = undefined;
      this.stats.failures++;
      this.warn(error);
      if (!this.stopped) this.retry = setTimeout(() => void this.invalidate(), 1000).unref();
    }
  }
}

/** Whether a GraphQL answer carries a top-level `errors` (a partial answer is never shared). */
function hasErrors(body: string): boolean {
  return body.includes('"errors"');
}
