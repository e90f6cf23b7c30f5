import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegisteredSubgraph } from '../../subgraphs/registry';
import type { Database } from '../../subgraphs/shared/orm';

/**
 * The subgraphs given a template (a subgraph missing here is seeded per test file, as before). Names only:
 * jest's own process never loads the ORM or the entities, since it runs a lone test file in band, in which
 * case entity metadata loaded by the global setup would clash with the test's own. The longest seeding first (two
 * at a time: people and funding, then training and places): 18.0 → 16.3 s before the first test file starts.
 */
const TEMPLATED = ['people', 'funding', 'training', 'places'];

// eslint-disable-next-line @typescript-eslint/no-require-imports
const registry = (): RegisteredSubgraph[] => require('../../subgraphs/registry').subgraphs;

/**
 * Seeded templates: jest's global setup migrates and seeds each subgraph's database once, and every test
 * file clones it (PGlite: a copy of the template's data folder, opened as `npm start` opens its own; PostgreSQL:
 * `create database … template …`) instead of running the seeders again. Same migrations, same seeders, same rows.
 */
const ENV = 'HUB_TEST_TEMPLATES';

type Templates =
  { kind: 'pglite'; dir: string } | { kind: 'postgres'; server: string; names: Record<string, string> };

/** Runs one statement on the server of a PostgreSQL URL, connected to its maintenance database. */
export async function onServer(databaseUrl: string, sql: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** What the templates and the clones of two workers take at most, with room to spare (about 1 GB is used). */
const SCRATCH_BYTES = 2 * 1024 ** 3;

/**
 * Where embedded test databases live: memory-backed /dev/shm where the machine has one with room enough (a clone is
 * a copy of the template's folder, and every write of a test stays off the disk; a container's default /dev/shm of
 * 64 MB is not enough), the system's temporary folder otherwise.
 */
function scratch(): string {
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize >= SCRATCH_BYTES) return '/dev/shm';
  } catch {
    // No /dev/shm here (macOS, Windows).
  }
  return tmpdir();
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function current(): Templates | undefined {
  const raw = process.env[ENV];
  return raw ? (JSON.parse(raw) as Templates) : undefined;
}

/** The key of a subgraph's migrated (unseeded) template; its seeded template's key is the subgraph's name. */
export const migratedKey = (subgraph: string): string => `${subgraph}.migrated`;

/**
 * Builds two templates per registered subgraph (PGlite, or PostgreSQL with DATABASE_URL), migrated and seeded, and
 * migrated only, each subgraph in a child process (seed-template.ts): two at a time on two cores, and no ORM or
 * entity metadata loaded into jest's own process, which runs a lone test file in band.
 */
export async function createTemplates(): Promise<void> {
  const server = process.env.DATABASE_URL || undefined;
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const templates: Templates = server
    ? {
        kind: 'postgres',
        server,
        names: Object.fromEntries(
          TEMPLATED.flatMap((name) => [
            [name, `hub_tpl_${name}_${stamp}`],
            [migratedKey(name), `hub_tpl_${name}_migrated_${stamp}`],
          ]),
        ),
      }
    : { kind: 'pglite', dir: mkdtempSync(join(scratch(), 'declic47-test-templates-')) };
  process.env[ENV] = JSON.stringify(templates);
  const queue = [...TEMPLATED];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) await seedInChild(name);
  };
  await Promise.all([worker(), worker()]);
}

function seedInChild(subgraph: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'seed-template.ts'), subgraph],
      { stdio: ['ignore', 'inherit', 'inherit'], env: process.env },
    );
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`seeding the ${subgraph} template failed (exit ${code})`)),
    );
  });
}

/**
 * Migrates the templates of one subgraph, then seeds a copy of the migrated one (run by seed-template.ts in a child
 * process). Each is closed cleanly, so that a clone starts from a checkpoint without replaying any WAL.
 */
