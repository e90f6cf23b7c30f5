import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegisteredSubgraph } from '../../subgraphs/registry';

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
 * file clones it (PGlite: a `dumpDataDir` tarball loaded into a new instance; PostgreSQL: `create database
 * … template …`) instead of running the seeders again. Same migrations, same seeders, same rows.
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

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function current(): Templates | undefined {
  const raw = process.env[ENV];
  return raw ? (JSON.parse(raw) as Templates) : undefined;
}

/**
 * Builds one seeded template per registered subgraph (PGlite, or PostgreSQL with DATABASE_URL), each in a
 * child process (seed-template.ts): two at a time on two cores, and no ORM or entity metadata loaded into
 * jest's own process, which runs a lone test file in band.
 */
export async function createTemplates(): Promise<void> {
  const server = process.env.DATABASE_URL || undefined;
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const templates: Templates = server
    ? {
        kind: 'postgres',
        server,
        names: Object.fromEntries(TEMPLATED.map((name) => [name, `hub_tpl_${name}_${stamp}`])),
      }
    : { kind: 'pglite', dir: mkdtempSync(join(tmpdir(), 'declic47-test-templates-')) };
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

/** Migrates and seeds the template of one subgraph (run by seed-template.ts in a child process). */
export async function seedTemplate(subgraph: string): Promise<void> {
  const templates = current();
  const { openDatabase } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../subgraphs/shared/orm') as typeof import('../../subgraphs/shared/orm');
  const entry = registry().find((s) => s.definition.name === subgraph);
  if (!templates || !entry) throw new Error(`no template planned for ${subgraph}`);
  const { definition, seed } = entry;
  if (templates.kind === 'postgres') {
    const name = templates.names[subgraph];
    await onServer(templates.server, `create database "${name}"`);
    const db = await openDatabase(definition, {
      databaseUrl: withDatabase(templates.server, name),
      poolMax: 2,
    });
    try {
      await db.migrate();
      await seed(db.orm.em.fork() as EntityManager);
    } finally {
      await db.close();
    }
    return;
  }
  const db = await openDatabase(definition);
  try {
    await db.migrate();
    await seed(db.orm.em.fork() as EntityManager);
    // A checkpoint first, so that each clone starts without replaying the seeding's WAL, and only the WAL
    // segments a start needs go in the tarball (about half of it otherwise: recycled segments of the seeding).
    const connection = db.orm.em.getConnection();
    await connection.execute('checkpoint');
    const [wal] = await connection.execute<{ first: string; last: string }[]>(
      `select pg_walfile_name(redo_lsn) as first, pg_walfile_name(pg_current_wal_insert_lsn()) as last
         from pg_control_checkpoint()`,
    );
    const tarball = Buffer.from(await (await db.dumpDataDir!()).arrayBuffer());
    const needed = (path: string) => {
      const segment = /(?:^|\/)pg_wal\/([0-9A-F]{24})$/.exec(path)?.[1];
      return !segment || (segment >= wal.first && segment <= wal.last);
    };
    writeFileSync(join(templates.dir, `${subgraph}.tar`), filterTar(tarball, needed));
  } finally {
    await db.close();
  }
}

/** The entries of a ustar archive whose path `keep` accepts (PGlite writes plain ustar, short names). */
export function filterTar(archive: Buffer, keep: (path: string) => boolean): Buffer {
  const BLOCK = 512;
  const field = (header: Buffer, at: number, length: number) =>
    header
      .subarray(at, at + length)
      .toString('latin1')
      .replace(/\0.*$/s, '');
  const kept: Buffer[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const prefix = field(header, 257, 6).startsWith('ustar') ? field(header, 345, 155) : '';
    const name = field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const end = offset + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (keep(prefix ? `${prefix}/${name}` : name)) kept.push(archive.subarray(offset, end));
    offset = end;
  }
  kept.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(kept);
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

/**
 * The seeded PGlite template of a subgraph, if this run built one. PGlite reads a data-dir tarball with
 * `arrayBuffer()` alone (and its `type`): the file's bytes are handed over as they are read, where a real Blob
 * would copy them twice more (into the blob store, then back in chunks), about a fifth of the cost of a start.
 */
export function pgliteTemplate(subgraph: string): Blob | undefined {
  const templates = current();
  if (templates?.kind !== 'pglite') return undefined;
  const bytes = readFileSync(join(templates.dir, `${subgraph}.tar`));
  const tarball: Pick<Blob, 'type' | 'size' | 'arrayBuffer'> = {
    type: 'application/x-tar',
    size: bytes.byteLength,
    arrayBuffer: async () =>
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
  return tarball as Blob;
}

/** The seeded PostgreSQL template database of a subgraph on this server, if this run built one. */
export function postgresTemplate(subgraph: string, server: string): string | undefined {
  const templates = current();
  if (templates?.kind !== 'postgres' || templates.server !== server) return undefined;
  return templates.names[subgraph];
}

/** Whether `seed` is the registered seeder of the subgraph (the one its template was built with). */
export function isRegisteredSeed(subgraph: string, seed: unknown): boolean {
  return registry().some((entry) => entry.definition.name === subgraph && entry.seed === seed);
}
