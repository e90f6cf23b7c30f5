import type { Run, ScaleResult } from './run';
import { groupBy } from '../common/group-by';

interface Report {
  date: string;
  label?: string;
  options: { durationSeconds: number; connections: number; warmupSeconds: number };
  machine: {
    cores: number;
    cpuModel?: string;
    memoryGb: number;
    loadAverageAtStart?: number;
    node: string;
    postgres?: string;
  };
  versions: Record<string, string | undefined>;
  subgraphs: string[];
  scales: ScaleResult[];
}

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits).replace(/\.0+$/, '');

const percent = (n: number | undefined) => (n === undefined ? '–' : `${fmt(n * 100, 1)} %`);

const sum = (values: Record<string, number> | undefined) =>
  values ? Object.values(values).reduce((a, b) => a + b, 0) : undefined;

const perSubgraph = (values: Record<string, number> | undefined) =>
  values && Object.keys(values).length
    ? Object.entries(values)
        .map(([k, v]) => `${k} ${fmt(v, 2)}`)
        .join(', ')
    : '–';

/** Every run of a workload through one target (one, or one per round with `--rounds`). */
function find(runs: Run[], workload: string, via: Run['via']): Run[] {
  return runs.filter((r) => r.workload === workload && r.via === via);
}

function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median throughput of runs. */
const median = (runs: Run[]) => middle(runs.map((r) => r.load.requestsPerSecond));

/** The ratio of two targets' median throughputs (each a single run without `--rounds`). */
const ratio = (a: Run[], b: Run[]) =>
  a.length && b.length && median(b) ? `${fmt(median(a) / median(b), 2)}×` : '–';

