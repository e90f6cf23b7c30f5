import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { subgraphs } from '../subgraphs/registry';
import { defaultDataDir, openDatabase } from '../subgraphs/shared/orm';

/**
 * `npm run rollups -- rebuild`: rebuilds the indicator rollups (people: `activity_rollup`; training:
 * `training_daily`; funding: `pass_*_daily`, `pass_*_monthly`) from the raw rows, on DATABASE_URL or the embedded databases under DATA_DIR. Stop the hub first
 * on the embedded databases.
 */
async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  if (command !== 'rebuild') throw new Error('usage: npm run rollups -- rebuild');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  for (const { definition: subgraph, rollups } of subgraphs) {
    if (!rollups) continue;
    const db = await openDatabase(subgraph, {
      databaseUrl,
      dataDir: databaseUrl ? undefined : defaultDataDir(subgraph.name),
    });
    try {
      await db.migrate();
      const started = Date.now();
      const rows = await rollups.rebuild(db.orm.em.fork() as EntityManager);
      console.log(`${subgraph.name}: ${rollups.tables} rebuilt, ${rows} rows in ${Date.now() - started} ms`);
    } finally {
      await db.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