export async function seedTemplate(subgraph: string): Promise<void> {
  const templates = current();
  const { openDatabase } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../subgraphs/shared/orm') as typeof import('../../subgraphs/shared/orm');
  const entry = registry().find((s) => s.definition.name === subgraph);
  if (!templates || !entry) throw new Error(`no template planned for ${subgraph}`);
  const { definition, seed } = entry;
  const open = (key: string) =>
    templates.kind === 'postgres'
      ? openDatabase(definition, {
          databaseUrl: withDatabase(templates.server, templates.names[key]),
          poolMax: 2,
        })
      : openDatabase(definition, { dataDir: join(templates.dir, key) });
  /** Opens a template, runs `work` on it and closes it; on PGlite after a checkpoint, without the WAL it never reads. */
  const fill = async (key: string, work: (db: Database) => Promise<unknown>) => {
    const db = await open(key);
    let wal: WalSpan | undefined;
    try {
      await work(db);
      if (templates.kind === 'pglite') wal = await checkpoint(db.orm.em.fork() as EntityManager);
    } finally {
      await db.close();
    }
    if (wal && templates.kind === 'pglite') dropSpareWal(join(templates.dir, key), wal);
  };
  const migrated = migratedKey(subgraph);
  if (templates.kind === 'postgres')
    await onServer(templates.server, `create database "${templates.names[migrated]}"`);
  await fill(migrated, (db) => db.migrate());
  if (templates.kind === 'postgres') {
    const { names } = templates;
    await onServer(templates.server, `create database "${names[subgraph]}" template "${names[migrated]}"`);
  } else cpSync(join(templates.dir, migrated), join(templates.dir, subgraph), { recursive: true });
  await fill(subgraph, (db) => seed(db.orm.em.fork() as EntityManager));
}

/** The WAL segments from a checkpoint's redo point to the current insert position. */
interface WalSpan {
  first: string;
  last: string;
}

/** A checkpoint, so that a clone replays nothing, and the WAL segments written since its redo point. */
async function checkpoint(em: EntityManager): Promise<WalSpan> {
  const connection = em.getConnection();
  await connection.execute('checkpoint');
  const [span] = await connection.execute<WalSpan[]>(
    `select pg_walfile_name(redo_lsn) as first, pg_walfile_name(pg_current_wal_insert_lsn()) as last
       from pg_control_checkpoint()`,
  );
  return span;
}

/**
 * Removes the WAL segments a start of this folder does not read: those before the checkpoint, and those recycled for
 * later use (PGlite keeps 80 MB of them: half of the seeded people template). The segment after the last one stays,
 * in case the shutdown checkpoint written by the close crossed into it. Each clone copies that much less.
 */
function dropSpareWal(dataDir: string, { first, last }: WalSpan): void {
  // A segment's name: timeline, then log and segment numbers (8 hex digits each; 256 segments of 16 MB per log).
  const position = (name: string) => BigInt(`0x${name.slice(8, 16)}`) * 256n + BigInt(`0x${name.slice(16)}`);
  const [from, to] = [position(first), position(last) + 1n];
  const dir = join(dataDir, 'pg_wal');
  for (const name of readdirSync(dir)) {
    if (!/^[0-9A-F]{24}$/.test(name) || name.slice(0, 8) !== first.slice(0, 8)) continue;
    const at = position(name);
    if (at < from || at > to) rmSync(join(dir, name));
  }
}

/** Removes the templates of this run. */
export async function dropTemplates(): Promise<void> {
  const templates = current();
  if (!templates) return;
  if (templates.kind === 'pglite') rmSync(templates.dir, { recursive: true, force: true });
  else {
    for (const name of Object.values(templates.names)) {
      await onServer(templates.server, `drop database if exists "${name}" with (force)`);
    }
  }
  delete process.env[ENV];
}

let clones = 0;

/**
 * A fresh copy of a PGlite template (a subgraph's name, or its `migratedKey`), if this run built one: a data folder of its own beside
 * the templates (so the run's teardown removes any a test leaves behind), for `openDatabase({ dataDir })`. Copying
 * the folder and opening it costs about a third of loading the same data from a tarball into memory.
 */
export function clonePgliteTemplate(key: string): string | undefined {
  const templates = current();
  if (templates?.kind !== 'pglite') return undefined;
  const dataDir = join(templates.dir, `${key}-${process.pid}-${++clones}`);
  cpSync(join(templates.dir, key), dataDir, { recursive: true });
  return dataDir;
}

/** A PostgreSQL template database on this server (a subgraph's name, or its `migratedKey`), if this run built one. */
export function postgresTemplate(key: string, server: string): string | undefined {
  const templates = current();
  if (templates?.kind !== 'postgres' || templates.server !== server) return undefined;
  return templates.names[key];
}

/**
 * The template a test database of `definition` can start from: its seeded one when `seed` is the registered seeder,
 * its migrated one when it is to be migrated with another seeder or none; none for a definition that is not the
 * registered one (a test of a migration builds its own).
 */
export function templateFor(
  definition: unknown,
  seed: unknown,
  migrate: boolean,
): { key: string; seeded: boolean } | undefined {
  const entry = registry().find((e) => e.definition === definition);
  if (!entry || !TEMPLATED.includes(entry.definition.name)) return undefined;
  if (seed !== undefined && entry.seed === seed) return { key: entry.definition.name, seeded: true };
  return migrate ? { key: migratedKey(entry.definition.name), seeded: false } : undefined;
}
