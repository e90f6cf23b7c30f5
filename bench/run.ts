import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import Redis from 'ioredis';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { mintToken } from '../common/auth';
import { SIGNATURE_HEADER, signRequest, type SigningKeys } from '../common/gateway-signature';
import { subgraphs } from '../subgraphs/registry';
import { parseArgs, rollupRounds, rotations, type BenchOptions } from './args';
import { prepareDatabase, setRollupTriggers, type BenchDatabase } from './database';
import {
  drive,
  headersOf,
  metricsHeaders,
  metricsOf,
  probe,
  rssOfPid,
  succeeded,
  type HeaderSource,
  type LoadResult,
  type MetricsSnapshot,
} from './load';
import {
  ensureHive,
  rewriteSupergraph,
  startProcess,
  stopAll,
  stopAllNow,
  stopProcess,
  waitReady,
  type Started,
} from './processes';
import { benchLacoopSync } from './lacoop-sync';
import { markdownReport } from './report';
import { PLACES_IO_WORKLOADS, runPlacesIoBench } from './places-io';
import { OVERLOAD, overload } from './overload';
import { referenceCommunes, seededRandom, seedOf, trafficSample, type TrafficSample } from './traffic';
import {
  buildWorkloads,
  Supergraph,
  verifyWrites,
  WRITES_PER_SECOND_CEILING,
  type Workload,
  type WriteCheck,
} from './workloads';

const ROOT = resolve(__dirname, '..');
/** BENCH_PORT_BASE (default 15000): two benches on one machine (two checkouts) need two bases 200 apart. */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 15000);
const HIVE_PORT = PORT_BASE + 100;
const VARIANT_GATEWAY_PORT = PORT_BASE + 50;
/** The /metrics entry of a second gateway process (with the Redis cache, or without read deduplication). */
const VARIANT = 'gateway (variant)';
// Production refuses to start without a secret; this one exists only for the bench's own processes.
const JWT_SECRET = 'declic47-bench-secret-only-for-local-benchmarks';
const SIGNING_KEYS: SigningKeys = { current: 'declic47-bench-signing-key-only-for-local-benchmarks' };

/**
 * The headers of a request sent straight to a subgraph (the `direct` runs, Hive Gateway, a subgraph's /metrics):
 * signed with the gateway's key as the gateway signs its own, so that the subgraphs run as in production (where
 * unsigned requests are refused). A signature holds SIGNATURE_LIFETIME_SECONDS: each request gets one at most
 * 10 s old.
 */
function gatewaySigned(headers: Record<string, string>): () => Record<string, string> {
  let signed: Record<string, string> = {};
  let at = -Infinity;
  return () => {
    if (Date.now() - at > 10_000) {
      at = Date.now();
      signed = { ...headers, [SIGNATURE_HEADER]: signRequest(SIGNING_KEYS, headers.authorization ?? '') };
    }
    return signed;
  };
}

/** The headers of the subgraphs' /metrics: gateway-signed once main() has the admin token. */
let subgraphMetricsHeaders: HeaderSource = metricsHeaders;

export interface Run {
  workload: string;
  via:
    | 'gateway'
    | 'direct'
    | 'hive (dedupe on)'
    | 'hive (dedupe off)'
    | 'gateway + Redis cache'
    | 'gateway, no dedupe'
    | 'gateway, 2 workers'
    | 'gateway, shaping every answer'
    | 'gateway, rollup triggers off';
  load: LoadResult;
  sqlPerRequest?: Record<string, number>;
  fetchesPerRequest?: Record<string, number>;
  rssMb: Record<string, number>;
  pageSize?: number;
  /** Whether each request drew its own variables (varied traffic) or all sent the same body. */
  traffic?: 'varied' | 'fixed body';
  /** Subgraph reads merged into an identical one in flight ÷ (merged + sent), at the gateway the load went to. */
  dedupeHitRate?: number;
  /** Response cache hits ÷ (hits + misses), at the cached gateway. */
  cacheHitRate?: number;
  /** Requests answered with the subgraph's answer as it came (gateway/single-fetch.ts) ÷ requests. */
  forwardedRate?: number;
  /** Writes: what the database holds afterwards against the successful answers. */
  verification?: WriteCheck;
  /** With `--rounds`: the round of the comparison this run belongs to (from 1). */
  round?: number;
}

