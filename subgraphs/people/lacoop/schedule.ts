import type { MikroORM } from '@mikro-orm/core';
import { intOf, LacoopClient, lacoopConfigFromEnv } from './client';
import { syncLacoop } from './sync';

/**
 * The scheduled mode inside the people subgraph: every LACOOP_SYNC_INTERVAL_MINUTES (0, the default: off)
 * one sync run. Replicas may all schedule it: the lease row lets one run at a time. Returns a stop function.
 */
export function startLacoopSchedule(
  orm: MikroORM,
  env: NodeJS.ProcessEnv = process.env,
  /** Tests only: the interval in ms instead of the variable's minutes. */
  intervalMs?: number,
): () => void {
  const minutes = intOf(env, 'LACOOP_SYNC_INTERVAL_MINUTES', 0, 0, 7 * 24 * 60);
  if (minutes === 0) return () => {};
  const config = lacoopConfigFromEnv(env);
  if (!config) throw new Error('LACOOP_SYNC_INTERVAL_MINUTES is set but LACOOP_API_URL is not');
  const client = new LacoopClient(config);
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const report = await syncLacoop(orm, client, { log: (line) => console.log(line) });
      console.log(
        `lacoop sync: activities +${report.activities.created} ~${report.activities.updated} -${report.activities.deleted}, ` +
          `${report.activities.rejected} rejected, ${report.people.created + report.people.updated} people written`,
      );
    } catch (error) {
      // The client's errors name the route and status, never the token.
      console.error(`lacoop sync failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(run, intervalMs ?? minutes * 60_000);
  timer.unref();
  console.log(`lacoop sync scheduled every ${minutes} min`);
  return () => clearInterval(timer);
}
