import { Migration } from '@mikro-orm/migrations';
import { signedRowsFunction, statementTriggers } from '../../shared/statement-triggers';
import { COLUMNS, FACTS } from './Migration20261129030000_people_activity_rollup';

/** The figures of `activity_rollup`, each an array of cumulative monthly sums here. */
export const YEAR_FIGURES = ['accompaniments', 'individual', 'collective', 'participants', 'minutes'];
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * A figure's twelve cumulative sums as an array: `[i]` sums the months 1 to i of `month` (a column 1–12) over the
 * grouped rows, so that months m to n are `[n] - [m - 1]` (`[0]` is null: nothing before January). Integers: a
 * commune's year of one figure stays far below 2^31 (its minutes: 35 million reports of an hour), and sums of
 * integers are bigints, where sums of bigints are numerics, several times slower to add and compare.
 */
const cumulative = (month: string, figure: string) =>
  `array[${MONTHS.map((i) => `coalesce(sum(${figure}) filter (where ${month} <= ${i}), 0)`).join(', ')}]::int[]`;

/**
 * The year rows of a set of month rows `m` (columns insee_code, year, month, dimension, value and the five figures),
 * keys in primary-key order.
 */
export const YEAR_ROWS = (monthRows: string) => `
    select insee_code, year, dimension, value, ${YEAR_FIGURES.map((f) => cumulative('month', f)).join(', ')}
    from (${monthRows}) m
    group by insee_code, year, dimension, value
    order by year, insee_code, dimension, value`;

/** Inserts the year rows of a set of month rows (YEAR_ROWS): the migration's fill and the rebuild. */
export const INSERT_YEAR_ROWS = (monthRows: string) =>
  `insert into activity_rollup_year (insee_code, year, dimension, value, ${YEAR_FIGURES.join(', ')}) ${YEAR_ROWS(monthRows)}`;

/** `activity_rollup`'s commune month rows as the month rows of YEAR_ROWS. */
export const MONTHS_OF_ROLLUP = `select scope_id as insee_code, extract(year from start)::int as year,
      extract(month from start)::int as month, dimension, value, ${YEAR_FIGURES.join(', ')}
    from activity_rollup where scope = 'c' and grain = 'm'`;

/** A statement's changes (rows with a `sign`) summed per commune, month and dimension value; nets of 0 left out. */
const CHANGES = (rows: string) => `
    select scope_id as insee_code, extract(year from start)::int as year, extract(month from start)::int as month,
      dimension, value, sum(sign) as accompaniments,
      sum(case when type <> 'collectif' then sign else 0 end) as individual,
      sum(case when type = 'collectif' then sign else 0 end) as collective,
      sum(sign * participants_count) as participants, sum(sign * duration_minutes) as minutes
    from (${FACTS(rows, "('m', date_trunc('month', f.date)::date)", "('c', f.insee_code::text)")}) facts
    where scope_id is not null
    group by 1, 2, 3, 4, 5
    having sum(sign) <> 0 or sum(case when type = 'collectif' then sign else 0 end) <> 0
      or sum(sign * participants_count) <> 0 or sum(sign * duration_minutes) <> 0`;

const UPSERT = (rows: string) => `
    insert into activity_rollup_year as r (insee_code, year, dimension, value, ${YEAR_FIGURES.join(', ')})
    ${YEAR_ROWS(CHANGES(rows))}
    on conflict (year, insee_code, dimension, value) do update set
      ${YEAR_FIGURES.map((f) => `${f} = activity_rollup_year_add(r.${f}, excluded.${f})`).join(', ')};`;

/**
 * `activity_rollup_year`: the commune rows of `activity_rollup` once more, one row per commune, year and dimension
 * value, each figure an array of twelve cumulative sums, integers (`[i]`: January to month i). Any run of whole
 * months of a year is then one row per key (`[last] - [first - 1]`): the FNE report of a département for a year reads one row
 * per commune and value instead of twelve (`mediationStats`, at scale 100: 96,000 month rows for six months, about
 * 20,000 year rows for any months of one year). Kept by statement triggers on `activity` of their own, in the
 * transaction of the write, after those of `activity_rollup` (same lock order for every writer: its rows, then
 * these, keys in order); filled from the month rows. Frozen SQL: never edit once applied.
 */
export class Migration20261207120000_people_activity_rollup_years extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table activity_rollup_year (
      insee_code varchar(36) not null,
      year int not null,
      dimension varchar(8) not null,
      value varchar(64) not null,
      ${YEAR_FIGURES.map((f) => `${f} int[] not null`).join(',\n      ')},
      primary key (year, insee_code, dimension, value))`);
    this.addSql(`create function activity_rollup_year_add(a int[], b int[]) returns int[]
      language sql immutable as $$ select array_agg(x + y order by i) from unnest(a, b) with ordinality t(x, y, i) $$`);
    this.addSql(signedRowsFunction('activity_rollup_year_apply', COLUMNS, UPSERT));
    for (const sql of statementTriggers('activity', 'activity_rollup_year', 'activity_rollup_year_apply'))
      this.addSql(sql);
    this.addSql(INSERT_YEAR_ROWS(MONTHS_OF_ROLLUP));
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists activity_rollup_year_delete on activity');
    this.addSql('drop trigger if exists activity_rollup_year_update on activity');
    this.addSql('drop trigger if exists activity_rollup_year_insert on activity');
    this.addSql('drop function if exists activity_rollup_year_apply()');
    this.addSql('drop function if exists activity_rollup_year_add(int[], int[])');
    this.addSql('drop table if exists activity_rollup_year');
  }
}
