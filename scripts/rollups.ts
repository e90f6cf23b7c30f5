import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rebuildActivityDaily } from '../subgraphs/people/activity/activity-daily';
import { peopleSubgraph } from '../subgraphs/people';
import { fundingSubgraph } from '../subgraphs/funding';
import { rebuildPassRollups } from '../subgraphs/funding/territory/pass-rollups';
import { defaultDataDir, openDatabase } from '../subgraphs/shared/orm';
import type { SubgraphDefinition } from '../subgraphs/shared/subgraph';

/** Opens a subgraph's database (DATABASE_URL or the embedded one under DATA_DIR), migrated, runs `work`, closes. */
async function withDatabase<L>(
  subgraph: SubgraphDefinition<L>,
  work: (em: EntityManager) => Promise<string>,
): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const db = await openDatabase(subgraph, {
    databaseUrl,
    dataDir: databaseUrl ? undefined : defaultDataDir(subgraph.name),
  });
  try {
    await db.migrate();
    const started = Date.now();
    const what = await work(db.orm.em.fork() as EntityManager);
    console.log(`${subgraph.name}: ${what} in ${Date.now() - started} ms`);
  } finally {
    await db.close();
  }
}

/**
 * `npm run rollups -- rebuild`: rebuilds the indicator rollups from the raw rows (people: `activity_daily`;
 * funding: `pass_issued_daily`, `pass_expiry_daily`, `pass_redeemed_daily`, `pass_reimbursed_monthly`), on
 * DATABASE_URL or the embedded databases under DATA_DIR. Stop the hub first on the embedded databases.
 */
async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  if (command !== 'rebuild') throw new Error('usage: npm run rollups -- rebuild');
  await withDatabase(
    peopleSubgraph,
    async (em) => `activity_daily rebuilt, ${await rebuildActivityDaily(em)} rows`,
  );
  await withDatabase(fundingSubgraph, async (em) => {
    const counts = await rebuildPassRollups(em);
    return `${Object.entries(counts)
      .map(([table, n]) => `${table} ${n} rows`)
      .join(', ')} rebuilt`;
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
