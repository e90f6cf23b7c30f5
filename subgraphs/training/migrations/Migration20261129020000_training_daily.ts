import { Migration } from '@mikro-orm/migrations';
import { statementTriggers } from '../../shared/statement-triggers';

export const KEYS = 'insee_code, date, format';
export const FIGURES = ['sessions', 'seats', 'registrations', 'attendees', 'recorded'];

/** Adds signed contributions (`select <keys>, <figures>`) to the rollup: one upsert, keys in order. */
export const APPLY = (contributions: string) => `
    insert into training_daily as d (${KEYS}, ${FIGURES.join(', ')})
    select ${KEYS}, ${FIGURES.map((f) => `sum(${f})`).join(', ')}
    from (${contributions}) c
    group by ${KEYS}
    having ${FIGURES.map((f) => `sum(${f}) <> 0`).join(' or ')}
    order by ${KEYS}
    on conflict (${KEYS}) do update set
      ${FIGURES.map((f) => `${f} = d.${f} + excluded.${f}`).join(', ')};`;

/** What sessions contribute: themselves, their seats and registrations, their recorded attendance. */
export const SESSIONS = (sign: '' | '-', rows: string) => `
      select s.insee_code, (s.starts_at at time zone 'Europe/Paris')::date as date, o.format,
        ${sign}1 as sessions, ${sign}s.capacity as seats, ${sign}s.registrations_count as registrations,
        ${sign}a.attendees as attendees, ${sign}a.recorded as recorded
      from ${rows} s join training_offer o on o.id = s.offer_id
      cross join lateral (
        select count(*) filter (where r.attended) as attendees, count(*) filter (where r.attended is not null) as recorded
        from registration r where r.session_id = s.id and r.status = 'REGISTERED') a
      where s.insee_code is not null`;

/** What registrations contribute: their recorded attendance, at their session's key. */
export const REGISTRATIONS = (sign: '' | '-', rows: string) => `
      select s.insee_code, (s.starts_at at time zone 'Europe/Paris')::date as date, o.format,
        0 as sessions, 0 as seats, 0 as registrations,
        ${sign}(case when r.attended then 1 else 0 end) as attendees, ${sign}1 as recorded
      from ${rows} r join training_session s on s.id = r.session_id join training_offer o on o.id = s.offer_id
      where r.status = 'REGISTERED' and r.attended is not null and s.insee_code is not null`;

/** The sessions of offers whose format changed move from the old format to the new one. */
export const OFFERS = `
      select s.insee_code, (s.starts_at at time zone 'Europe/Paris')::date as date, f.format,
        f.sign * 1 as sessions, f.sign * s.capacity as seats, f.sign * s.registrations_count as registrations,
        f.sign * a.attendees as attendees, f.sign * a.recorded as recorded
      from old_rows o join new_rows n on n.id = o.id and n.format is distinct from o.format
      cross join lateral (values (o.format, -1), (n.format, 1)) f(format, sign)
      join training_session s on s.offer_id = n.id
      cross join lateral (
        select count(*) filter (where r.attended) as attendees, count(*) filter (where r.attended is not null) as recorded
        from registration r where r.session_id = s.id and r.status = 'REGISTERED') a
      where s.insee_code is not null`;

/** Before reading attendance at a session's key, wait for writers of those sessions (lock order: session first). */
export const LOCK_SESSIONS = (rows: string) => `
    perform 1 from training_session where id in (select session_id from ${rows} where attended is not null)
      order by id for share;`;

const TRIGGERS = (table: string, fn: string) => statementTriggers(table, `${table}_daily`, fn);

/**
 * The daily training rollup per commune and format (FNE `trainingStats`): sessions, seats, registrations and
 * recorded attendance of the sessions at places, keyed by the Paris date the session starts. Statement triggers on
 * `training_session`, `registration` and `training_offer` (its format) maintain it in the transaction of every
 * write: one upsert per statement, old and new rows netted in one statement with keys in order, so concurrent
 * writers never deadlock on it. Filled from the rows already there. Frozen SQL: never edit once applied.
 */
export class Migration20261129020000_training_daily extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table training_daily (
      insee_code varchar(5) not null,
      date date not null,
      format varchar(16) not null,
      sessions bigint not null,
      seats bigint not null,
      registrations bigint not null,
      attendees bigint not null,
      recorded bigint not null,
      primary key (insee_code, date, format))`);
    this.addSql(`create function training_daily_sessions() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then ${APPLY(SESSIONS('', 'new_rows'))}
    elsif tg_op = 'DELETE' then ${APPLY(SESSIONS('-', 'old_rows'))}
    else ${APPLY(`${SESSIONS('-', 'old_rows')} union all ${SESSIONS('', 'new_rows')}`)}
    end if;
    return null;
  end $$`);
    this.addSql(`create function training_daily_registrations() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then ${LOCK_SESSIONS('new_rows')} ${APPLY(REGISTRATIONS('', 'new_rows'))}
    elsif tg_op = 'DELETE' then ${LOCK_SESSIONS('old_rows')} ${APPLY(REGISTRATIONS('-', 'old_rows'))}
    else ${LOCK_SESSIONS('(select session_id, attended from old_rows union all select session_id, attended from new_rows) x')}
      ${APPLY(`${REGISTRATIONS('-', 'old_rows')} union all ${REGISTRATIONS('', 'new_rows')}`)}
    end if;
    return null;
  end $$`);
    this.addSql(`create function training_daily_offers() returns trigger language plpgsql as $$
  begin
    ${APPLY(OFFERS)}
    return null;
  end $$`);
    for (const sql of [
      ...TRIGGERS('training_session', 'training_daily_sessions'),
      ...TRIGGERS('registration', 'training_daily_registrations'),
    ])
      this.addSql(sql);
    this.addSql(`create trigger training_offer_daily_update after update on training_offer
      referencing old table as old_rows new table as new_rows for each statement execute function training_daily_offers()`);
    this.addSql(`insert into training_daily (${KEYS}, ${FIGURES.join(', ')})
      select ${KEYS}, ${FIGURES.map((f) => `sum(${f})`).join(', ')} from (${SESSIONS('', 'training_session')}) c
      group by ${KEYS}`);
  }

  override async down(): Promise<void> {
    for (const table of ['training_session', 'registration'])
      for (const op of ['insert', 'update', 'delete'])
        this.addSql(`drop trigger if exists ${table}_daily_${op} on ${table}`);
    this.addSql('drop trigger if exists training_offer_daily_update on training_offer');
    this.addSql('drop function if exists training_daily_offers()');
    this.addSql('drop function if exists training_daily_registrations()');
    this.addSql('drop function if exists training_daily_sessions()');
    this.addSql('drop table if exists training_daily');
  }
}
