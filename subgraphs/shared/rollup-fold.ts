import type { EntityManager } from '@mikro-orm/postgresql';
import type { MikroORM } from '@mikro-orm/core';
import { intFromEnv } from '../../common/config';
import { FOLD_BATCH, foldLockKey } from './rollup-journal';
import type { SubgraphDefinition } from './subgraph';

/** Marks the statements of background jobs, which the per-request SQL count (`Metrics.sqlStatements`) leaves out. */
export const BACKGROUND_SQL = '/* background */';

/**
 * Folds a subgraph's pending rollup changes (shared/rollup-journal.ts) until fewer than one batch is left; returns
 * the number of pending rows moved. With `wait` (the default) it first waits for a fold in progress elsewhere, so
 * that nothing committed before the call is left pending after it; without, it moves nothing (returns 0) while
 * another fold runs.
 */
export async function foldRollups(
  em: EntityManager,
  def: Pick<SubgraphDefinition, 'rollupFold'>,
  { wait = true }: { wait?: boolean } = {},
): Promise<number> {
  if (!def.rollupFold) return 0;
  let total = 0;
  for (;;) {
    const [{ moved }] = await em
      .getConnection()
      .execute<{ moved: string }[]>(`${BACKGROUND_SQL} select ${def.rollupFold}(${wait}) as moved`);
    total += Number(moved);
    if (Number(moved) < FOLD_BATCH) return total;
  }
}

/**
 * Folds the subgraph's pending rollup changes every ROLLUP_FOLD_INTERVAL_MS (default 1000; 0: never, the readers
 * still read exact figures, from more pending rows), in the process that runs the subgraph's once-only jobs. A
 * failed fold (the database restarting) is logged once and retried at the next tick. Returns a stop function that
 * waits for a fold in progress.
 */
export function startRollupFolding(
  orm: MikroORM,
  def: Pick<SubgraphDefinition, 'name' | 'rollupFold'>,
  intervalMs = intFromEnv('ROLLUP_FOLD_INTERVAL_MS', 1000, 0, 3_600_000),
): () => Promise<void> {
  if (!def.rollupFold || intervalMs === 0) return async () => {};
  let running: Promise<void> | undefined;
  let failing = false;
  const tick = () => {
    if (running) return;
    running = foldRollups(orm.em.fork() as EntityManager, def, { wait: false })
      .then(() => {
        if (failing) console.log(`${def.name}: rollup fold works again`);
        failing = false;
      })
      .catch((error: Error) => {
        if (!failing)
          console.error(`${def.name}: rollup fold failed (retried every ${intervalMs} ms): ${error.message}`);
        failing = true;
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * The start of a rebuild into the folded rows, inside its transaction: waits for the fold `fold` to end and holds
 * it off until the commit, then empties the pending rows of `tables` (the rebuild counts their writes from the raw
 * rows).
 */
export async function clearPendingForRebuild(
  run: (sql: string) => Promise<unknown>,
  fold: string,
  tables: string[],
): Promise<void> {
  await run(`select pg_advisory_xact_lock(${foldLockKey(fold)})`);
  for (const table of tables) await run(`delete from ${table}_pending`);
}
