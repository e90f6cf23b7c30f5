import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { subgraphs } from '../subgraphs/registry';
import { defaultDataDir, openDatabase } from '../subgraphs/shared/orm';

/**
 * `npm run seed`: migrates and seeds every subgraph's database: DATABASE_URL (one schema per subgraph) or
 * the embedded databases under DATA_DIR. Idempotent: rows already there are kept. `-- --scale N` multiplies
 * the generated data N times (benchmark).
 */
function scaleArgument(argv: string[]): number {
  const at = argv.findIndex((a) => a === '--scale' || a.startsWith('--scale='));
  if (at < 0) return 1;
  const raw = argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  const scale = Number(raw);
  if (!Number.isInteger(scale) || scale < 1)
    throw new Error(`--scale must be a positive integer, got ${raw}`);
  return scale;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const scale = scaleArgument(process.argv.slice(2));
  for (const { definition, seed } of subgraphs) {
    const started = Date.now();
    const db = await openDatabase(definition, {
      databaseUrl,
      dataDir: databaseUrl ? undefined : defaultDataDir(definition.name),
    });
    try {
      await db.migrate();
      const wrote = await seed(db.orm.em.fork() as EntityManager, { scale });
      console.log(
        `${definition.name}: ${wrote ? 'seeded' : 'already seeded'} at scale ${scale} in ${Date.now() - started} ms`,
      );
    } finally {
      await db.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
