import 'reflect-metadata';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import os from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import communes from '../reference/communes-47.json';
import { subgraphs } from '../subgraphs/registry';
import { listen } from '../common/http';
import { SIGNATURE_HEADER, signingKeysFromEnv, signRequest } from '../common/gateway-signature';
import { openDatabase } from '../subgraphs/shared/orm';
import { createSubgraphServer } from '../subgraphs/shared/server';
import { luhnValid } from '../subgraphs/shared/siret';
import { STANDARD_FIELD_NAMES } from '../subgraphs/places/exchange/table-schema';
import { execFileSync, spawn } from 'node:child_process';
import { adminUrl } from './database';
import { rssOfPid } from './load';
import { rewriteSupergraph, startProcess, stopAll, waitReady, type Started } from './processes';

/** The places-io workloads (issue 13): `npm run bench -- --only places-import,places-export`. */
export const PLACES_IO_WORKLOADS = ['places-import', 'places-export'];

const ROOT = resolve(__dirname, '..');
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as {
  Client: new (c: { connectionString: string }) => {
    connect(): Promise<void>;
    end(): Promise<void>;
    query(sql: string): Promise<unknown>;
  };
};

/** A Luhn-valid SIRET from a counter. */
function siret(n: number): string {
  const base = `4${String(n).padStart(12, '0')}`;
  for (let d = 0; d < 10; d++) if (luhnValid(`${base}${d}`)) return `${base}${d}`;
  throw new Error('unreachable');
}

