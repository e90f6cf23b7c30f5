import { NotNullGuard } from './not-null';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { PG_DATE_OID } from './calendar-date';
import { intFromEnv } from '../../common/config';
import { acquireDataLock } from './data-lock';
import { boundedByDeadline } from './deadline';
import type { Extension, SubgraphDefinition } from './subgraph';

// Both packages ship CommonJS builds whose type declarations are marked ESM: load the CommonJS build, type it from the ESM one.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as typeof import(
  '@electric-sql/pglite/contrib/pg_trgm',
  {
    with: { 'resolution-mode': 'import' },
  }
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cube } = require('@electric-sql/pglite/contrib/cube') as typeof import(
  '@electric-sql/pglite/contrib/cube',
  {
    with: { 'resolution-mode': 'import' },
  }
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PGliteDriver } = require('mikro-orm-pglite') as typeof import('mikro-orm-pglite', {
  with: { 'resolution-mode': 'import' },
});

const PGLITE_EXTENSIONS: Record<Extension, Extensions[string]> = { pg_trgm, cube };

/** Where a subgraph's data lives. */
export interface DatabaseTarget {
  /** PostgreSQL server; when unset the subgraph runs on an embedded PGlite. */
  databaseUrl?: string;
  /** PostgreSQL schema; defaults to the subgraph name. */
  schema?: string;
  /** Embedded database folder; unset means in memory. */
  dataDir?: string;
  poolMax?: number;
  /** DATABASE_STATEMENT_TIMEOUT_MS / DATABASE_ACQUIRE_TIMEOUT_MS by default (see scripts/RELIABILITY.md). */
  timeouts?: DatabaseTimeouts;
}

/** How long a statement may run, and how long a request waits for a pooled connection. */
export interface DatabaseTimeouts {
  statementMs: number;
  acquireMs: number;
}

export function databaseTimeoutsFromEnv(): DatabaseTimeouts {
  return {
    statementMs: intFromEnv('DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 10, 3_600_000),
    acquireMs: intFromEnv('DATABASE_ACQUIRE_TIMEOUT_MS', 10_000, 10, 600_000),
  };
}

/** An initialised ORM and how to release everything it holds. */
export interface Database {
  orm: MikroORM;
  embedded: boolean;
  /** Runs pending migrations (up to and including `to`, by name, when given); never drops anything. */
  migrate(to?: string): Promise<void>;
  close(): Promise<void>;
}

/** The embedded database folder of a subgraph: `$DATA_DIR/<name>`, `./data/<name>` by default. */
export function defaultDataDir(name: string): string {
  return resolve(process.env.DATA_DIR ?? 'data', name);
}

function baseOptions(def: SubgraphDefinition): Options {
  return {
    entities: def.entities,
    subscribers: [new NotNullGuard()],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList: def.migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      disableForeignKeys: false,
      silent: true,
    },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    ignoreUndefinedInQuery: true,
    debug: false,
  };
}

/**
 * Opens a subgraph's database: PGlite (one instance per subgraph, never shared) when no URL is given,
 * otherwise PostgreSQL with the subgraph's own schema first on the search path.
 */
export async function openDatabase(def: SubgraphDefinition, target: DatabaseTarget = {}): Promise<Database> {
  const extensions = def.extensions ?? [];
  const timeouts = target.timeouts ?? databaseTimeoutsFromEnv();
  if (!target.databaseUrl) {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    // One process per folder: two PGlite instances on the same files lose each other's writes.
    const lock = target.dataDir ? acquireDataLock(target.dataDir) : undefined;
    const pglite = new PGlite({
      dataDir: target.dataDir,
      extensions: Object.fromEntries(extensions.map((e) => [e, PGLITE_EXTENSIONS[e]])),
      // A DATE as its text, as MikroORM sets node-postgres up: raw SQL sees the same value on both databases.
      parsers: { [PG_DATE_OID]: (text: string) => text },
    });
    await pglite.waitReady;
    for (const extension of extensions) await pglite.exec(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    const orm = await MikroORM.init({
      ...baseOptions(def),
      driver: PGliteDriver,
      dbName: 'postgres',
      pool: { min: 1, max: 1 },
      // PGlite runs each statement to its end inside this process (no statement_timeout): the request's deadline
      // is held around each statement instead (deadline.ts); waiting for its one connection is bounded.
      driverOptions: {
        connection: { pglite: () => boundedByDeadline(pglite) },
        acquireConnectionTimeout: timeouts.acquireMs,
      },
    } as Options);
    return {
      orm,
      embedded: true,
      migrate: async (to?: string) => {
        await orm.getMigrator().up(to ? { to } : undefined);
      },
      close: async () => {
        await orm.close(true);
        await pglite.close();
        lock?.release();
      },
    };
  }

  const schema = target.schema ?? def.name;
  const orm = await MikroORM.init({
    ...baseOptions(def),
    driver: PostgreSqlDriver,
    clientUrl: target.databaseUrl,
    // The migrations table and entity queries in the subgraph's schema; raw SQL finds it through the search path.
    schema,
    pool: { min: 0, max: target.poolMax ?? 10 },
    // Unqualified names in migrations and queries resolve to the subgraph's own schema.
    driverOptions: {
      searchPath: [schema, 'public'],
      // The server cancels a long statement; the client gives up on a server that does not answer at all
      // (stalled, unreachable); a request waits a bounded time for a pooled connection.
      connection: {
        // No JIT compilation: the report statements are estimated costly enough to trigger it, and compiling took
        // 260 ms of a 330 ms trainingStats statement at scale 100 (none of our statements runs long enough to
        // repay it). No parallel query either: a report statement split over two workers on a server that serves
        // many requests at once only adds work (scale 100, 10 connections: co-funder statement 50–65 → 70–105 req/s,
        // the dashboards within the runs' noise; one connection: no slower; bench/README.md). Prepared statements
        // (shared/sql.ts `executeNamed`) planned for their values every time: after five runs PostgreSQL may keep one
        // generic plan for every value, and it did for the mediation statement, whose one plan then served a commune's
        // codes and the département's 319 alike (generic against custom, 12 runs each: 12 against 18 ms for an EPCI,
        // 178 against 154 ms for the département); what prepared statements save is the parsing. A statement whose one
        // plan suits every value asks for it (`executeNamed`'s `plan: 'generic'`, set on the connection it runs on).
        options: '-c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_custom_plan',
        statement_timeout: timeouts.statementMs,
        query_timeout: timeouts.statementMs + 1000,
        connectionTimeoutMillis: timeouts.acquireMs,
      },
      acquireConnectionTimeout: timeouts.acquireMs,
    },
  } as Options);
  return {
    orm,
    embedded: false,
    migrate: async (to?: string) => {
      const connection = orm.em.getConnection();
      for (const extension of extensions) await createExtension(connection, extension);
      await connection.execute(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await orm.getMigrator().up(to ? { to } : undefined);
    },
    close: () => orm.close(true),
  };
}

/** CREATE EXTENSION in public, tolerating another subgraph creating it at the same moment. */
async function createExtension(connection: { execute(sql: string): Promise<unknown> }, name: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await connection.execute(`CREATE EXTENSION IF NOT EXISTS ${name} WITH SCHEMA public`);
      return;
    } catch (error) {
      if (attempt >= 3 || (error as { code?: string }).code !== '23505') throw error;
    }
  }
}
