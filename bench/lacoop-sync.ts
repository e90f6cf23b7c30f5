import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { LacoopClient, lacoopConfigFromEnv } from '../subgraphs/people/lacoop/client';
import { reconcileLacoop } from '../subgraphs/people/lacoop/reconcile';
import { syncLacoop } from '../subgraphs/people/lacoop/sync';
import { peopleSubgraph } from '../subgraphs/people';
import { openDatabase } from '../subgraphs/shared/orm';
import type { SubgraphDefinition } from '../subgraphs/shared/subgraph';
import { adminUrl } from './database';

const ACTIVITIES = Number(process.env.LACOOP_BENCH_ACTIVITIES ?? 100_000);
const TOKEN = 'bench-client:bench-secret';

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * `npm run bench -- --only lacoop-sync`: a full sync of 100,000 generated La Coop activities through the
 * test server (its own process) into a fresh PostgreSQL database, with the client's default page size and
 * rate limit; peak RSS of the syncing process; then a second, incremental run and the reconciliation.
 */
export async function benchLacoopSync(): Promise<void> {
  const child = fork(resolve(__dirname, 'lacoop-fake.main.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, LACOOP_FAKE_ACTIVITIES: String(ACTIVITIES), LACOOP_FAKE_TOKEN: TOKEN },
  });
  const name = `bench_lacoop_${Date.now().toString(36)}`;
  try {
    const { url } = await new Promise<{ url: string }>((done, fail) => {
      child.once('message', (m) => done(m as { url: string }));
      child.once('exit', (code) => fail(new Error(`the La Coop test server exited (${code})`)));
    });
    await onServer(`create database "${name}"`);
    const dbUrl = new URL(adminUrl());
    dbUrl.pathname = `/${name}`;
    const db = await openDatabase(peopleSubgraph as SubgraphDefinition, { databaseUrl: dbUrl.toString() });
    try {
      await db.migrate();
      const config = lacoopConfigFromEnv({ ...process.env, LACOOP_API_URL: url, LACOOP_API_TOKEN: TOKEN })!;
      const client = new LacoopClient(config);
      let peakRss = process.memoryUsage().rss;
      let peakHeap = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        const { rss, heapUsed } = process.memoryUsage();
        peakRss = Math.max(peakRss, rss);
        peakHeap = Math.max(peakHeap, heapUsed);
      }, 200);
      const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
      console.log(
        `lacoop-sync: ${ACTIVITIES} activities, page ${client.pageSize}, ${config.ratePerSecond} req/s`,
      );
      let t = Date.now();
      const full = await syncLacoop(db.orm, client);
      const fullMs = Date.now() - t;
      clearInterval(sampler);
      t = Date.now();
      const incremental = await syncLacoop(db.orm, client);
      const incrementalMs = Date.now() - t;
      t = Date.now();
      const reconciliation = await reconcileLacoop(db.orm.em.fork() as EntityManager, client, {
        level: 'departement',
        code: '47',
        from: '2024-01-01',
        to: '2024-12-31',
      });
      const reconcileMs = Date.now() - t;
      const result = {
        date: new Date().toISOString(),
        machine: { cores: os.cpus().length, loadAverageAtEnd: os.loadavg()[0], node: process.version },
        activities: ACTIVITIES,
        pageSize: client.pageSize,
        ratePerSecond: config.ratePerSecond,
        fullSync: {
          seconds: fullMs / 1000,
          requests: full.requests,
          activities: full.activities,
          people: full.people,
        },
        rssMb: { before: Math.round(rssBefore / 1048576), peak: Math.round(peakRss / 1048576) },
        heapUsedMb: { before: Math.round(heapBefore / 1048576), peak: Math.round(peakHeap / 1048576) },
        incrementalSync: { seconds: incrementalMs / 1000, activities: incremental.activities },
        reconciliation: {
          seconds: reconcileMs / 1000,
          agree: reconciliation.agree,
          differences: reconciliation.differences,
        },
      };
      console.log(JSON.stringify(result, null, 2));
      const dir = join(__dirname, 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(
          dir,
          `${result.date.slice(0, 10)}-lacoop-sync${ACTIVITIES === 100_000 ? '' : `-${ACTIVITIES}`}.json`,
        ),
        JSON.stringify(result, null, 2) + '\n',
      );
      if (!reconciliation.agree) throw new Error('lacoop-sync: the reconciliation found differences');
    } finally {
      await db.close();
      await onServer(`drop database if exists "${name}" with (force)`);
    }
  } finally {
    child.kill();
  }
}

if (require.main === module)
  benchLacoopSync().catch((error) => {
    console.error(error);
    process.exit(1);
  });
