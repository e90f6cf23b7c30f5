import { Migration } from '@mikro-orm/migrations';
import { Migration20261128200000_people_activity_daily } from './Migration20261128200000_people_activity_daily';
import { signedRowsFunction, statementTriggers } from '../../shared/statement-triggers';

/**
 * The facts of activity rows, one row per (activity, scope, grain, dimension): `rows` is a select of activity rows
 * with a `sign` column (+1 counted, -1 uncounted). Scopes: `c` the commune where the help took place, `p` the person
 * who gave it; grains: `d` the day, `m` the month (its first day); dimensions: `all` (value ''), `theme` (one per
 * theme recorded), `age`, `status` (when recorded) and `place` (its id, help at a place).
 */
export const FACTS = (
  rows: string,
  grains = "('d', f.date), ('m', date_trunc('month', f.date)::date)",
  scopes = "('c', f.insee_code::text), ('p', f.person_id::text)",
) => `
    select s.scope, s.scope_id, g.grain, g.start, d.dimension, d.value, f.sign, f.type, f.participants_count,
      f.duration_minutes
    from (${rows}) f
    cross join lateral (values ${scopes}) s(scope, scope_id)
    cross join lateral (values ${grains}) g(grain, start)
    cross join lateral (
      select 'all', '' union all
      select 'theme', t.theme from unnest(f.themes) t(theme) union all
      select 'age', f.participant_age_band where f.participant_age_band is not null union all
      select 'status', f.participant_social_status where f.participant_social_status is not null union all
      select 'place', f.place_id::text where f.place_id is not null
    ) d(dimension, value)`;

/**
 * One upsert per statement: the changes summed per key, keys in primary-key order (concurrent writers lock rows in
 * the same order, so they never deadlock), keys whose sums are all 0 skipped (an update of other columns).
 */
export const UPSERT = (rows: string, facts = FACTS(rows)) => `
    insert into activity_rollup as r (scope, scope_id, grain, start, dimension, value, accompaniments, individual,
      collective, participants, minutes)
    select scope, scope_id, grain, start, dimension, value, sum(sign),
      sum(case when type <> 'collectif' then sign else 0 end), sum(case when type = 'collectif' then sign else 0 end),
      sum(sign * participants_count), sum(sign * duration_minutes)
    from (${facts}) facts
    group by scope, scope_id, grain, start, dimension, value
    having sum(sign) <> 0 or sum(case when type = 'collectif' then sign else 0 end) <> 0
      or sum(sign * participants_count) <> 0 or sum(sign * duration_minutes) <> 0
    order by scope, scope_id, grain, start, dimension, value
    on conflict (scope, scope_id, grain, start, dimension, value) do update set
      accompaniments = r.accompaniments + excluded.accompaniments,
      individual = r.individual + excluded.individual, collective = r.collective + excluded.collective,
      participants = r.participants + excluded.participants, minutes = r.minutes + excluded.minutes;`;

export const COLUMNS = `person_id, insee_code, date, type, participants_count, duration_minutes, themes, participant_age_band,
      participant_social_status, place_id`;

/** The trigger function upserting a statement's changes (exported for the migrations that replace it). */
export const APPLY_FUNCTION = signedRowsFunction('activity_rollup_apply', COLUMNS, (rows) => UPSERT(rows));

/**
 * The breakdown rollup of activity reports (FNE indicators and the partner dashboard): per commune and per person,
 * per day and per month, the accompaniments (individual / collective), participants and minutes in total, by theme,
 * age band, social status and place. Maintained by statement triggers in the transaction of every write to
 * `activity` (an update counts its old rows out and its new rows in within one upsert), filled from the rows already
 * there. It replaces `activity_daily` (its totals are the `all` rows of grain `d`, scope `c`). Frozen SQL: never
 * edit once applied.
 */
export class Migration20261129030000_people_activity_rollup extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table activity_rollup (
      scope char(1) not null,
      scope_id varchar(36) not null,
      grain char(1) not null,
      start date not null,
      dimension varchar(8) not null,
      value varchar(64) not null,
      accompaniments bigint not null,
      individual bigint not null,
      collective bigint not null,
      participants bigint not null,
      minutes bigint not null,
      primary key (scope, scope_id, grain, start, dimension, value))`);
    this.addSql(APPLY_FUNCTION);
    for (const sql of statementTriggers('activity', 'activity_rollup', 'activity_rollup_apply'))
      this.addSql(sql);
    // Filled month by month (day rows from the reports, then month rows from the day rows), each statement short
    // enough for the statement timeout at national scale; the months outside 2020–2030 in one chunk each side.
    const chunks: string[] = ["f.date < '2020-01-01'", "f.date >= '2031-01-01'"];
    for (let year = 2020; year <= 2030; year++)
      for (let month = 1; month <= 12; month++) {
        const start = `${year}-${String(month).padStart(2, '0')}-01`;
        chunks.push(`f.date >= '${start}' and f.date < '${start}'::date + interval '1 month'`);
      }
    for (const chunk of chunks) {
      this
        .addSql(`insert into activity_rollup (scope, scope_id, grain, start, dimension, value, accompaniments,
        individual, collective, participants, minutes)
        select scope, scope_id, grain, start, dimension, value, count(*), count(*) filter (where type <> 'collectif'),
          count(*) filter (where type = 'collectif'), sum(participants_count), sum(duration_minutes)
        from (${FACTS(`select 1 as sign, ${COLUMNS} from activity f where ${chunk}`, "('d', f.date)")}) facts
        group by scope, scope_id, grain, start, dimension, value`);
      this
        .addSql(`insert into activity_rollup (scope, scope_id, grain, start, dimension, value, accompaniments,
        individual, collective, participants, minutes)
        select scope, scope_id, 'm', date_trunc('month', f.start)::date, dimension, value, sum(accompaniments),
          sum(individual), sum(collective), sum(participants), sum(minutes)
        from activity_rollup f where f.grain = 'd' and ${chunk.replaceAll('f.date', 'f.start')}
        group by scope, scope_id, date_trunc('month', f.start), dimension, value`);
    }
    this.addSql('drop trigger if exists activity_daily_delete on activity');
    this.addSql('drop trigger if exists activity_daily_update on activity');
    this.addSql('drop trigger if exists activity_daily_insert on activity');
    this.addSql('drop function if exists activity_daily_apply()');
    this.addSql('drop table if exists activity_daily');
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists activity_rollup_delete on activity');
    this.addSql('drop trigger if exists activity_rollup_update on activity');
    this.addSql('drop trigger if exists activity_rollup_insert on activity');
    this.addSql('drop function if exists activity_rollup_apply()');
    this.addSql('drop table if exists activity_rollup');
    // Back to the daily totals this rollup replaced, as their migration made them.
    const previous = new Migration20261128200000_people_activity_daily(this.driver, this.config);
    await previous.up();
    for (const query of previous.getQueries()) this.addSql(query);
  }
}
