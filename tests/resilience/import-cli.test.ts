import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { STANDARD_FIELD_NAMES } from '../../subgraphs/places/exchange/table-schema';
import { onServer, postgresTemplate } from '../helpers/templates';
import { build, exitOf, run } from './processes';

/**
 * `npm run import` as a partner runs it: package.json's script (the built CLI, its heap budget) on a file in the
 * national standard, on a database of its own: with DATABASE_URL a new PostgreSQL database (a clone of the run's
 * places template), else an embedded one under a temporary DATA_DIR.
 */
const EXAMPLE = resolve(
  __dirname,
  '../../subgraphs/places/exchange/reference/lieux-mediation-numerique.exemple-valide.csv',
);

let dir: string;
const server = process.env.DATABASE_URL || undefined;
const database = `hub_test_import_cli_${process.pid}_${Date.now().toString(36)}`;
let databaseUrl = '';

/** The published valid example, moved to Agen, as `count` places a few hundred metres apart. */
function nationalFile(count: number): string {
  const [row] = parse(readFileSync(EXAMPLE), { columns: true }) as Record<string, string>[];
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows: Record<string, string>[] = Array.from({ length: count }, (_, i) => ({
    ...row,
    id: `cli-${i}`,
    nom: `${['Médiathèque', 'Espace numérique', 'Maison France services'][i % 3]} ${i}`,
    commune: 'Agen',
    code_postal: '47000',
    code_insee: '47001',
    latitude: (44.2 + i * 0.005).toFixed(5),
    longitude: '0.61630',
  }));
  return `${[STANDARD_FIELD_NAMES.join(','), ...rows.map((r) => STANDARD_FIELD_NAMES.map((f) => cell(r[f] ?? '')).join(','))].join('\n')}\n`;
}

/** One `npm run import -- places <file> …` (its prebuild is beforeAll's), with the report it wrote. */
async function importCli(file: string, ...options: string[]) {
  const report = join(dir, `report-${Date.now()}.json`);
  const cli = run(
    'npm',
    [
      'run',
      '-s',
      'import',
      '--ignore-scripts',
      '--',
      'places',
      file,
      '--source',
      'cli',
      '--report',
      report,
      ...options,
    ],
    { DATA_DIR: dir, DATABASE_URL: databaseUrl },
  );
  const code = await exitOf(cli, 150_000);
  let json: { status: string; counts: Record<string, number>; error?: string } | undefined;
  try {
    json = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    json = undefined;
  }
  return { code, output: cli.output(), report: json };
}

beforeAll(async () => {
  build();
  dir = mkdtempSync(join(tmpdir(), 'hub-import-cli-'));
  if (server) {
    const template = postgresTemplate('places', server);
    await onServer(server, `create database "${database}"${template ? ` template "${template}"` : ''}`);
    const url = new URL(server);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  }
});

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (server) await onServer(server, `drop database if exists "${database}" with (force)`);
});

describe('npm run import', () => {
  it('imports a file in the national standard, reports it, then reports everything unchanged the second time', async () => {
    const file = join(dir, 'lieux.csv');
    writeFileSync(file, nationalFile(3));
    const dryRun = await importCli(file, '--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.report).toMatchObject({ status: 'DONE', dryRun: true, counts: { rows: 3, created: 3 } });

    // The dry run wrote nothing: the real run creates the same three places.
    const first = await importCli(file);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(
      /rows 3 \| created 3 \| updated 0 \| unchanged 0 \| merged 0 \| rejected 0 \| skipped 0/,
    );
    expect(first.report).toMatchObject({ status: 'DONE', dryRun: false, counts: { rows: 3, created: 3 } });

    const again = await importCli(file);
    expect(again.code).toBe(0);
    expect(again.report).toMatchObject({
      status: 'DONE',
      counts: { rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0, skipped: 0, merged: 0 },
    });
  });

  it('refuses a file that is not in the standard with a clear message and exit code 1', async () => {
    const file = join(dir, 'not-a-standard.csv');
    writeFileSync(file, 'nom;ville\nMédiathèque;Agen\n');
    const refused = await importCli(file);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/missing required columns/);
    expect(refused.report).toMatchObject({ status: 'REFUSED' });
  });
});
