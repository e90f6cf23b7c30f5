import { Migration } from '@mikro-orm/migrations';
import { statementTriggers } from '../../shared/statement-triggers';

const ADD = (sign: '' | '-', rows: 'new_rows' | 'old_rows') => `
    insert into activity_daily as d (insee_code, date, accompaniments, individual, collective, participants, minutes)
    select insee_code, date, ${sign}count(*), ${sign}count(*) filter (where type <> 'collectif'),
      ${sign}count(*) filter (where type = 'collectif'), ${sign}sum(participants_count), ${sign}sum(duration_minutes)
    from ${rows} group by insee_code, date order by insee_code, date
    on conflict (insee_code, date) do update set
      accompaniments = d.accompaniments + excluded.accompaniments, individual = d.individual + excluded.individual,
      collective = d.collective + excluded.collective, participants = d.participants + excluded.participants,
      minutes = d.minutes + excluded.minutes;`;

/**
 * The daily rollup of activity reports per commune (FNE indicators), maintained by statement triggers in the
 * transaction of every write to `activity` (one upsert per statement, keys in order so concurrent writers never
 * deadlock), and filled from the rows already there. Frozen SQL: never edit once applied.
 */
export class Migration20261128200000_people_activity_daily extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table activity_daily (
      insee_code varchar(5) not null,
      date date not null,
      accompaniments bigint not null,
      individual bigint not null,
      collective bigint not null,
      participants bigint not null,
      minutes bigint not null,
      primary key (insee_code, date))`);
    this.addSql(`create function activity_daily_apply() returns trigger language plpgsql as $$
  begin
    if tg_op in ('UPDATE', 'DELETE') then ${ADD('-', 'old_rows')}
    end if;
    if tg_op in ('INSERT', 'UPDATE') then ${ADD('', 'new_rows')}
    end if;
    return null;
  end $$`);
    for (const sql of statementTriggers('activity', 'activity_daily', 'activity_daily_apply'))
      this.addSql(sql);
    this
      .addSql(`insert into activity_daily (insee_code, date, accompaniments, individual, collective, participants, minutes)
      select insee_code, date, count(*), count(*) filter (where type <> 'collectif'), count(*) filter (where type = 'collectif'),
        sum(participants_count), sum(duration_minutes)
      from activity group by insee_code, date`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists activity_daily_delete on activity');
    this.addSql('drop trigger if exists activity_daily_update on activity');
    this.addSql('drop trigger if exists activity_daily_insert on activity');
    this.addSql('drop function if exists activity_daily_apply()');
    this.addSql('drop table if exists activity_daily');
  }
}
