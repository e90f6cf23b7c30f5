import type { EntityManager } from '@mikro-orm/postgresql';

/** The daily training rollup per commune and format, computed from the raw rows (what the triggers maintain). */
export const TRAINING_DAILY_FROM_RAW = `select s.insee_code, (s.starts_at at time zone 'Europe/Paris')::date as date,
    o.format, count(*) as sessions, sum(s.capacity) as seats, sum(s.registrations_count) as registrations,
    coalesce(sum(a.attendees), 0) as attendees, coalesce(sum(a.recorded), 0) as recorded
  from training_session s join training_offer o on o.id = s.offer_id
  cross join lateral (
    select count(*) filter (where r.attended) as attendees, count(*) filter (where r.attended is not null) as recorded
    from registration r where r.session_id = s.id and r.status = 'REGISTERED') a
  where s.insee_code is not null
  group by s.insee_code, 2, o.format`;

/**
 * Rebuilds `training_daily` from the raw rows, in one transaction that holds off writers to the three tables it
 * sums (share locks) so that no write is counted twice or missed. Returns the number of rollup rows.
 */
export async function rebuildTrainingDaily(em: EntityManager): Promise<number> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await connection.execute(
      'lock table training_offer, training_session, registration in share mode',
      [],
      'run',
      ctx,
    );
    await connection.execute('delete from training_daily', [], 'run', ctx);
    await connection.execute(
      `insert into training_daily (insee_code, date, format, sessions, seats, registrations, attendees, recorded)
       ${TRAINING_DAILY_FROM_RAW}`,
      [],
      'run',
      ctx,
    );
    const [{ n }] = await connection.execute<{ n: string }[]>(
      'select count(*) as n from training_daily',
      [],
      'all',
      ctx,
    );
    return Number(n);
  });
}
