import type { EntityManager } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../../subgraphs/shared/orm';
import type { Seeder } from '../../subgraphs/shared/main';
import type { SubgraphDefinition } from '../../subgraphs/shared/subgraph';
import { rmSync } from 'node:fs';
import { clonePgliteTemplate, onServer, postgresTemplate, templateFor } from './templates';

let counter = 0;

/**
 * A fresh, migrated (and optionally seeded) database for one subgraph: a PGlite, or with DATABASE_URL a new
 * PostgreSQL database of its own (schema named after the subgraph, as in production), dropped on close. A
 * database per test subgraph, not a schema, so parallel test files never see (or trip over) each other's
 * objects. It is a clone of one of the run's templates (tests/helpers/templates.ts) when jest's global setup
 * built them: the seeded one for the registered seeder, the migrated one otherwise (on PGlite a copy of the
 * template's data folder, removed on close); a definition of its own (a migration's test) starts empty, in memory.
 */
export async function openTestDatabase(
  def: SubgraphDefinition<any>,
  seed?: Seeder,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL || undefined;
  const planned = templateFor(def, seed, migrate);
  let databaseUrl: string | undefined;
  let name: string | undefined;
  let dataDir: string | undefined;
  let seeded = false;
  // A clone of a template is migrated already, by the same migrations in this run.
  let cloned = false;
  if (serverUrl) {
    name = `hub_test_${def.name}_${process.pid}_${++counter}_${Date.now().toString(36)}`;
    const template = planned && postgresTemplate(planned.key, serverUrl);
    await onServer(serverUrl, `create database "${name}"${template ? ` template "${template}"` : ''}`);
    cloned = !!template;
    seeded = !!template && planned.seeded;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  } else if (planned) {
    dataDir = clonePgliteTemplate(planned.key);
    cloned = dataDir !== undefined;
    seeded = cloned && planned.seeded;
  }
  const removeClone = () => dataDir && rmSync(dataDir, { recursive: true, force: true });
  let db: Database;
  try {
    db = await openDatabase(def, { databaseUrl, dataDir, poolMax: 5 });
  } catch (error) {
    removeClone();
    throw error;
  }
  const close = async () => {
    await db.close();
    removeClone();
    if (serverUrl && name) await onServer(serverUrl, `drop database if exists "${name}" with (force)`);
  };
  try {
    // Unmigrated (a test of a migration runs them itself): also unseeded.
    if (!migrate) return { ...db, close };
    if (!cloned) await db.migrate();
    if (seed && !seeded) await seed(db.orm.em.fork() as EntityManager);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...db, close };
}
