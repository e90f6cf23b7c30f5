import { spawn } from 'node:child_process';
import { join } from 'node:path';
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
  /** The gateway's admission counters over the flood (common/admission.ts): admitted, refused as busy or heavy. */
  admission?: Record<string, number>;
}

/** Drives the flood from a child process (bench/flood.main.ts): its own event loop, like another machine's. */
function flood(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...process.execArgv, join(__dirname, 'flood.main.ts')], {
      env: { ...process.env, FLOOD: JSON.stringify({ url, body, headers, seconds, connections }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`the flood exited with ${code}`);
        done(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadResult);
      } catch (error) {
        fail(error);
      }
    });
  });
}

function delta(after: Record<string, number> | undefined, before: Record<string, number> | undefined) {
  if (!after || !before) return undefined;
  return Object.fromEntries(
    ['admitted', 'admittedHeavy', 'refusedBusy', 'refusedHeavy', 'held'].map((k) => [
      k,
      after[k] - before[k],
    ]),
  );
}

const mb = (bytes: number | undefined) => (bytes === undefined ? NaN : Math.round(bytes / 1048576));

/**
 * The probe (one place by id, one connection) alone, then again while `directory list (100)` runs at 200
 * connections from another process: admission control should answer the excess at once (503) and keep the
 * probe's p99 within 5× its unloaded p99, and the gateway's memory bounded. Reports the gateway's RSS before and
 * after the flood, and its admission counters over it. The probe is driven from the bench process in both runs.
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
    if (answer.status !== 200 || answer.errors?.length)
      throw new Error(
        `${OVERLOAD}: ${w.name} fails: HTTP ${answer.status} ${JSON.stringify(answer.errors?.[0]?.valueOf() ?? '').slice(0, 300)}`,
      );
  }
  const rss = async () => mb((await metricsOf(gateway))?.rssBytes);
  const rssBefore = await rss();
  const alone = await drive(url, cheap.body, headers, { seconds, connections: 1 });
  console.log(`  ${OVERLOAD}: probe alone p99 ${alone.latencyMs.p99} ms`);
  const counters = async () => (await metricsOf(gateway))?.admission as Record<string, number> | undefined;
  const admissionBefore = await counters();
  const [flooded, loaded] = await Promise.all([
    flood(url, heavy.body, headers, seconds, CONNECTIONS),
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
  const admission = delta(await counters(), admissionBefore);
  console.log(
    `  ${OVERLOAD}: flood ${flooded.requests} answers (${flooded.errors.non2xx} non-2xx, ${flooded.errors.timeouts} timeouts) p99 ${flooded.latencyMs.p99} ms; probe under load p99 ${loaded.latencyMs.p99} ms (${loaded.errors.non2xx} non-2xx); gateway RSS ${rssBefore} → ${rssAfter} MB; admission ${JSON.stringify(admission)}`,
  );
  const memory = { 'gateway before': rssBefore, 'gateway after': rssAfter };
  return [
    { workload: `${OVERLOAD}: probe alone (${PROBE})`, via: 'gateway', load: alone, rssMb: memory },
    {
      workload: `${OVERLOAD}: flood (${HEAVY}, ${CONNECTIONS} conn.)`,
      via: 'gateway',
      load: flooded,
      rssMb: memory,
      admission,
    },
    {
      workload: `${OVERLOAD}: probe under the flood`,
      via: 'gateway',
      load: loaded,
      rssMb: memory,
      admission,
    },
  ];
}
