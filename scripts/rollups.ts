import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rebuildActivityRollup } from '../subgraphs/people/activity/activity-rollup';
import { peopleSubgraph } from '../subgraphs/people';
import { rebuildTrainingDaily } from '../subgraphs/training/territory/training-daily';
import { trainingSubgraph } from '../subgraphs/training';
import { fundingSubgraph } from '../subgraphs/funding';
import { rebuildPassRollups } from '../subgraphs/funding/territory/pass-rollups';
import { defaultDataDir, openDatabase } from '../subgraphs/shared/orm';
import type { SubgraphDefinition } from '../subgraphs/shared/subgraph';

/** Each subgraph's rollups and how to rebuild them from its raw rows. */
const ROLLUPS: {
  subgraph: SubgraphDefinition<any>;
  table: string;
  rebuild: (em: EntityManager) => Promise<number>;
}[] = [
  { subgraph: peopleSubgraph, table: 'activity_rollup', rebuild: rebuildActivityRollup },
  { subgraph: trainingSubgraph, table: 'training_daily', rebuild: rebuildTrainingDaily },
  {
    subgraph: fundingSubgraph,
    table:
      'pass_issued_daily, pass_expiry_daily, pass_redeemed_daily, pass_reimbursed_monthly, pass_issued_monthly, pass_redeemed_monthly',
    rebuild: async (em) => Object.values(await rebuildPassRollups(em)).reduce((a, b) => a + b, 0),
  },
];

/**
 * `npm run rollups -- rebuild`: rebuilds the indicator rollups (people: `activity_rollup`; training:
 * `training_daily`; funding: `pass_*_daily`, `pass_*_monthly`) from the raw rows, on DATABASE_URL or the embedded databases under DATA_DIR. Stop the hub first
 * on the embedded databases.
 */
async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  if (command !== 'rebuild') throw new Error('usage: npm run rollups -- rebuild');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  for (const { subgraph, table, rebuild } of ROLLUPS) {
    const db = await openDatabase(subgraph, {
      databaseUrl,
      dataDir: databaseUrl ? undefined : defaultDataDir(subgraph.name),
    });
    try {
      await db.migrate();
      const started = Date.now();
      const rows = await rebuild(db.orm.em.fork() as EntityManager);
      console.log(`${subgraph.name}: ${table} rebuilt, ${rows} rows in ${Date.now() - started} ms`);
    } finally {
      await db.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
