import type { Activite, Link, ListResponse, Statistiques, Structure, Utilisateur } from './contract';

/** How the client reaches La Coop and how politely. */
export interface LacoopClientConfig {
  /** Base URL of the API v1, e.g. https://coop-numerique.anct.gouv.fr/api/v1 */
  baseUrl: string;
  /** The bearer token: `client-id:client-secret`. Never logged, never in an error message. */
  token: string;
  /** Items per page, 1–500 (the contract's maximum). */
  pageSize?: number;
  /** Requests per second at most. */
  ratePerSecond?: number;
  /** Attempts per request on 429, 5xx, timeouts and network errors. */
  maxAttempts?: number;
  /** Milliseconds before a request is abandoned (and retried). */
  timeoutMs?: number;
  /** First backoff delay in ms, doubled at each attempt (with jitter), capped at `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Told of every retry; gets no credential. */
  onRetry?: (info: { path: string; attempt: number; reason: string; delayMs: number }) => void;
}

/** A request La Coop refused (4xx) or that kept failing: the message names the route, never the token. */
export class LacoopApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly path: string,
  ) {
    super(message);
    this.name = 'LacoopApiError';
  }
}

/** The client configuration from LACOOP_* variables; null when LACOOP_API_URL is unset. */
export function lacoopConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LacoopClientConfig | null {
  const baseUrl = env.LACOOP_API_URL?.trim();
  if (!baseUrl) return null;
  const token =
    env.LACOOP_API_TOKEN?.trim() ||
    (env.LACOOP_CLIENT_ID && env.LACOOP_CLIENT_SECRET
      ? `${env.LACOOP_CLIENT_ID}:${env.LACOOP_CLIENT_SECRET}`
      : '');
  if (!token)
    throw new Error('LACOOP_API_URL is set but neither LACOOP_API_TOKEN nor LACOOP_CLIENT_ID/SECRET');
  return {
    baseUrl,
    token,
    pageSize: intOf(env, 'LACOOP_PAGE_SIZE', 500, 1, 500),
    ratePerSecond: intOf(env, 'LACOOP_RATE_LIMIT_PER_SECOND', 5, 1, 100),
    maxAttempts: intOf(env, 'LACOOP_MAX_ATTEMPTS', 5, 1, 10),
    timeoutMs: intOf(env, 'LACOOP_TIMEOUT_MS', 30_000, 100, 300_000),
  };
}

/** An integer variable of `env` in [min, max], or the fallback when unset. */
export function intOf(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The `page[after]` cursor of a next link, whichever form the link takes. */
export function cursorOf(link: Link): string | null {
  const href = typeof link === 'string' ? link : link?.href;
  if (!href) return null;
  return new URL(href, 'http://x').searchParams.get('page[after]');
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page, null on the last one. */
  next: string | null;
}

/** La Coop API v1 over fetch: rate limited, retrying what is worth retrying, failing clearly on the rest. */
export class LacoopClient {
  private readonly baseUrl: string;
  private readonly minIntervalMs: number;
  private nextSlot = 0;
  readonly pageSize: number;
  requests = 0;

  constructor(private readonly config: LacoopClientConfig) {
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.pageSize = Math.min(500, Math.max(1, config.pageSize ?? 500));
    this.minIntervalMs = 1000 / Math.max(1, config.ratePerSecond ?? 5);
  }

  activites(params: { since?: string | null; after?: string | null }): Promise<Page<Activite>> {
    return this.page<Activite>('/activites', {
      'filter[modification][depuis]': params.since ?? undefined,
      'page[after]': params.after ?? undefined,
    });
  }

  structures(params: { since?: string | null; after?: string | null }): Promise<Page<Structure>> {
    return this.page<Structure>('/structures', {
      'filter[modification][depuis]': params.since ?? undefined,
      'page[after]': params.after ?? undefined,
    });
  }

  utilisateurs(params: { after?: string | null }): Promise<Page<Utilisateur>> {
    return this.page<Utilisateur>('/utilisateurs', { 'page[after]': params.after ?? undefined });
  }

  statistiques(filters: Record<string, string | undefined>): Promise<Statistiques> {
    return this.get<Statistiques>('/statistiques', filters);
  }

  private async page<T>(path: string, query: Record<string, string | undefined>): Promise<Page<T>> {
    const body = await this.get<ListResponse<T>>(path, { 'page[size]': String(this.pageSize), ...query });
    if (!body || !Array.isArray(body.data) || typeof body.meta !== 'object')
      throw new LacoopApiError(`La Coop ${path}: not a list response`, null, path);
    const next = body.meta.has_next_page === false ? null : cursorOf(body.links?.next);
    if (body.meta.has_next_page && !next)
      throw new LacoopApiError(`La Coop ${path}: has_next_page without a next link`, null, path);
    return { items: body.data, next };
  }

  /** One GET, whole body parsed before it is returned: a failed request never yields part of a page. */
  async get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, value);
    const maxAttempts = this.config.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      await this.throttle();
      let retryReason: string;
      let retryAfterMs: number | null = null;
      let status: number | null = null;
      try {
        this.requests++;
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${this.config.token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.config.timeoutMs ?? 30_000),
        });
        status = res.status;
        if (res.ok) return (await res.json()) as T;
        const text = (await res.text()).slice(0, 300);
        if (res.status === 429 || res.status >= 500) {
          retryReason = `HTTP ${res.status}`;
          retryAfterMs = retryAfter(res.headers.get('retry-after'));
        } else {
          throw new LacoopApiError(
            `La Coop GET ${path} answered ${res.status}${res.status === 401 || res.status === 403 ? ' (check LACOOP_API_TOKEN)' : ''}: ${text}`,
            res.status,
            path,
          );
        }
      } catch (error) {
        if (error instanceof LacoopApiError) throw error;
        retryReason =
          (error as Error).name === 'TimeoutError'
            ? 'timeout'
            : `network error (${(error as Error).message})`;
      }
      if (attempt >= maxAttempts)
        throw new LacoopApiError(
          `La Coop GET ${path} failed after ${attempt} attempts: ${retryReason}`,
          status,
          path,
        );
      const base = this.config.backoffMs ?? 500;
      const cap = this.config.maxBackoffMs ?? 30_000;
      const backoff = Math.min(cap, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      const delayMs = Math.min(cap, Math.max(backoff, retryAfterMs ?? 0));
      this.config.onRetry?.({ path, attempt, reason: retryReason, delayMs });
      await sleep(delayMs);
    }
  }

  private async throttle(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.minIntervalMs;
    if (slot > now) await sleep(slot - now);
  }
}

/** Retry-After in seconds or as an HTTP date, in ms. */
function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
