import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from '../../shared/period';
import { spanBindings } from '../../shared/rollup-period';
import {
  INSERT_YEAR_ROWS,
  MONTHS_OF_ROLLUP,
  YEAR_FIGURES,
} from '../migrations/Migration20261207120000_people_activity_rollup_years';

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
 * day rows), each statement short enough for the statement timeout at national scale; then `activity_rollup_year`
 * from the commune month rows. Returns the number of rollup rows (both tables).
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
    await run('delete from activity_rollup_year');
    await run(INSERT_YEAR_ROWS(MONTHS_OF_ROLLUP));
    const [{ n }] = await connection.execute<{ n: string }[]>(
      'select (select count(*) from activity_rollup) + (select count(*) from activity_rollup_year) as n',
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

/**
 * The commune rows of a period for a relation `tc` of communes (`insee_code`) and territories (`territory`): columns
 * territory, dimension, value and the five figures, several rows per key to sum. The whole months come from
 * `activity_rollup_year` (one row per key and year: months m to n of a year are `[n] - [m - 1]` of its cumulative
 * arrays), the days before and after them from the day rows of `activity_rollup` (as integers too, so that the sums
 * are bigints, not numerics). Each branch joins `tc` itself, so that an EPCI's communes are read through the key,
 * not all of a year's rows. Needs `spanBindings(period)`.
 */
export const communePeriodRows = (communes: string) => `
    select tc.territory, y.dimension, y.value,
      ${YEAR_FIGURES.map((f) => `y.${f}[s.last] - coalesce(y.${f}[s.first - 1], 0) as ${f}`).join(', ')}
    from ${communes} join activity_rollup_year y on y.insee_code = tc.insee_code
    join (
      select year,
        case when year = extract(year from :monthsFrom::date) then extract(month from :monthsFrom::date)::int
          else 1 end as first,
        case when year = extract(year from :monthsTo::date) then extract(month from :monthsTo::date)::int
          else 12 end as last
      from generate_series(extract(year from :monthsFrom::date)::int, extract(year from :monthsTo::date)::int) year
    ) s on s.year = y.year
    union all
    select tc.territory, r.dimension, r.value, r.accompaniments::int, r.individual::int, r.collective::int,
      r.participants::int, r.minutes::int
    from ${communes} join activity_rollup r on r.scope = 'c' and r.scope_id = tc.insee_code
    where r.grain = 'd'
      and (r.start between :headFrom::date and :headTo::date or r.start between :tailFrom::date and :tailTo::date)`;