export interface ScaleResult {
  scale: number;
  database?: Omit<BenchDatabase, 'url'>;
  counts?: Record<string, number>;
  runs: Run[];
  skipped: string[];
  failures: string[];
}

/** A workload that could not run: said in the report and on the console, the others go on. */
function failed(result: ScaleResult, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  result.failures.push(message);
  console.error(`  ${message}`);
}

const settle = () => new Promise((done) => setTimeout(done, 1000));
const mb = (bytes: number | undefined) => (bytes === undefined ? NaN : Math.round(bytes / 1048576));

function perRequest(
  before: Record<string, number>,
  after: Record<string, number>,
  requests: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(after)) {
    out[key] = Math.round(((after[key] - (before[key] ?? 0)) / Math.max(1, requests)) * 100) / 100;
  }
  return out;
}

interface Hub {
  gateway: string;
  subgraphs: Record<string, string>;
  processes: Started[];
  /** Absent when the bench drives running URLs. */
  db?: BenchDatabase;
  supergraphPath?: string;
  urls?: Record<string, string>;
}

function commonEnv(db: BenchDatabase): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    JWT_SECRET,
    GATEWAY_SIGNING_KEY: SIGNING_KEYS.current,
    MAX_PAGE_SIZE: '1000',
    DATABASE_URL: db.url,
    HOST: '127.0.0.1',
    SEED: 'false',
  };
}

async function startGateway(
  db: BenchDatabase,
  supergraphPath: string,
  urls: Record<string, string>,
  port: number,
  name = 'gateway',
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  const gateway = startProcess(
    name,
    process.execPath,
    [join(ROOT, 'dist', 'gateway', 'main.js')],
    {
      ...commonEnv(db),
      GATEWAY_PORT: String(port),
      // The stock cost limit (10,000) refuses the map's 500 places × 5 fields; the bench measures speed, not limits.
      MAX_COST: '1000000',
      SUPERGRAPH_PATH: supergraphPath,
      ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
      ...env,
    },
    `http://127.0.0.1:${port}`,
  );
  await waitReady(gateway);
  return gateway;
}

async function startHub(
  db: BenchDatabase,
  supergraphPath: string,
  urls: Record<string, string>,
  workers: number,
): Promise<Hub> {
  const processes: Started[] = [];
  const subgraphUrls: Record<string, string> = {};
  subgraphs.forEach(({ definition }, i) => {
    const port = PORT_BASE + 1 + i;
    const base = `http://127.0.0.1:${port}`;
    subgraphUrls[definition.name] = base;
    processes.push(
      startProcess(
        definition.name,
        process.execPath,
        [join(ROOT, 'dist', 'subgraphs', definition.name, 'main.js')],
        // As in production: the direct runs and Hive Gateway sign their requests with the gateway's key.
        {
          ...commonEnv(db),
          WORKERS: String(workers),
          [`${definition.name.toUpperCase()}_PORT`]: String(port),
        },
        base,
      ),
    );
  });
  await Promise.all(processes.map((p) => waitReady(p)));
  const gateway = await startGateway(db, supergraphPath, urls, PORT_BASE);
  processes.push(gateway);
  return { gateway: gateway.baseUrl, subgraphs: subgraphUrls, processes, db, supergraphPath, urls };
}

