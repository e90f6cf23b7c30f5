// autocannon ships no types; the bench uses only the part declared here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => AutocannonInstance;

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  then: Promise<AutocannonResult>['then'];
}

interface AutocannonResult {
  requests: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

export interface LoadResult {
  /** Answers of every kind (refusals and errors included). */
  requests: number;
  /**
   * Successful answers per second: 2xx without GraphQL errors. A 503 refusal is not throughput; counted as such, a
   * gateway that refuses fast would look faster than one that answers.
   */
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** `graphql`: 2xx answers carrying a top-level `errors` (a refusal, a failed resolver); all in `total`. */
  errors: { non2xx: number; graphql: number; socket: number; timeouts: number; total: number };
}

/** Answers that came back 2xx without GraphQL errors. */
export const succeeded = (load: LoadResult) => load.requests - load.errors.non2xx - load.errors.graphql;

/**
 * Whether a 2xx body carries GraphQL errors. Bodies reach 100 kB: a substring test first, so that only a body
 * mentioning `"errors"` is parsed; one that then does not parse counts as an error too.
 */
export function hasGraphqlErrors(body: string): boolean {
  if (!body.includes('"errors"')) return false;
  try {
    const errors = (JSON.parse(body) as { errors?: unknown }).errors;
    return Array.isArray(errors) && errors.length > 0;
  } catch {
    return true;
  }
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Request headers, or a function giving them as each request leaves (a subgraph's signature expires). */
export type HeaderSource = Record<string, string> | (() => Record<string, string>);

export const headersOf = (source: HeaderSource): Record<string, string> =>
  typeof source === 'function' ? source() : source;

/**
 * POSTs the body for `seconds` over `connections` keep-alive connections; every response time is kept, so
 * p50/p95/p99 are exact (autocannon's own histogram has no p95).
 */
export async function drive(
  url: string,
  body: string | (() => string),
  headers: HeaderSource,
  options: { seconds: number; connections: number },
): Promise<LoadResult> {
  const times: number[] = [];
  let graphqlErrors = 0;
  const onResponse = (status: number, text: string) => {
    if (status >= 200 && status < 300 && hasGraphqlErrors(text)) graphqlErrors++;
  };
  // Varied and write workloads draw a body per request; signed headers are renewed as each request leaves.
  const setupRequest =
    typeof body === 'string' && typeof headers !== 'function'
      ? undefined
      : (req: { headers?: Record<string, string> }) => ({
          ...req,
          ...(typeof body === 'string' ? {} : { body: body() }),
          ...(typeof headers === 'function' ? { headers: { ...req.headers, ...headers() } } : {}),
        });
  const instance = autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headersOf(headers) },
    requests: [
      {
        method: 'POST',
        ...(typeof body === 'string' ? { body } : {}),
        ...(setupRequest ? { setupRequest } : {}),
        onResponse,
      },
    ],
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
  });
  instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const result = await instance;
  times.sort((a, b) => a - b);
  const errors = {
    non2xx: result.non2xx,
    graphql: graphqlErrors,
    socket: result.errors - result.timeouts,
    timeouts: result.timeouts,
    total: result.non2xx + graphqlErrors + result.errors,
  };
  return {
    requests: times.length,
    requestsPerSecond: round(
      (times.length - errors.non2xx - errors.graphql) / (result.duration || options.seconds),
      1,
    ),
    latencyMs: {
      p50: round(percentile(times, 0.5)),
      p95: round(percentile(times, 0.95)),
      p99: round(percentile(times, 0.99)),
      max: round(times[times.length - 1] ?? NaN),
      mean: round(times.reduce((a, b) => a + b, 0) / (times.length || 1)),
    },
    errors,
  };
}

/** One request, to check the answer before a run: GraphQL errors or missing data fail the workload. */
export async function probe(
  url: string,
  body: string,
  headers: HeaderSource,
): Promise<{ data?: any; errors?: unknown[]; status: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headersOf(headers) },
    body,
  });
  const json = (await res.json().catch(() => ({}))) as { data?: any; errors?: unknown[] };
  return { ...json, status: res.status };
}

export type MetricsSnapshot = Record<string, any>;

/** The gateway's /metrics wants an admin token: run.ts sets it here once. */
export const metricsHeaders: Record<string, string> = {};

export async function metricsOf(
  baseUrl: string,
  headers: HeaderSource = metricsHeaders,
): Promise<MetricsSnapshot | undefined> {
  return fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000), headers: headersOf(headers) })
    .then((r) => (r.ok ? (r.json() as Promise<MetricsSnapshot>) : undefined))
    .catch(() => undefined);
}

/**
 * Resident memory of a process from /proc, in bytes (Hive Gateway has no /metrics of ours): now (`VmRSS`), or its
 * peak so far (`VmHWM`).
 */
export function rssOfPid(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | undefined {
  if (!pid) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const status: string = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
