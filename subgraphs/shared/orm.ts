import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { acquireDataLock } from './data-lock';
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
  /** Embedded database folder; unset means in memory (tests). */
  dataDir?: string;
  poolMax?: number;
}

/** An initialised ORM and how to release everything it holds. */
export interface Database {
  orm: MikroORM;
  embedded: boolean;
  /** Runs pending migrations; never drops anything. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** The embedded database folder of a subgraph: `$DATA_DIR/<name>`, `./data/<name>` by default. */
export function defaultDataDir(name: string): string {
  return resolve(process.env.DATA_DIR ?? 'data', name);
}

function baseOptions(def: SubgraphDefinition): Options {
  return {
    entities: def.entities,
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
  if (!target.databaseUrl) {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    // One process per folder: two PGlite instances on the same files lose each other's writes.
    const lock = target.dataDir ? acquireDataLock(target.dataDir) : undefined;
    const pglite = new PGlite({
      dataDir: target.dataDir,
      extensions: Object.fromEntries(extensions.map((e) => [e, PGLITE_EXTENSIONS[e]])),
    });
    await pglite.waitReady;
    for (const extension of extensions) await pglite.exec(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    const orm = await MikroORM.init({
      ...baseOptions(def),
      driver: PGliteDriver,
      dbName: 'postgres',
      pool: { min: 1, max: 1 },
      driverOptions: { connection: { pglite: () => pglite } },
    } as Options);
    return {
      orm,
      embedded: true,
      migrate: async () => {
        await orm.getMigrator().up();
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
    driverOptions: { searchPath: [schema, 'public'] },
  } as Options);
  return {
    orm,
    embedded: false,
    migrate: async () => {
      const connection = orm.em.getConnection();
      for (const extension of extensions) await createExtension(connection, extension);
      await connection.execute(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await orm.getMigrator().up();
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