/** The markdown table of one bench run (README shows the latest). */
export function markdownReport(report: Report): string {
  const m = report.machine;
  const lines: string[] = [
    `# Benchmark ${report.date.slice(0, 10)}${report.label ? ` (${report.label})` : ''}`,
    '',
    `${m.cores} cores (${m.cpuModel ?? '?'}), ${m.memoryGb} GB, load average ${m.loadAverageAtStart ?? '?'} at start; Node ${m.node}, PostgreSQL ${m.postgres ?? '?'}; ` +
      `${Object.entries(report.versions)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}. ` +
      `${report.options.connections} connections, ${report.options.durationSeconds} s per run after ${report.options.warmupSeconds} s of warm-up; subgraphs: ${report.subgraphs.join(', ')}.`,
    '',
  ];
  for (const scale of report.scales) {
    const seeded = scale.database?.seedSeconds ? `, seeded in ${fmt(scale.database.seedSeconds, 0)} s` : '';
    lines.push(
      `## Scale ${scale.scale} (${scale.counts?.places ?? '?'} places, ${scale.counts?.organizations ?? '?'} organizations${seeded})`,
      '',
      '| workload | via | traffic | req/s | p50 ms | p95 ms | p99 ms | errors | of which GraphQL | SQL/req | fetches/req | dedupe hits | cache hits | forwarded | RSS MB |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
    );
    for (const r of scale.runs) {
      const l = r.load.latencyMs;
      lines.push(
        `| ${r.workload} | ${r.via}${r.round ? ` (round ${r.round})` : ''} | ${r.traffic ?? '–'} | ${fmt(r.load.requestsPerSecond)} | ${fmt(l.p50)} | ${fmt(l.p95)} | ${fmt(l.p99)} | ${r.load.errors.total} | ${r.load.errors.graphql} | ${perSubgraph(r.sqlPerRequest)} | ${r.fetchesPerRequest ? fmt(sum(r.fetchesPerRequest), 2) : '–'} | ${percent(r.dedupeHitRate)} | ${percent(r.cacheHitRate)} | ${percent(r.forwardedRate)} | ${Object.entries(
          r.rssMb,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} |`,
      );
    }
    const workloads = [...new Set(scale.runs.map((r) => r.workload))];
    lines.push(
      '',
      '| workload | gateway ÷ direct | gateway ÷ Hive (dedupe on) | no dedupe: gateway ÷ direct | no dedupe: gateway ÷ Hive | Redis-cached ÷ gateway | gateway ÷ shaping every answer | 2 workers ÷ 1 |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const w of workloads) {
      if (!scale.runs.some((r) => r.workload === w && r.via !== 'gateway')) continue;
      const gw = find(scale.runs, w, 'gateway');
      lines.push(
        `| ${w} | ${ratio(gw, find(scale.runs, w, 'direct'))} | ${ratio(gw, find(scale.runs, w, 'hive (dedupe on)'))} | ${ratio(find(scale.runs, w, 'gateway, no dedupe'), find(scale.runs, w, 'direct'))} | ${ratio(find(scale.runs, w, 'gateway, no dedupe'), find(scale.runs, w, 'hive (dedupe off)'))} | ${ratio(find(scale.runs, w, 'gateway + Redis cache'), gw)} | ${ratio(gw, find(scale.runs, w, 'gateway, shaping every answer'))} | ${ratio(find(scale.runs, w, 'gateway, 2 workers'), gw)} |`,
      );
    }
    const rounds = Math.max(0, ...scale.runs.map((r) => r.round ?? 0));
    if (rounds > 1) {
      lines.push(
        '',
        `Medians of the ${rounds} rounds (each round in another order; the ratios above are of these medians):`,
        '',
        '| workload | via | req/s | p95 ms | req/s of each round |',
        '| --- | --- | ---: | ---: | --- |',
      );
      for (const w of workloads)
        for (const via of ['gateway', 'direct', 'hive (dedupe on)'] as const) {
          const runs = find(scale.runs, w, via).filter((r) => r.round);
          if (!runs.length) continue;
          const each = [...runs]
            .sort((a, b) => a.round! - b.round!)
            .map((r) => fmt(r.load.requestsPerSecond));
          lines.push(
            `| ${w} | ${via} | ${fmt(median(runs))} | ${fmt(middle(runs.map((r) => r.load.latencyMs.p95)))} | ${each.join(', ')} |`,
          );
        }
    }
    // Per page size, each gateway's own figures: deduplicated ones (fractions of a statement) and, when run,
    // the ones without deduplication (whole statements per request).
    for (const via of ['gateway', 'gateway, no dedupe'] as const) {
      const families = groupBy(
        scale.runs.filter((r) => r.via === via && r.pageSize),
        (r) => r.workload.replace(/ \(\d+\)$/, ''),
      );
      for (const [family, runs] of families) {
        if (runs.length < 2) continue;
        lines.push(
          '',
          `SQL statements per request of ${family} by page size (${via}): ${runs
            .sort((a, b) => (a.pageSize ?? 0) - (b.pageSize ?? 0))
            .map((r) => `${r.pageSize} → ${fmt(sum(r.sqlPerRequest), 2)}`)
            .join(', ')}.`,
        );
      }
    }
    const rollupCosts = workloads.flatMap((w) => {
      const off = scale.runs.filter((r) => r.workload === w && r.via === 'gateway, rollup triggers off');
      if (!off.length) return [];
      const on = scale.runs.filter((r) => r.workload === w && r.via === 'gateway');
      const [withRollups, without] = [median(on), median(off)];
      const list = (runs: Run[]) => runs.map((r) => fmt(r.load.requestsPerSecond)).join(', ');
      return [
        `- ${w}: with the rollups ${fmt(withRollups)} req/s (median of ${list(on)}), their triggers off ${fmt(without)} req/s (median of ${list(off)}): ${fmt((withRollups / without - 1) * 100, 0)} %.`,
      ];
    });
    if (rollupCosts.length)
      lines.push('', 'What maintaining the rollups costs the writes (alternating runs):', '', ...rollupCosts);
    const verified = scale.runs.flatMap(({ workload, via, verification: v }) =>
      v ? [`- ${workload} via ${via}, writes read back: ${v.ok ? 'verified' : 'WRONG'}, ${v.detail}.`] : [],
    );
    if (verified.length) lines.push('', ...verified);
    if (scale.skipped.length || scale.failures.length) {
      lines.push(
        '',
        ...scale.skipped.map((s) => `- skipped: ${s}`),
        ...scale.failures.map((f) => `- failed: ${f}`),
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
