import { Client } from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../../subgraphs/shared/orm';
import type { Seeder } from '../../subgraphs/shared/main';
import type { SubgraphDefinition } from '../../subgraphs/shared/subgraph';

let counter = 0;

/** Runs one statement on the server of DATABASE_URL, connected to its maintenance database. */
async function onServer(databaseUrl: string, sql: string): Promise<void> {
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

/**
 * A fresh, migrated (and optionally seeded) database for one subgraph: an in-memory PGlite, or with
 * DATABASE_URL a new PostgreSQL database of its own (schema named after the subgraph, as in production),
 * dropped on close. A database per test subgraph, not a schema, so parallel test files never see (or
 * trip over) each other's objects.
 */
export async function openTestDatabase(def: SubgraphDefinition<any>, seed?: Seeder): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL || undefined;
  let databaseUrl: string | undefined;
  let name: string | undefined;
  if (serverUrl) {
    name = `hub_test_${def.name}_${process.pid}_${++counter}_${Date.now().toString(36)}`;
    await onServer(serverUrl, `create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const db = await openDatabase(def, { databaseUrl, poolMax: 5 });
  const close = async () => {
    await db.close();
    if (serverUrl && name) await onServer(serverUrl, `drop database if exists "${name}" with (force)`);
  };
  try {
    await db.migrate();
    if (seed) await seed(db.orm.em.fork() as EntityManager);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...db, close };
}
