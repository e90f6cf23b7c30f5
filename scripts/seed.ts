import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { subgraphs } from '../subgraphs/registry';
import { defaultDataDir, openDatabase } from '../subgraphs/shared/orm';

/**
 * `npm run seed`: migrates and seeds every subgraph's database: DATABASE_URL (one schema per subgraph) or
 * the embedded databases under DATA_DIR. Idempotent: rows already there are kept.
 */
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  for (const { definition, seed } of subgraphs) {
    const started = Date.now();
    const db = await openDatabase(definition, {
      databaseUrl,
      dataDir: databaseUrl ? undefined : defaultDataDir(definition.name),
    });
    try {
      await db.migrate();
      const wrote = await seed(db.orm.em.fork() as EntityManager);
      console.log(`${definition.name}: ${wrote ? 'seeded' : 'already seeded'} in ${Date.now() - started} ms`);
    } finally {
      await db.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