async function snapshot(
  hub: Hub,
  cachedGateway?: string,
): Promise<Record<string, MetricsSnapshot | undefined>> {
  const entries = await Promise.all(
    [
      ['gateway', hub.gateway],
      ...(cachedGateway ? [[VARIANT, cachedGateway]] : []),
      ...Object.entries(hub.subgraphs),
    ].map(
      async ([name, url]) =>
        [name, await metricsOf(url, name in hub.subgraphs ? subgraphMetricsHeaders : undefined)] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/** Sum of a per-subgraph counter's growth between two snapshots. */
function growth(
  before: Record<string, number> | undefined,
  after: Record<string, number> | undefined,
): number {
  return Object.entries(after ?? {}).reduce((sum, [k, v]) => sum + v - (before?.[k] ?? 0), 0);
}

const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 1000) / 1000 : undefined;

/** The traffic sample of the scale being measured (set by benchScale): the place ids of its database. */
let sample: TrafficSample | undefined;

async function loadSample(gateway: string, headers: Record<string, string>): Promise<TrafficSample> {
  const placeIds: string[] = [];
  let after: string | null = null;
  for (;;) {
    const answer: any = await probe(
      `${gateway}/graphql`,
      JSON.stringify({
        query:
          'query BenchPlaceIds($after: String) { places(first: 1000, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        variables: { after },
      }),
      headers,
    );
    if (answer.errors?.length || !answer.data)
      throw new Error(`place ids: ${JSON.stringify(answer).slice(0, 300)}`);
    placeIds.push(...answer.data.places.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!answer.data.places.pageInfo.hasNextPage) break;
    after = answer.data.places.pageInfo.endCursor;
  }
  return trafficSample(referenceCommunes(ROOT), placeIds);
}

/** The body of each request: drawn per request for varied workloads (seeded by workload and phase), else fixed. */
function bodies(workload: Workload, phase: string): string | (() => string) {
  if (!workload.vary || !sample) return workload.body;
  const random = seededRandom(seedOf(`${workload.name}:${phase}`));
  const drawn = sample;
  return () => workload.vary!(random, drawn);
}

/**
 * Drives each read workload through the gateway for `--prime` seconds, unmeasured, right after the hub started:
 * its processes have run no code yet and PostgreSQL's backends are new. Without it the first run of each workload
 * (through our gateway) paid for the warming, and every target measured after it (the subgraph directly, the
 * variants, Hive) had it for free: at scale 1 the directory card went from 75.7 req/s through the gateway to 135.7
 * through the variant without deduplication measured later in the same invocation.
 */
async function prime(options: BenchOptions, workloads: Workload[], url: string, headers: HeaderSource) {
  if (!options.primeSeconds) return;
  const reads = workloads.filter((w) => w.read && !w.prepare);
  // Writes too: the first run of a writes workload paid for its mutation's code, the pool's connections and the
  // trigger functions' plans in each PostgreSQL backend, and with `--compare-rollups` that was always the run with
  // the rollups (scale 1, 2026-12-07: 351.5 req/s, then 480.1 in the second round).
  const writes = workloads.filter((w) => w.prepare);
  if (!reads.length && !writes.length) return;
  console.log(
    `  priming ${reads.length} read and ${writes.length} writes workloads, ${options.primeSeconds} s each (unmeasured)`,
  );
  const run = (body: string | (() => string)) =>
    drive(url, body, headers, { seconds: options.primeSeconds, connections: options.connections });
  for (const workload of reads) {
    await run(bodies(workload, 'prime'));
    await settle();
  }
  for (const workload of writes) {
    const pool = await workload.prepare!(
      url,
      headersOf(headers),
      options.primeSeconds * WRITES_PER_SECOND_CEILING,
    );
    await run(pool.next);
    await settle();
  }
}

async function measure(
  options: BenchOptions,
  hub: Hub,
  workload: Workload,
  via: Run['via'],
  url: string,
  headers: HeaderSource,
  extraRss: Record<string, number | undefined> = {},
  /** The base URL of the cached gateway the load goes to, for its /metrics. */
  cachedGateway?: string,
): Promise<Run> {
  // A write per request of the warm-up and the run, at a rate above any measured, and the probe's.
  const preparing = Date.now();
  const writes = workload.prepare
    ? await workload.prepare(
        url,
        headersOf(headers),
        (options.warmupSeconds + options.durationSeconds) * WRITES_PER_SECOND_CEILING + 1,
      )
    : undefined;
  if (writes)
    console.log(
      `  ${workload.name}: pool of ${writes.size} prepared in ${(Date.now() - preparing) / 1000} s`,
    );
  const next = writes?.next;
  const answer = await probe(url, next ? next() : workload.body, headers);
  if (answer.errors?.length || answer.status !== 200) {
    throw new Error(
      `${workload.name} via ${via}: HTTP ${answer.status}, ${JSON.stringify(answer.errors ?? answer).slice(0, 600)}`,
    );
  }
  const wrong = workload.check(answer.data);
  if (wrong) throw new Error(`${workload.name} via ${via}: ${wrong}`);
  const warmup = await drive(url, next ?? bodies(workload, 'warm-up'), headers, {
    seconds: options.warmupSeconds,
    connections: options.connections,
  });
  // Requests still in flight when autocannon stops are served anyway: let them finish before each snapshot.
  await settle();
  const before = await snapshot(hub, cachedGateway);
  const load = await drive(url, next ?? bodies(workload, 'run'), headers, {
    seconds: options.durationSeconds,
    connections: options.connections,
  });
  await settle();
  const after = await snapshot(hub, cachedGateway);
  const verification = writes
    ? await verifyWrites(writes, 1 + warmup.requests + load.requests, 1 + succeeded(warmup) + succeeded(load))
    : undefined;
  // Per request of the process the load went to (it also counts the requests cut off at the end).
  const entry =
    via === 'gateway'
      ? 'gateway'
      : via === 'direct'
        ? workload.singleSubgraph
        : via === 'gateway + Redis cache' ||
            via === 'gateway, no dedupe' ||
            via === 'gateway, 2 workers' ||
            via === 'gateway, shaping every answer'
          ? VARIANT
          : undefined;
  const served =
    entry && after[entry] && before[entry] ? after[entry].requests - before[entry].requests : load.requests;
  const sql: Record<string, number> = {};
  const rss: Record<string, number> = {};
  for (const [name, m] of Object.entries(after)) {
    if (!m) continue;
    rss[name] = mb(m.rssBytes);
    if (name !== 'gateway' && name !== VARIANT) {
      sql[name] = perRequest({ s: before[name]?.sqlStatements ?? 0 }, { s: m.sqlStatements }, served).s;
    }
  }
  for (const [name, bytes] of Object.entries(extraRss)) rss[name] = mb(bytes);
  const fetches =
    entry === 'gateway' || entry === VARIANT
      ? perRequest(before[entry]?.subgraphFetches ?? {}, after[entry]?.subgraphFetches ?? {}, served)
      : undefined;
  const gatewayEntry = entry === 'gateway' || entry === VARIANT ? entry : undefined;
  const g0 = gatewayEntry ? before[gatewayEntry] : undefined;
  const g1 = gatewayEntry ? after[gatewayEntry] : undefined;
  const merged = growth(g0?.deduplicatedFetches, g1?.deduplicatedFetches);
  const sent = growth(g0?.subgraphFetches, g1?.subgraphFetches);
  const hits = (g1?.responseCache?.hits ?? 0) - (g0?.responseCache?.hits ?? 0);
  const misses = (g1?.responseCache?.misses ?? 0) - (g0?.responseCache?.misses ?? 0);
  const run: Run = {
    workload: workload.name,
    via,
    load,
    traffic: workload.read ? (workload.vary ? 'varied' : 'fixed body') : undefined,
    dedupeHitRate: g1 ? (rate(merged, merged + sent) ?? 0) : undefined,
    cacheHitRate: g1?.responseCache ? rate(hits, hits + misses) : undefined,
    forwardedRate: g1?.singleFetch
      ? rate((g1.singleFetch.forwarded ?? 0) - (g0?.singleFetch?.forwarded ?? 0), served)
      : undefined,
    sqlPerRequest: sql,
    fetchesPerRequest: fetches,
    rssMb: rss,
    pageSize: workload.pageSize,
    verification,
  };
  const l = load.latencyMs;
  console.log(
    `  ${workload.name.padEnd(24)} ${via.padEnd(18)} ${String(load.requestsPerSecond).padStart(8)} req/s  p50 ${l.p50} p95 ${l.p95} p99 ${l.p99} ms  errors ${load.errors.total} (GraphQL ${load.errors.graphql})  SQL/req ${JSON.stringify(sql)}${fetches ? `  fetches/req ${JSON.stringify(fetches)}` : ''}${run.dedupeHitRate !== undefined ? `  dedupe ${run.dedupeHitRate}` : ''}${run.cacheHitRate !== undefined ? `  cache ${run.cacheHitRate}` : ''}${run.forwardedRate !== undefined ? `  forwarded ${run.forwardedRate}` : ''}`,
  );
  if (verification)
    console.log(`    writes ${verification.ok ? 'verified' : 'WRONG'}: ${verification.detail}`);
  return run;
}

async function startHive(
  bin: string,
  supergraphPath: string,
  dedupe: boolean,
  port: number,
): Promise<Started> {
  const config = join(ROOT, 'bench', 'hive', dedupe ? 'gateway.dedupe-on.mjs' : 'gateway.dedupe-off.mjs');
  const hive = startProcess(
    `hive (dedupe ${dedupe ? 'on' : 'off'})`,
    bin,
    [
      'supergraph',
      supergraphPath,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--fork',
      '1',
      '-c',
      config,
    ],
    { NODE_ENV: 'production', JWT_SECRET },
    `http://127.0.0.1:${port}`,
    { cwd: join(ROOT, 'bench', 'hive'), hardKill: true },
  );
  await waitReady(hive, '/healthcheck');
  return hive;
}

/** Whether Redis answers at `url` (the cached runs are skipped, and said so, when it does not). */
async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * The read workloads again through a second gateway process: `env` configures it, `headers` are the
 * caller's. Reported beside, never instead of, the default gateway's figures.
 */
async function measureVariant(
  options: BenchOptions,
  hub: Hub,
  selected: Workload[],
  result: ScaleResult,
  via: Run['via'],
  env: NodeJS.ProcessEnv,
  headers: Record<string, string>,
  only: (w: Workload) => boolean,
): Promise<void> {
  const gateway = await startGateway(
    hub.db!,
    hub.supergraphPath!,
    hub.urls!,
    VARIANT_GATEWAY_PORT,
    VARIANT,
    env,
  );
  try {
    for (const workload of selected.filter((w) => w.read && only(w))) {
      try {
        // Anonymous callers (the cached runs) are refused personal and other non-public fields: such a
        // workload is not a public read, and its answer is never cached. Said, not failed.
        const refused = await refusedPaths(`${gateway.baseUrl}/graphql`, workload, headers);
        if (refused.length) {
          result.skipped.push(
            `${workload.name} via ${via}: not a public read (refused to anonymous callers: ${refused.join(', ')})`,
          );
          console.log(`  ${workload.name.padEnd(24)} ${via.padEnd(18)} skipped: not a public read`);
          continue;
        }
        result.runs.push(
          await measure(
            options,
            hub,
            workload,
            via,
            `${gateway.baseUrl}/graphql`,
            headers,
            {},
            gateway.baseUrl,
          ),
        );
      } catch (error) {
        failed(result, error);
      }
    }
  } finally {
    await stopProcess(gateway);
  }
}

/** The fields (paths without list indexes) a workload's answer refuses with FORBIDDEN. */
async function refusedPaths(
  url: string,
  workload: Workload,
  headers: Record<string, string>,
): Promise<string[]> {
  if (workload.prepare) return [];
  const answer = await probe(url, workload.body, headers);
  const paths = (answer.errors ?? [])
    .map((e) => e as { path?: (string | number)[]; extensions?: { code?: string } })
    .filter((e) => e.extensions?.code === 'FORBIDDEN')
    .map((e) => (e.path ?? []).filter((p) => typeof p === 'string').join('.'));
  return [...new Set(paths)];
}

/**
 * Anonymously (public data), with the Redis response cache on: warm-up fills the cache, the measured run
 * is served from it.
 */
async function measureCached(
  options: BenchOptions,
  hub: Hub,
  selected: Workload[],
  result: ScaleResult,
): Promise<void> {
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await redisAnswers(redisUrl))) {
    result.skipped.push(`gateway + Redis cache: no Redis at ${redisUrl} (BENCH_REDIS_URL)`);
    return;
  }
  const env = {
    RESPONSE_CACHE_URL: redisUrl,
    RESPONSE_CACHE_TTL_SECONDS: '600',
    RESPONSE_CACHE_PREFIX: `declic47-bench:${process.pid}:${Date.now()}`,
  };
  await measureVariant(
    options,
    hub,
    selected,
    result,
    'gateway + Redis cache',
    env,
    {},
    (w) => !w.family || w.pageSize === 50,
  );
}

