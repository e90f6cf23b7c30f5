import { drive, metricsOf, probe, type LoadResult } from './load';
import type { Workload } from './workloads';

/** `--only overload`: heavy reads at 200 connections while another client sends a cheap probe. */
export const OVERLOAD = 'overload';
const HEAVY = 'directory list (100)';
const PROBE = 'directory card';
const CONNECTIONS = 200;

export interface OverloadRun {
  workload: string;
  via: 'gateway';
  load: LoadResult;
  rssMb: Record<string, number>;
}

const mb = (bytes: number | undefined) => (bytes === undefined ? NaN : Math.round(bytes / 1048576));

/**
 * The probe (one place by id, one connection) alone, then again while `directory list (100)` runs at 200
 * connections: admission control should answer the excess at once (503) and keep the probe's p99 within 5× its
 * unloaded p99, and the gateway's memory bounded. Reports the gateway's RSS before and after the flood.
 */
export async function overload(
  gateway: string,
  workloads: Workload[],
  headers: Record<string, string>,
  seconds: number,
): Promise<OverloadRun[]> {
  const heavy = workloads.find((w) => w.name === HEAVY);
  const cheap = workloads.find((w) => w.name === PROBE);
  if (!heavy || !cheap) throw new Error(`${OVERLOAD}: needs the ${HEAVY} and ${PROBE} workloads`);
  const url = `${gateway}/graphql`;
  for (const w of [heavy, cheap]) {
    const answer = await probe(url, w.body, headers);
    if (answer.status !== 200 || answer.errors?.length) throw new Error(`${OVERLOAD}: ${w.name} fails`);
  }
  const rss = async () => mb((await metricsOf(gateway))?.rssBytes);
  const rssBefore = await rss();
  const alone = await drive(url, cheap.body, headers, { seconds, connections: 1 });
  console.log(`  ${OVERLOAD}: probe alone p99 ${alone.latencyMs.p99} ms`);
  const [flood, loaded] = await Promise.all([
    drive(url, heavy.body, headers, { seconds, connections: CONNECTIONS }),
    // The probe starts once the flood is under way.
    new Promise<LoadResult>((done) =>
      setTimeout(
        () =>
          void drive(url, cheap.body, headers, { seconds: Math.max(1, seconds - 2), connections: 1 }).then(
            done,
          ),
        1000,
      ),
    ),
  ]);
  const rssAfter = await rss();
  console.log(
    `  ${OVERLOAD}: flood ${flood.requests} answers (${flood.errors.non2xx} non-2xx, ${flood.errors.timeouts} timeouts) p99 ${flood.latencyMs.p99} ms; probe under load p99 ${loaded.latencyMs.p99} ms (${loaded.errors.non2xx} non-2xx); gateway RSS ${rssBefore} → ${rssAfter} MB`,
  );
  const memory = { 'gateway before': rssBefore, 'gateway after': rssAfter };
  return [
    { workload: `${OVERLOAD}: probe alone (${PROBE})`, via: 'gateway', load: alone, rssMb: memory },
    {
      workload: `${OVERLOAD}: flood (${HEAVY}, ${CONNECTIONS} conn.)`,
      via: 'gateway',
      load: flood,
      rssMb: memory,
    },
    { workload: `${OVERLOAD}: probe under the flood`, via: 'gateway', load: loaded, rssMb: memory },
  ];
}
