import type { EntityManager } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../../subgraphs/shared/orm';
import type { Seeder } from '../../subgraphs/shared/main';
import type { SubgraphDefinition } from '../../subgraphs/shared/subgraph';

let counter = 0;

/**
 * A fresh, migrated (and optionally seeded) database for one subgraph: an in-memory PGlite, or with
 * DATABASE_URL a new PostgreSQL schema of its own, dropped on close.
 */
export async function openTestDatabase(def: SubgraphDefinition<any>, seed?: Seeder): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const schema = databaseUrl
    ? `${def.name}_test_${process.pid}_${++counter}_${Date.now().toString(36)}`
    : undefined;
  const db = await openDatabase(def, { databaseUrl, schema, poolMax: 5 });
  try {
    await db.migrate();
    if (seed) await seed(db.orm.em.fork() as EntityManager);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    ...db,
    close: async () => {
      if (schema) await db.orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
      await db.close();
    },
  };
}
