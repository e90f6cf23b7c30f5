import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { subgraphs } from '../subgraphs/registry';
import { openDatabase } from '../subgraphs/shared/orm';
import { foldRollups } from '../subgraphs/shared/rollup-fold';

// pg (MikroORM's driver) ships no types; the bench uses only this much of it.
interface Client {
  connect(): Promise<void>;
  end(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as { Client: new (config: { connectionString: string }) => Client };

/** The admin connection the bench creates its databases from. */
export function adminUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    'postgresql://postgres@127.0.0.1:5432/postgres'
  );
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * What the seeded data depends on: the git tree of seeds/ (plus any uncommitted change to it) and the list
 * of subgraphs, so that a changed seeder re-seeds into a fresh database. A new migration does not: it is
 * applied to the seeded database, as it would be in production.
 */
export function seedVersion(): string {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  const dirty = git('status', '--porcelain', '--', 'seeds');
  const diff = dirty ? git('diff', 'HEAD', '--', 'seeds') + dirty : '';
  return createHash('sha1')
    .update(`seeds:${git('rev-parse', 'HEAD:seeds')}`)
    .update(diff)
    .update(subgraphs.map(({ definition }) => definition.name).join(','))
    .digest('hex');
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  url: string;
  name: string;
  seededNow: boolean;
  seedSeconds?: number;
  postgresVersion: string;
}

/**
 * Seeding and migrating are batch work, not requests: a statement of the seeds at scale 100 (thousands of activity
 * reports and their rollup triggers) outlasts the requests' 15 s on a machine busy with something else.
 */
const SEED_TIMEOUTS = { statementMs: 600_000, acquireMs: 60_000 };

/**
 * `declic47_bench_s<scale>` (prefix from BENCH_DATABASE_PREFIX), migrated and seeded at that scale once per seed version (marker table
 * `bench_seed`); a database from another seed version is dropped and seeded afresh.
 */
export async function prepareDatabase(scale: number): Promise<BenchDatabase> {
  const admin = adminUrl();
  const name = `${process.env.BENCH_DATABASE_PREFIX ?? 'declic47_bench'}_s${scale}`;
  const url = withDatabase(admin, name);
  const version = seedVersion();
  const postgresVersion = await withClient(admin, async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    let current = false;
    if (exists.rowCount) {
      current = await withClient(url, async (db) => {
        const marker = await db
          .query('select version from bench_seed where scale = $1', [scale])
          .catch(() => ({ rows: [] as { version: string }[] }));
        return marker.rows[0]?.version === version;
      });
      if (!current) await client.query(`drop database "${name}" with (force)`);
    }
    if (!current) await client.query(`create database "${name}"`);
    const { rows } = await client.query('show server_version');
    return String(rows[0].server_version);
  });
  const fresh = await withClient(url, async (db) => {
    const marker = await db
      .query('select 1 from bench_seed where version = $1', [version])
      .catch(() => ({ rowCount: 0 }));
    return !marker.rowCount;
  });
  if (!fresh) {
    // Seeded already: bring its schemas up to the code's migrations (a no-op when they are).
    for (const { definition } of subgraphs) {
      const db = await openDatabase(definition, { databaseUrl: url, timeouts: SEED_TIMEOUTS });
      try {
        await db.migrate();
        await foldRollups(db.orm.em.fork() as EntityManager, definition);
      } finally {
        await db.close();
      }
    }
    await withClient(url, (db) => db.query('vacuum analyze'));
    return { url, name, seededNow: false, postgresVersion };
  }
  const started = Date.now();
  for (const { definition, seed, rollups } of subgraphs) {
    const t = Date.now();
    const db = await openDatabase(definition, { databaseUrl: url, timeouts: SEED_TIMEOUTS });
    try {
      await db.migrate();
      // Seeded with the rollups' triggers off, then the rollups rebuilt from the raw rows (`npm run rollups --
      // rebuild`, which the tests hold equal to what the triggers maintain): the triggers' upserts, a few thousand
      // reports at a time, made the people seed at scale 100 take 1,547 s and left its commune month rows in 196 MB
      // for 24 MB of live rows.
      if (rollups) await setRollupTriggers(url, false);
      await seed(db.orm.em.fork() as EntityManager, { scale });
      if (rollups) {
        await rollups.rebuild(db.orm.em.fork() as EntityManager);
        await setRollupTriggers(url, true);
      }
      // The seed's changes to the rollups, folded before the workloads read them (as the subgraph would).
      await foldRollups(db.orm.em.fork() as EntityManager, definition);
    } finally {
      await db.close();
    }
    console.log(
      `  ${definition.name}: seeded at scale ${scale} in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  const seedSeconds = (Date.now() - started) / 1000;
  await withClient(url, async (db) => {
    await db.query(
      'create table if not exists bench_seed (scale int primary key, version text not null, seconds real, seeded_at timestamptz default now())',
    );
    await db.query('insert into bench_seed (scale, version, seconds) values ($1, $2, $3)', [
      scale,
      version,
      seedSeconds,
    ]);
    await db.query('vacuum analyze');
  });
  return { url, name, seededNow: true, seedSeconds, postgresVersion };
}

/**
 * Disables or enables the triggers that maintain the reporting rollups (subgraphs/shared/INDICATORS.md, "Rollups":
 * `activity_rollup_*`, `*_daily_*`, `*_rollups_*`), for `--compare-rollups`. Writes made while they are off are
 * not in the rollups: `npm run rollups -- rebuild` puts them back (the bench's own writes are on its own
 * programme and sessions, which no read workload asks for).
 */
export async function setRollupTriggers(url: string, enabled: boolean): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select format('%I.%I', n.nspname, c.relname) as tbl, quote_ident(t.tgname) as trigger
       from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
       where not t.tgisinternal
         and (t.tgname like 'activity\\_rollup\\_%' or t.tgname like '%\\_daily\\_%' or t.tgname like '%\\_rollups\\_%')`,
    );
    for (const { tbl, trigger } of rows as { tbl: string; trigger: string }[])
      await client.query(`alter table ${tbl} ${enabled ? 'enable' : 'disable'} trigger ${trigger}`);
  } finally {
    await client.end();
  }
}
