import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LacoopClient, lacoopConfigFromEnv } from '../subgraphs/people/lacoop/client';
import { reconcileLacoop } from '../subgraphs/people/lacoop/reconcile';
import { syncLacoop } from '../subgraphs/people/lacoop/sync';
import { peopleSubgraph } from '../subgraphs/people';
import { defaultDataDir, openDatabase } from '../subgraphs/shared/orm';
import type { SubgraphDefinition } from '../subgraphs/shared/subgraph';
import { territoryReference, type TerritoryLevel } from '../subgraphs/shared/territory';

const USAGE = `npm run sync -- lacoop [--full]
npm run sync -- lacoop --reconcile --from YYYY-MM-DD --to YYYY-MM-DD [--level departement|epci|commune] [--code 47]`;

/** `npm run sync -- lacoop`: one La Coop sync run (or a reconciliation) against the people database. */
async function main(argv: string[]): Promise<number> {
  const [source, ...rest] = argv;
  if (source !== 'lacoop') throw new Error(`unknown source ${source ?? '(none)'}\n${USAGE}`);
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split('=', 2);
    if (!['--full', '--reconcile', '--from', '--to', '--level', '--code'].includes(flag))
      throw new Error(`unknown flag ${flag}\n${USAGE}`);
    flags.set(flag, ['--full', '--reconcile'].includes(flag) ? true : (inline ?? rest[++i]));
  }
  const config = lacoopConfigFromEnv();
  if (!config) throw new Error('LACOOP_API_URL (and LACOOP_API_TOKEN) must be set');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const db = await openDatabase(peopleSubgraph as SubgraphDefinition, {
    databaseUrl,
    dataDir: databaseUrl ? undefined : defaultDataDir(peopleSubgraph.name),
  });
  try {
    await db.migrate();
    const client = new LacoopClient({
      ...config,
      onRetry: ({ path, attempt, reason, delayMs }) =>
        console.error(`lacoop ${path}: ${reason}, retry ${attempt} in ${Math.round(delayMs)} ms`),
    });
    if (flags.get('--reconcile')) {
      const date = (flag: string) => {
        const value = flags.get(flag);
        if (typeof value !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value))
          throw new Error(`${flag} YYYY-MM-DD is required\n${USAGE}`);
        return value;
      };
      const level = String(flags.get('--level') ?? 'departement') as TerritoryLevel;
      const code = String(flags.get('--code') ?? '47');
      if (
        !['commune', 'epci', 'departement'].includes(level) ||
        territoryReference().communesOf(level, code).length === 0
      )
        throw new Error(`unknown territory ${level} ${code}`);
      const result = await reconcileLacoop(db.orm.em.fork() as EntityManager, client, {
        level,
        code,
        from: date('--from'),
        to: date('--to'),
      });
      console.log(JSON.stringify(result, null, 2));
      return result.agree ? 0 : 3;
    }
    const report = await syncLacoop(db.orm, client, {
      full: flags.get('--full') === true,
      log: (line) => console.error(line),
    });
    console.log(JSON.stringify(report, null, 2));
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`sync failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
