/** `npm run bench -- [flags]`; every flag has a default so that a bare run takes a few minutes at scale 1. */
export interface BenchOptions {
  scales: number[];
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  /**
   * Seconds each read workload is driven through the gateway, unmeasured, before its first measured run (0: none):
   * the subgraphs' code, PostgreSQL's backends and caches warm up, so that the first targets measured (our
   * gateway, then the subgraph directly) do not pay for the later ones (the variants, Hive).
   */
  primeSeconds: number;
  label?: string;
  /** Already running processes: `gateway=http://…,places=http://…` (base URLs, no /graphql). */
  urls?: Record<string, string>;
  /** Only these workloads (names), e.g. `map,near-me` or `"writes: redemptions,writes: registrations"`. */
  only?: string[];
  hive: boolean;
  /** The read workloads again through a gateway with the Redis response cache (anonymous, public data). */
  cache: boolean;
  build: boolean;
  /**
   * Rounds of each write workload with and without the rollups' triggers (0: none): what maintaining the aggregates
   * costs. Runs alternate (with, without | without, with | …) so that a drift of the machine weighs on both sides.
   */
  compareRollups: number;
  /**
   * Rounds of each read workload's comparison (1: one pass). With more, our gateway, the subgraph directly and Hive
   * Gateway (deduplication on, its default) are measured once per round, each round in another order (see
   * `rotations`), and the report's ratios are medians of the rounds: one pass favoured whichever target ran later
   * (at scale 1, 10–30 %).
   */
  rounds: number;
  /** Worker processes per subgraph (their WORKERS; PostgreSQL only): how throughput grows with them. */
  subgraphWorkers: number;
}

/**
 * The order of `--compare-rollups` runs, true with the rollups' triggers: with, without | without, with | with,
 * without | …, so that a machine getting slower or faster over the runs weighs on both sides alike.
 */
export function rollupRounds(rounds: number): boolean[] {
  return Array.from({ length: rounds }, (_, i) => (i % 2 === 0 ? [true, false] : [false, true])).flat();
}

/**
 * The order of each round of `--rounds`: round r starts at target r (modulo their number), so that over as many
 * rounds as targets each is measured first, in the middle and last once: A B C | B C A | C A B | A B C …
 */
export function rotations<T>(targets: T[], rounds: number): T[][] {
  return Array.from({ length: rounds }, (_, r) => {
    const start = targets.length ? r % targets.length : 0;
    return [...targets.slice(start), ...targets.slice(0, start)];
  });
}

export const USAGE = `npm run bench -- [--scales 1,100] [--duration 10] [--connections 10] [--warmup 2] [--prime 10]
  [--label before|after] [--only map,near-me,...] [--no-hive] [--no-cache] [--no-build] [--compare-rollups[=rounds]]
  [--rounds 3] [--subgraph-workers 2]
  [--urls gateway=http://127.0.0.1:4000,places=http://127.0.0.1:4001]`;

function positiveInt(flag: string, raw: string | undefined, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${flag} must be an integer from ${min}, got ${raw}\n${USAGE}`);
  return n;
}

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    scales: [1],
    durationSeconds: 10,
    connections: 10,
    warmupSeconds: 2,
    primeSeconds: 10,
    hive: true,
    cache: true,
    build: true,
    compareRollups: 0,
    rounds: 1,
    subgraphWorkers: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--scales':
      case '--scale':
        options.scales = value()
          .split(',')
          .map((s) => positiveInt('--scales', s));
        break;
      case '--duration':
        options.durationSeconds = positiveInt(flag, value());
        break;
      case '--connections':
        options.connections = positiveInt(flag, value());
        break;
      case '--subgraph-workers':
        options.subgraphWorkers = positiveInt(flag, value());
        break;
      case '--warmup':
        options.warmupSeconds = positiveInt(flag, value());
        break;
      case '--prime':
        options.primeSeconds = positiveInt(flag, value(), 0);
        break;
      case '--label':
        options.label = value().replace(/[^a-zA-Z0-9_-]/g, '-');
        break;
      case '--only':
        // Names may hold spaces and colons ("writes: redemptions"): quote the list, commas between names.
        options.only = value()
          .split(',')
          .map((name) => name.trim());
        break;
      case '--urls':
        options.urls = Object.fromEntries(
          value()
            .split(',')
            .map((pair) => pair.split('=', 2) as [string, string]),
        );
        break;
      case '--no-hive':
        options.hive = false;
        break;
      case '--no-cache':
        options.cache = false;
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--compare-rollups':
        options.compareRollups = inline === undefined ? 1 : positiveInt(flag, inline);
        break;
      case '--rounds':
        options.rounds = positiveInt(flag, value());
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown flag ${argv[i]}\n${USAGE}`);
    }
  }
  if (options.urls && !options.urls.gateway) throw new Error(`--urls needs gateway=…\n${USAGE}`);
  return options;
}