async function counts(hub: Hub, headers: Record<string, string>): Promise<Record<string, number>> {
  const answer = await probe(
    `${hub.gateway}/graphql`,
    JSON.stringify({ query: '{ places(first: 0) { totalCount } organizations(first: 0) { totalCount } }' }),
    headers,
  );
  return {
    places: answer.data?.places?.totalCount ?? NaN,
    organizations: answer.data?.organizations?.totalCount ?? NaN,
  };
}

async function benchScale(
  options: BenchOptions,
  scale: number,
  headers: Record<string, string>,
): Promise<ScaleResult> {
  const result: ScaleResult = { scale, runs: [], skipped: [], failures: [] };
  const sdl = readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
  const supergraph = new Supergraph(sdl);
  const { workloads, skipped } = buildWorkloads(supergraph);
  result.skipped.push(...skipped);
  const unknown =
    options.only?.filter((name) => name !== OVERLOAD && !workloads.some((w) => w.name === name)) ?? [];
  if (unknown.length)
    throw new Error(
      `--only: no workload ${unknown.join(', ')}; known: ${workloads.map((w) => w.name).join(', ')}`,
    );
  const selected = workloads.filter((w) => !options.only || options.only.includes(w.name));
  const outDir = join(ROOT, 'bench', '.tmp');
  mkdirSync(outDir, { recursive: true });
  let hub: Hub;
  if (options.urls) {
    const { gateway, ...rest } = options.urls;
    hub = { gateway, subgraphs: rest, processes: [] };
  } else {
    console.log(`scale ${scale}: preparing the database…`);
    const db = await prepareDatabase(scale);
    const { url: _url, ...database } = db;
    result.database = database;
    const urls = Object.fromEntries(
      subgraphs.map(({ definition }, i) => [
        definition.name,
        `http://127.0.0.1:${PORT_BASE + 1 + i}/graphql`,
      ]),
    );
    const path = rewriteSupergraph(sdl, urls, join(outDir, `supergraph-s${scale}.graphql`));
    hub = await startHub(db, path, urls, options.subgraphWorkers);
  }
  try {
    result.counts = await counts(hub, headers);
    console.log(`scale ${scale}: ${JSON.stringify(result.counts)}`);
    sample = await loadSample(hub.gateway, headers);
    await prime(options, selected, `${hub.gateway}/graphql`, headers);
    // The read workloads compared with Hive (one page size of each family); with `--rounds`, in rounds.
    const compared = selected.filter((w) => w.read && (!w.family || w.pageSize === 50));
    const inRounds = options.rounds > 1 ? compared : [];
    for (const workload of selected) {
      if (inRounds.includes(workload)) continue;
      try {
        const run = await measure(options, hub, workload, 'gateway', `${hub.gateway}/graphql`, headers);
        result.runs.push(run);
        if (options.compareRollups && workload.prepare && hub.db) {
          // Right after, on the same database: the same writes with no aggregate maintained, in alternating rounds.
          const db = hub.db;
          const measureWith = async (enabled: boolean) => {
            if (enabled) return measure(options, hub, workload, 'gateway', `${hub.gateway}/graphql`, headers);
            await setRollupTriggers(db.url, false);
            try {
              const off = 'gateway, rollup triggers off';
              return await measure(options, hub, workload, off, `${hub.gateway}/graphql`, headers);
            } finally {
              await setRollupTriggers(db.url, true);
            }
          };
          const order = rollupRounds(options.compareRollups).slice(1);
          for (const enabled of order) {
            const next = await measureWith(enabled);
            result.runs.push(next);
            if (next.verification && !next.verification.ok)
              result.failures.push(`${workload.name} via ${next.via}: ${next.verification.detail}`);
          }
        }
        if (run.verification && !run.verification.ok)
          result.failures.push(`${workload.name} via gateway: ${run.verification.detail}`);
        const direct = directUrl(hub, workload);
        if (direct)
          result.runs.push(await measure(options, hub, workload, 'direct', direct, gatewaySigned(headers)));
      } catch (error) {
        failed(result, error);
      }
    }
    await compareInRounds(options, hub, inRounds, result, headers);
    if (options.only?.includes(OVERLOAD))
      result.runs.push(...(await overload(hub.gateway, workloads, headers, options.durationSeconds)));
    if (hub.db && hub.supergraphPath && hub.urls) {
      // Uncached and without in-flight deduplication: the like-for-like comparison with the subgraph alone
      // and with Hive Gateway's dedupe-off runs.
      await measureVariant(
        options,
        hub,
        selected,
        result,
        'gateway, no dedupe',
        { DEDUPLICATE_READS: 'false' },
        headers,
        // Every page size too: deduplication divides SQL per request by the concurrent twins, this does not.
        (w) => !!w.singleSubgraph || !!w.family || options.hive,
      );
      // Before / after the single-fetch path, back to back on the same traffic; and a cluster of 2 gateway workers
      // (its /metrics are one worker's: rates only).
      await measureVariant(
        options,
        hub,
        selected,
        result,
        'gateway, shaping every answer',
        { SINGLE_FETCH_PASSTHROUGH: 'false' },
        headers,
        (w) => !!w.singleSubgraph && !w.family,
      );
      await measureVariant(
        options,
        hub,
        selected,
        result,
        'gateway, 2 workers',
        { WORKERS: '2' },
        headers,
        (w) => !w.family || w.pageSize === 50,
      );
      if (options.cache) await measureCached(options, hub, selected, result);
    }
    if (options.hive && !options.urls) {
      const bin = await ensureHive(ROOT);
      const hivePath = join(outDir, `supergraph-s${scale}.graphql`);
      for (const dedupe of [true, false]) {
        // With `--rounds`, Hive with deduplication was measured in the rounds.
        const measured = dedupe ? compared.filter((w) => !inRounds.includes(w)) : compared;
        if (!measured.length) continue;
        const via = dedupe ? 'hive (dedupe on)' : 'hive (dedupe off)';
        const hive = await startHive(bin, hivePath, dedupe, HIVE_PORT + (dedupe ? 0 : 1));
        try {
          for (const workload of measured) {
            try {
              result.runs.push(await measureThroughHive(options, hub, workload, hive, via, headers));
            } catch (error) {
              failed(result, error);
            }
          }
        } finally {
          await stopProcess(hive);
        }
      }
    }
  } finally {
    await stopAll(hub.processes);
  }
  return result;
}

