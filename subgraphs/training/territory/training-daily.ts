import type { EntityManager } from '@mikro-orm/postgresql';
import { clearPendingForRebuild } from '../../shared/rollup-fold';

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
 * Each session's attendance counts from its registrations (what the triggers of migration
 * `…_training_session_attendance_counts` keep in `attendees_count` and `attendance_recorded_count`).
 */
export const SESSION_ATTENDANCE_FROM_RAW = `select s.id, count(r.id) filter (where r.attended) as attendees,
    count(r.id) as recorded
  from training_session s
  left join registration r on r.session_id = s.id and r.status = 'REGISTERED' and r.attended is not null
  group by s.id`;

/**
 * Rebuilds `training_daily` from the raw rows (into its folded rows, pending rows cleared: migration
 * `…_training_daily_journal`), and puts right any session's attendance counts that differ from its
 * registrations, in one transaction that holds off writers to the three tables it sums (share locks) so that no
 * write is counted twice or missed. Returns the number of rollup rows.
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
    // The rollup is rebuilt into its folded rows, its pending rows cleared, folds held off.
    await clearPendingForRebuild((sql) => connection.execute(sql, [], 'run', ctx), 'fold_training_daily', [
      'training_daily',
    ]);
    await connection.execute('delete from training_daily_folded', [], 'run', ctx);
    await connection.execute(
      `insert into training_daily_folded (insee_code, date, format, sessions, seats, registrations, attendees, recorded)
       ${TRAINING_DAILY_FROM_RAW}`,
      [],
      'run',
      ctx,
    );
    // Only the sessions whose counts are wrong are written (none, unless the triggers were off).
    await connection.execute(
      `update training_session s set attendees_count = c.attendees, attendance_recorded_count = c.recorded
       from (${SESSION_ATTENDANCE_FROM_RAW}) c
       where c.id = s.id and (s.attendees_count <> c.attendees or s.attendance_recorded_count <> c.recorded)`,
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
