import { Migration } from '@mikro-orm/migrations';
import { statementTriggers } from '../../shared/statement-triggers';

/** What registrations add to their sessions' counts: attended, and attendance recorded (active registrations). */
const CHANGES = (rows: string, sign: '' | '-') =>
  `select session_id, ${sign}(attended::int) as attendees, ${sign}1 as recorded
   from ${rows} where status = 'REGISTERED' and attended is not null`;

const APPLY = (changes: string) => `
    perform 1 from training_session where id in (select session_id from (${changes}) c) order by id for no key update;
    update training_session s
    set attendees_count = s.attendees_count + d.attendees,
      attendance_recorded_count = s.attendance_recorded_count + d.recorded
    from (select session_id, sum(attendees) as attendees, sum(recorded) as recorded from (${changes}) c
          group by session_id having sum(attendees) <> 0 or sum(recorded) <> 0) d
    where s.id = d.session_id;`;

/**
 * A session's attendance as counts on its row, beside `registrations_count`: `attendees_count` (active
 * registrations recorded as attended) and `attendance_recorded_count` (active registrations whose attendance was
 * recorded). Statement triggers on `registration` keep them in the transaction of every write (the sessions' rows
 * locked in id order first: `registration_attendance_*` fire before the `registration_daily_*` triggers, which
 * take the same rows for share). An organization's `trainingStats` read them instead of counting the
 * registrations of each session (the Département at scale 100: 3,100 sessions and 133,000 registrations over seven
 * months). Filled from the registrations, the rollup's session trigger off meanwhile (these counts are not in it).
 * Frozen SQL: never edit once applied.
 */
export class Migration20261206130000_training_session_attendance_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table training_session add column attendees_count int not null default 0,
      add column attendance_recorded_count int not null default 0`);
    this.addSql(`create function training_session_attendance() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      -- A registration is made with no attendance: nothing to count, nothing to lock.
      if exists (select 1 from new_rows where attended is not null) then ${APPLY(CHANGES('new_rows', ''))}
      end if;
    elsif tg_op = 'DELETE' then ${APPLY(CHANGES('old_rows', '-'))}
    else ${APPLY(`${CHANGES('old_rows', '-')} union all ${CHANGES('new_rows', '')}`)}
    end if;
    return null;
  end $$`);
    for (const sql of statementTriggers(
      'registration',
      'registration_attendance',
      'training_session_attendance',
    ))
      this.addSql(sql);
    this.addSql('alter table training_session disable trigger training_session_daily_update');
    this
      .addSql(`update training_session s set attendees_count = a.attendees, attendance_recorded_count = a.recorded
      from (select session_id, count(*) filter (where attended) as attendees, count(*) as recorded
            from registration where status = 'REGISTERED' and attended is not null group by session_id) a
      where a.session_id = s.id`);
    this.addSql('alter table training_session enable trigger training_session_daily_update');
  }

  override async down(): Promise<void> {
    for (const op of ['insert', 'update', 'delete'])
      this.addSql(`drop trigger if exists registration_attendance_${op} on registration`);
    this.addSql('drop function if exists training_session_attendance()');
    this.addSql(
      'alter table training_session drop column attendees_count, drop column attendance_recorded_count',
    );
  }
}