/** The /graphql URL of the subgraph a single-subgraph workload (one page size) is measured on directly. */
function directUrl(hub: Hub, workload: Workload): string | undefined {
  const base = workload.singleSubgraph && !workload.family && hub.subgraphs[workload.singleSubgraph];
  return base ? `${base}/graphql` : undefined;
}

/** A workload through a running Hive Gateway, signed as the gateway signs, its memory beside the hub's. */
function measureThroughHive(
  options: BenchOptions,
  hub: Hub,
  workload: Workload,
  hive: Started,
  via: 'hive (dedupe on)' | 'hive (dedupe off)',
  headers: Record<string, string>,
): Promise<Run> {
  const url = `${hive.baseUrl}/graphql`;
  return measure(options, hub, workload, via, url, gatewaySigned(headers), {
    hive: rssOfPid(hive.child.pid),
  });
}

/**
 * `--rounds`: each read workload through our gateway, the subgraph directly (single-subgraph workloads) and Hive
 * Gateway with deduplication (its default), once per round, each round in another order (args.ts `rotations`), on
 * the same seeded traffic. Hive runs beside the hub for the whole comparison, idle while the others are measured.
 */
async function compareInRounds(
  options: BenchOptions,
  hub: Hub,
  workloads: Workload[],
  result: ScaleResult,
  headers: Record<string, string>,
): Promise<void> {
  if (!workloads.length) return;
  const hive =
    options.hive && hub.supergraphPath
      ? await startHive(await ensureHive(ROOT), hub.supergraphPath, true, HIVE_PORT)
      : undefined;
  try {
    for (const workload of workloads) {
      const direct = directUrl(hub, workload);
      const targets: (() => Promise<Run>)[] = [
        () => measure(options, hub, workload, 'gateway', `${hub.gateway}/graphql`, headers),
        ...(direct ? [() => measure(options, hub, workload, 'direct', direct, gatewaySigned(headers))] : []),
        ...(hive
          ? [() => measureThroughHive(options, hub, workload, hive, 'hive (dedupe on)', headers)]
          : []),
      ];
      for (const [index, order] of rotations(targets, options.rounds).entries()) {
        console.log(`  ${workload.name}: round ${index + 1} of ${options.rounds}`);
        for (const target of order) {
          try {
            const run = await target();
            run.round = index + 1;
            result.runs.push(run);
          } catch (error) {
            failed(result, error);
          }
        }
      }
    }
  } finally {
    if (hive) await stopProcess(hive);
  }
}