/** A national-style file: every place in a real commune of 47, valid against the schema, some multi-line text. */
function writeNationalFile(path: string, rows: number): void {
  const lines = [STANDARD_FIELD_NAMES.join(',')];
  for (let i = 0; i < rows; i++) {
    const c = communes[i % communes.length];
    const record: Record<string, string> = {
      id: `bench-${i}`,
      pivot: siret(i),
      nom: `Espace numérique ${i} de ${c.nom}`,
      commune: c.nom,
      code_postal: c.codes_postaux[0],
      code_insee: c.code_insee,
      adresse: `${1 + (i % 90)} rue de la République`,
      latitude: (c.centre_lat + ((i % 97) - 48) * 0.0004).toFixed(5),
      longitude: (c.centre_lon + ((i % 89) - 44) * 0.0004).toFixed(5),
      typologie: i % 2 ? 'TIERS_LIEUX' : 'MUNI',
      telephone: `+3355${String(3000000 + i).padStart(7, '0')}`,
      courriels: `contact${i}@example.org`,
      horaires: 'Mo-Fr 09:00-12:00,14:00-17:00',
      presentation_resume: 'Accompagnement au numérique.',
      presentation_detail: `Ateliers collectifs\net accompagnement individuel, "sur rendez-vous".`,
      source: 'bench',
      date_maj: '2026-01-15',
      services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
      frais_a_charge: 'Gratuit',
      modalites_accompagnement: 'Accompagnement individuel|Dans un atelier collectif',
    };
    lines.push(
      STANDARD_FIELD_NAMES.map((f) => {
        const v = record[f] ?? '';
        return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
      }).join(','),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/**
 * Samples this process's RSS while `run` runs; answers its result, the seconds, the peak RSS in MB and the RSS
 * before it started (what the bench process held already: the ORM, the compiler, the generated file's rows).
 */
async function measured<T>(
  run: () => Promise<T>,
): Promise<{ result: T; seconds: number; peakRssMb: number; rssBeforeMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const started = process.hrtime.bigint();
  try {
    const result = await run();
    return {
      result,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      peakRssMb: Math.round(peak / 1048576),
      rssBeforeMb: Math.round(before / 1048576),
    };
  } finally {
    clearInterval(timer);
  }
}

/** What `npm run import` runs (package.json's script), as its own process: the command a partner runs. */
function importCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts.import.split(/\s+/);
}

/**
 * One run of the import CLI on `file`, as its own process: wall-clock seconds (process start to exit, including
 * its start-up and migration check), its peak RSS (VmHWM, read every 20 ms until it exits) and its report's counts.
 */
async function importWithCli(
  file: string,
  databaseUrl: string,
): Promise<{ seconds: number; peakRssMb: number; counts: unknown }> {
  const [command, ...args] = importCommand();
  const started = process.hrtime.bigint();
  const report = join(ROOT, 'bench', '.tmp', 'places-import-report.json');
  const child = spawn(command, [...args, 'places', file, '--source', 'bench', '--report', report], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let peak = 0;
  const timer = setInterval(
    () => (peak = Math.max(peak, Math.round((rssOfPid(child.pid, 'VmHWM') ?? 0) / 1048576))),
    20,
  );
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  clearInterval(timer);
  if (code !== 0) throw new Error(`the import exited with ${code}: ${out.slice(-2000)}`);
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    peakRssMb: peak,
    counts: (JSON.parse(readFileSync(report, 'utf8')) as { counts: unknown }).counts,
  };
}

/**
 * Import: a generated national-style file of 20,000 rows into a fresh PostgreSQL database (places seeded at scale
 * 1), then the same file again (all unchanged). Export: the whole table as national CSV over the subgraph's HTTP route.
 */
export async function runPlacesIoBench(
  only: string[],
  options: { label?: string; scales?: number[]; build?: boolean } = {},
): Promise<void> {
  // At a seed scale (`--scales 100`): the exports of that scale's bench database, through the gateway.
  const scales = (options.scales ?? [1]).filter((s) => s !== 1);
  if (only.includes('places-export') && scales.length) {
    for (const scale of scales) await runExportAtScale(scale, options);
    return;
  }
  const admin = adminUrl();
  const name = `bench_places_io_${process.pid}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const entry = subgraphs.find((s) => s.definition.name === 'places')!;
  const db = await openDatabase(entry.definition, { databaseUrl: url.toString() });
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, loadAverageAtStart: os.loadavg()[0], node: process.version },
  };
  try {
    await db.migrate();
    await entry.seed(db.orm.em.fork() as EntityManager, { scale: 1 });
    mkdirSync(join(ROOT, 'bench', '.tmp'), { recursive: true });
    const file = join(ROOT, 'bench', '.tmp', `places-${ROWS}.csv`);
    writeNationalFile(file, ROWS);
    if (only.includes('places-import')) {
      if (options.build !== false)
        execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
      const importOnce = () => importWithCli(file, url.toString());
      const first = await importOnce();
      const second = await importOnce();
      results.import = {
        rows: ROWS,
        fileMb: Math.round(statSync(file).size / 1e5) / 10,
        command: `npm run import -- places ${file} --source bench (${importCommand().join(' ')})`,
        first: { ...first, rowsPerSecond: Math.round(ROWS / first.seconds) },
        again: { ...second, rowsPerSecond: Math.round(ROWS / second.seconds) },
      };
      console.log('places-import', JSON.stringify(results.import, null, 2));
    }
    if (only.includes('places-export')) {
      const server = await createSubgraphServer(entry.definition, db.orm);
      const port = await listen(server.http, 0);
      try {
        const run = await measured(async () => {
          // Straight to the subgraph: signed as the gateway signs (subgraphs answer nothing unsigned).
          const res = await fetch(`http://127.0.0.1:${port}/exports/lieux-mediation-numerique.csv`, {
            headers: { [SIGNATURE_HEADER]: signRequest(signingKeysFromEnv(), '') },
          });
          if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
          let bytes = 0;
          let lines = 0;
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            bytes += chunk.length;
            for (const b of chunk) if (b === 10) lines++;
          }
          return { status: res.status, bytes, lines };
        });
        results.export = { ...run.result, seconds: run.seconds, peakRssMb: run.peakRssMb };
        console.log('places-export', JSON.stringify(results.export, null, 2));
      } finally {
        await server.stop();
      }
    }
    const out = join(
      ROOT,
      'bench',
      'results',
      `${new Date().toISOString().slice(0, 10)}-places-io${options.label ? `-${options.label}` : ''}.json`,
    );
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${out}`);
  } finally {
    await db.close();
    await client.query(`drop database "${name}" with (force)`);
    await client.end();
  }
}

const EXPORT_FILES = [
  'lieux-mediation-numerique.csv',
  'lieux-mediation-numerique.json',
  'data-inclusion/structures.json',
  'data-inclusion/services.json',
];

/**
 * The exports of an already seeded bench database (`<BENCH_DATABASE_PREFIX>_s<scale>`, read only: nothing is
 * written to it), through the built gateway and places subgraph started as their own processes, as in
 * production: seconds, bytes, lines, and each process's resident memory before and at its peak (sampled from
 * /proc every 20 ms).
 */
async function runExportAtScale(scale: number, options: { label?: string; build?: boolean }): Promise<void> {
  const admin = adminUrl();
  const name = `${process.env.BENCH_DATABASE_PREFIX ?? 'declic47_bench'}_s${scale}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  const exists = (await client.query(`select 1 from pg_database where datname = '${name}'`)) as {
    rows: unknown[];
  };
  await client.end();
  if (!exists.rows.length)
    throw new Error(`no database ${name}: seed it first (npm run bench -- --scales ${scale} --only map)`);
  if (options.build !== false) execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const base = Number(process.env.BENCH_PORT_BASE ?? 15000);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const env = {
    NODE_ENV: 'production',
    JWT_SECRET: 'declic47-bench-secret-only-for-local-benchmarks',
    GATEWAY_SIGNING_KEY: 'declic47-bench-signing-key-only-for-local-benchmarks',
    DATABASE_URL: url.toString(),
    HOST: '127.0.0.1',
    SEED: 'false',
  };
  const urls = Object.fromEntries(
    subgraphs.map(({ definition }, i) => [definition.name, `http://127.0.0.1:${base + 1 + i}/graphql`]),
  );
  const placesPort = base + 1 + subgraphs.findIndex((s) => s.definition.name === 'places');
  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(join(ROOT, 'bench', '.tmp'), { recursive: true });
  const supergraph = rewriteSupergraph(
    readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
    urls,
    join(ROOT, 'bench', '.tmp', `supergraph-export-s${scale}.graphql`),
  );
  const started: Started[] = [];
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    label: options.label,
    scale,
    database: name,
    machine: { cores: os.cpus().length, loadAverageAtStart: os.loadavg(), node: process.version },
  };
  try {
    const places = startProcess(
      'places',
      process.execPath,
      [join(ROOT, 'dist', 'subgraphs', 'places', 'main.js')],
      { ...env, PLACES_PORT: String(placesPort) },
      `http://127.0.0.1:${placesPort}`,
    );
    started.push(places);
    await waitReady(places);
    const gateway = startProcess(
      'gateway',
      process.execPath,
      [join(ROOT, 'dist', 'gateway', 'main.js')],
      {
        ...env,
        GATEWAY_PORT: String(base),
        SUPERGRAPH_PATH: supergraph,
        ...Object.fromEntries(Object.entries(urls).map(([n, u]) => [`${n.toUpperCase()}_URL`, u])),
      },
      `http://127.0.0.1:${base}`,
    );
    started.push(gateway);
    // /health, not /ready: only the places subgraph runs, the exports need no other.
    await waitReady(gateway, '/health');
    const runs: Record<string, unknown>[] = [];
    for (const file of EXPORT_FILES) {
      const pids = { gateway: gateway.child.pid, places: places.child.pid };
      const before = Object.fromEntries(
        Object.entries(pids).map(([n, pid]) => [n, Math.round((rssOfPid(pid) ?? 0) / 1048576)]),
      );
      const peak = { ...before };
      const timer = setInterval(() => {
        for (const [n, pid] of Object.entries(pids))
          peak[n] = Math.max(peak[n], Math.round((rssOfPid(pid) ?? 0) / 1048576));
      }, 20);
      const t = process.hrtime.bigint();
      let bytes = 0;
      let lines = 0;
      let status = 0;
      try {
        const res = await fetch(`${gateway.baseUrl}/exports/${file}`);
        status = res.status;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          for (const b of chunk) if (b === 10) lines++;
        }
      } finally {
        clearInterval(timer);
      }
      const run = {
        file,
        status,
        seconds: Number(process.hrtime.bigint() - t) / 1e9,
        bytes,
        lines,
        rssBeforeMb: before,
        rssPeakMb: peak,
      };
      runs.push(run);
      console.log('places-export', JSON.stringify(run));
    }
    results.exports = runs;
    results.loadAverageAtEnd = os.loadavg();
  } finally {
    await stopAll(started);
  }
  const out = join(
    outDir,
    `${new Date().toISOString().slice(0, 10)}-places-export-s${scale}${options.label ? `-${options.label}` : ''}.json`,
  );
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
