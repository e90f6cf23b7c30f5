import type { EntityManager } from '@mikro-orm/postgresql';

/** The daily rollup per commune, computed from the raw activity reports (what the triggers maintain). */
export const ACTIVITY_DAILY_FROM_RAW = `select insee_code, date, count(*) as accompaniments,
    count(*) filter (where type <> 'collectif') as individual, count(*) filter (where type = 'collectif') as collective,
    sum(participants_count) as participants, sum(duration_minutes) as minutes
  from activity group by insee_code, date`;

/**
 * Rebuilds `activity_daily` from the raw rows, in one transaction that holds off writers to `activity` (share
 * lock) so none is counted twice or missed. Returns the number of rollup rows.
 */
export async function rebuildActivityDaily(em: EntityManager): Promise<number> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await connection.execute('lock table activity in share mode', [], 'run', ctx);
    await connection.execute('delete from activity_daily', [], 'run', ctx);
    await connection.execute(
      `insert into activity_daily (insee_code, date, accompaniments, individual, collective, participants, minutes)
       ${ACTIVITY_DAILY_FROM_RAW}`,
      [],
      'run',
      ctx,
    );
    const [{ n }] = await connection.execute<{ n: string }[]>(
      'select count(*) as n from activity_daily',
      [],
      'all',
      ctx,
    );
    return Number(n);
  });
}
