import type { EntityManager } from '@mikro-orm/postgresql';
import { intFromEnv } from '../../common/config';
import { onShutdown } from '../../common/http';
import { DataFolderInUseError } from './data-lock';
import { defaultDataDir, openDatabase, type Database } from './orm';
import { startRollupFolding } from './rollup-fold';
import { createSubgraphServer } from './server';
import { exitConfig, listenOrExit } from '../../common/startup';
import type { SubgraphDefinition } from './subgraph';
import { isPrimary, refuseWorkers, runPrimary, servesItself, workersFromEnv } from '../../common/workers';

/** Seeds a subgraph's database when it is empty; returns whether it wrote anything. `scale` (default 1) multiplies generated data. */
export type Seeder = (em: EntityManager, options?: { scale?: number }) => Promise<boolean>;

/** `<NAME>_PORT`, e.g. PLACES_PORT, or the subgraph's default port. */
export function portFromEnv(name: string, fallback: number): number {
  return intFromEnv(`${name.toUpperCase()}_PORT`, fallback, 0, 65535);
}

/**
 * Starts one subgraph from the environment: DATABASE_URL (PostgreSQL) or an embedded PGlite under
 * DATA_DIR, migrations, seeds when the database is embedded (or SEED=true), then listens until SIGTERM.
 * Returns the ORM, for work the subgraph schedules in its process (the people subgraph's La Coop sync).
 */
export async function runSubgraph<L>(def: SubgraphDefinition<L>, seed?: Seeder): Promise<Database['orm']> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const workers = workersFromEnv();
  refuseWorkers(
    def.name,
    workers,
    databaseUrl
      ? undefined
      : 'an embedded PGlite database allows one process per data folder; set DATABASE_URL (PostgreSQL) for several',
  );
  const db = await openDatabase(def as SubgraphDefinition, {
    databaseUrl,
    dataDir: databaseUrl ? undefined : defaultDataDir(def.name),
    poolMax: intFromEnv('DATABASE_POOL_MAX', 10, 1, 100),
  }).catch((error) => {
    if (error instanceof DataFolderInUseError) exitConfig(`${def.name}: ${error.message}`);
    throw error;
  });
  // With WORKERS > 1, the primary migrates and seeds, then forks the workers that serve (and returns its ORM, for
  // the jobs that must run once); the workers do neither.
  if (isPrimary()) await db.migrate();
  // SEED=false: never, not even an embedded database (tests that need only the schema start faster).
  if (isPrimary() && seed && process.env.SEED !== 'false' && (db.embedded || process.env.SEED === 'true')) {
    const seeded = await seed(db.orm.em.fork() as EntityManager);
    if (seeded) console.log(`${def.name}: seeded`);
  }
  // The rollups' pending changes are folded by one process of the service (a worker's end stops nothing here).
  const stopFolding = isPrimary() ? startRollupFolding(db.orm, def) : async () => {};
  if (!servesItself(workers)) {
    runPrimary(def.name, workers);
    return db.orm;
  }
  const server = await createSubgraphServer(def, db.orm);
  const port = await listenOrExit(
    server.http,
    `${def.name.toUpperCase()}_PORT`,
    portFromEnv(def.name, def.defaultPort),
    process.env.HOST ?? '127.0.0.1',
  );
  console.log(`${def.name} subgraph ready at http://${process.env.HOST ?? '127.0.0.1'}:${port}/graphql`);
  onShutdown(async () => {
    await server.stop();
    await stopFolding();
    await db.close();
  });
  return db.orm;
}