function versionOf(path: string): string | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')).version;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.only?.includes('lacoop-sync')) return benchLacoopSync();
  // The places import/export workloads run on their own (bench/places-io.ts).
  if (options.only?.some((w) => PLACES_IO_WORKLOADS.includes(w)))
    return runPlacesIoBench(options.only, options);
  const stop = () => {
    stopAllNow();
    process.exit(130);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.env.JWT_SECRET = JWT_SECRET;
  const headers = {
    authorization: `Bearer ${await mintToken({ role: 'admin', sub: 'bench', expiresIn: '12h' })}`,
  };
  Object.assign(metricsHeaders, headers);
  subgraphMetricsHeaders = gatewaySigned(headers);
  if (options.build && !options.urls) {
    console.log('building (npm run build)…');
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const started = new Date();
  const loadAtStart = Math.round(os.loadavg()[0] * 100) / 100;
  const scales: ScaleResult[] = [];
  for (const scale of options.urls ? [options.scales[0]] : options.scales) {
    scales.push(await benchScale(options, scale, headers));
  }
  const nm = (pkg: string) => versionOf(join(ROOT, 'node_modules', pkg, 'package.json'));
  const report = {
    date: started.toISOString(),
    label: options.label,
    options: { ...options, urls: options.urls ? Object.keys(options.urls) : undefined },
    machine: {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      // Other work on the machine skews every figure: the 1-minute load average when the bench started.
      loadAverageAtStart: loadAtStart,
      platform: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: scales.find((s) => s.database)?.database?.postgresVersion,
    },
    versions: {
      '@apollo/gateway': nm('@apollo/gateway'),
      '@apollo/server': nm('@apollo/server'),
      graphql: nm('graphql'),
      '@mikro-orm/core': nm('@mikro-orm/core'),
      autocannon: nm('autocannon'),
      '@graphql-hive/gateway': versionOf(
        join(ROOT, 'bench', 'hive', 'node_modules', '@graphql-hive', 'gateway', 'package.json'),
      ),
      '@graphql-tools/delegate (hive)': versionOf(
        join(ROOT, 'bench', 'hive', 'node_modules', '@graphql-tools', 'delegate', 'package.json'),
      ),
    },
    subgraphs: subgraphs.map(({ definition }) => definition.name),
    scales,
  };
  const name = `${started.toISOString().slice(0, 10)}${options.label ? `-${options.label}` : ''}`;
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(dir, `${name}.md`), markdownReport(report));
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'prettier'),
    ['--write', join(dir, `${name}.json`), join(dir, `${name}.md`)],
    {
      stdio: 'ignore',
    },
  );
  console.log(`\nwrote bench/results/${name}.json and .md`);
  const failures = scales.flatMap((s) => s.failures);
  if (failures.length) {
    console.error(`${failures.length} workload(s) failed:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    stopAllNow();
    setTimeout(() => process.exit(), 500).unref();
  });
