import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rebuildActivityRollup } from '../subgraphs/people/activity/activity-rollup';
import { peopleSubgraph } from '../subgraphs/people';
import { defaultDataDir, openDatabase } from '../subgraphs/shared/orm';

/**
 * `npm run rollups -- rebuild`: rebuilds the indicator rollups (people: `activity_rollup`) from the raw rows, on
 * DATABASE_URL or the embedded database under DATA_DIR. Stop the hub first on the embedded database.
 */
async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  if (command !== 'rebuild') throw new Error('usage: npm run rollups -- rebuild');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const db = await openDatabase(peopleSubgraph, {
    databaseUrl,
    dataDir: databaseUrl ? undefined : defaultDataDir(peopleSubgraph.name),
  });
  try {
    await db.migrate();
    const started = Date.now();
    const rows = await rebuildActivityRollup(db.orm.em.fork() as EntityManager);
    console.log(`people: activity_rollup rebuilt, ${rows} rows in ${Date.now() - started} ms`);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
