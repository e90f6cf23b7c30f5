import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from '../../shared/period';
import { spanBindings } from '../../shared/rollup-period';

const COLUMNS = `scope, scope_id, grain, start, dimension, value, accompaniments, individual, collective,
  participants, minutes`;

/** Rollup rows of the raw reports matching `where` (alias `a`), at the grains given as `values` rows. */
const fromRaw = (
  where: string,
  grains = "('d', a.date), ('m', date_trunc('month', a.date)::date)",
) => `select s.scope, s.scope_id, g.grain, g.start, d.dimension, d.value,
    count(*) as accompaniments, count(*) filter (where a.type <> 'collectif') as individual,
    count(*) filter (where a.type = 'collectif') as collective, sum(a.participants_count) as participants,
    sum(a.duration_minutes) as minutes
  from activity a join person e on e.id = a.person_id
  cross join lateral (values ('c', a.insee_code::text), ('p', a.person_id::text), ('o', e.employer_id::text))
    s(scope, scope_id)
  cross join lateral (values ${grains}) g(grain, start)
  cross join lateral (
    select 'all', '' union all
    select 'theme', t.theme from unnest(a.themes) t(theme) union all
    select 'age', a.participant_age_band where a.participant_age_band is not null union all
    select 'status', a.participant_social_status where a.participant_social_status is not null union all
    select 'place', a.place_id::text where a.place_id is not null
  ) d(dimension, value)
  where s.scope_id is not null and ${where}
  group by s.scope, s.scope_id, g.grain, g.start, d.dimension, d.value`;

/**
 * `activity_rollup` computed from the raw activity reports: what the triggers of migration
 * `…_people_activity_rollup` maintain (see subgraphs/shared/INDICATORS.md, "Rollups").
 */
export const ACTIVITY_ROLLUP_FROM_RAW = fromRaw('true');

/**
 * Rebuilds `activity_rollup` from the raw rows, in one transaction that holds off writers to `activity` and
 * `person` (share locks: a report, or a change of employer, is neither counted twice nor missed): month by month (day rows from the reports, then month rows from the
 * day rows), each statement short enough for the statement timeout at national scale. Returns the number of
 * rollup rows.
 */
export async function rebuildActivityRollup(em: EntityManager): Promise<number> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const run = (sql: string, bindings: unknown[] = []) => connection.execute(sql, bindings, 'run', ctx);
    await run('lock table activity, person in share mode');
    await run('delete from activity_rollup');
    const months = await connection.execute<{ month: string }[]>(
      `select distinct to_char(date_trunc('month', date), 'YYYY-MM-DD') as month from activity order by 1`,
      [],
      'all',
      ctx,
    );
    for (const { month } of months) {
      const inMonth = (column: string) => `${column} >= ?::date and ${column} < ?::date + interval '1 month'`;
      await run(`insert into activity_rollup (${COLUMNS}) ${fromRaw(inMonth('a.date'), "('d', a.date)")}`, [
        month,
        month,
      ]);
      await run(
        `insert into activity_rollup (${COLUMNS})
         select scope, scope_id, 'm', date_trunc('month', start)::date, dimension, value, sum(accompaniments),
           sum(individual), sum(collective), sum(participants), sum(minutes)
         from activity_rollup where grain = 'd' and ${inMonth('start')}
         group by scope, scope_id, date_trunc('month', start), dimension, value`,
        [month, month],
      );
    }
    const [{ n }] = await connection.execute<{ n: string }[]>(
      'select count(*) as n from activity_rollup',
      [],
      'all',
      ctx,
    );
    return Number(n);
  });
}

/**
 * The SQL condition selecting the rollup rows of a period (alias `r`), with its named bindings (`namedBindings`):
 * the month rows of its whole months, the day rows of the days around them.
 */
export function rollupPeriod(period: Period): { condition: string; bindings: Record<string, string | null> } {
  return {
    condition: `((r.grain = 'm' and r.start between :monthsFrom::date and :monthsTo::date)
      or (r.grain = 'd' and (r.start between :headFrom::date and :headTo::date
        or r.start between :tailFrom::date and :tailTo::date)))`,
    bindings: spanBindings(period),
  };
}
