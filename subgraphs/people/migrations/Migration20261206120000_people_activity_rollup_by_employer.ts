import { Migration } from '@mikro-orm/migrations';
import {
  APPLY_FUNCTION,
  COLUMNS,
  FACTS,
  UPSERT as BASE_UPSERT,
} from './Migration20261129030000_people_activity_rollup';

const KEY = 'scope, scope_id, grain, start, dimension, value';
const FIGURES = ['accompaniments', 'individual', 'collective', 'participants', 'minutes'];
const ADD = `on conflict (${KEY}) do update set ${FIGURES.map((f) => `${f} = r.${f} + excluded.${f}`).join(', ')}`;

/**
 * Adds person rows (`p`) to their employers' rows (`e.employer_id`), keys in order: `from` joins each person row to
 * its employer, `where` picks the person rows, `figure` gives what each figure adds.
 */
const TO_EMPLOYERS = (from: string, where: string, figure: (column: string) => string) => `
    insert into activity_rollup as r (${KEY}, ${FIGURES.join(', ')})
    select 'o', e.employer_id::text, p.grain, p.start, p.dimension, p.value,
      ${FIGURES.map((f) => `sum(${figure(f)})`).join(', ')}
    from ${from}
    where p.scope = 'p' and ${where} and e.employer_id is not null
    group by e.employer_id, p.grain, p.start, p.dimension, p.value
    order by 2, 3, 4, 5, 6
    ${ADD}`;

/** The rollup's upsert of `…_people_activity_rollup`, with a third scope: `o`, the person's employer now (if any). */
const UPSERT = (rows: string) =>
  BASE_UPSERT(
    rows,
    `${FACTS(
      rows,
      undefined,
      "('c', f.insee_code::text), ('p', f.person_id::text), ('o', (select employer_id::text from person where id = f.person_id))",
    )}
    where s.scope_id is not null`,
  );

/** Before reading the employers of the reports' people, wait for writers of those people (lock order: person first). */
const LOCK_PEOPLE = (rows: string) => `
    perform 1 from person where id in (select r.person_id from ${rows} as r) order by id for share;`;

/**
 * `activity_rollup` per employer too (scope `o`, partitions `activity_rollup_o_d` / `_o_m`): the partner
 * dashboard's `staffMediationStats` reads an organization's rows instead of the rows of each of its staff (the
 * Département at scale 100: 5,000 people, 174,500 person-month rows for seven months). The figures stay those of
 * the organization's current staff: the activity trigger files each report under its person's employer, and a
 * change of a person's employer moves all their person rows from the old employer's to the new one's. Both take
 * the person's row lock first (the activity trigger a share lock), so a report written while its person changes
 * employer is filed under the employer that person ends up with. Filled from the person rows, in slices of person
 * ids short enough for the statement timeout at national scale. Frozen SQL: never edit once applied.
 */
export class Migration20261206120000_people_activity_rollup_by_employer extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table activity_rollup_o partition of activity_rollup
      for values in ('o') partition by list (grain)`);
    for (const grain of ['d', 'm'])
      this.addSql(`create table activity_rollup_o_${grain} partition of activity_rollup_o
        for values in ('${grain}')`);
    this.addSql(`create or replace function activity_rollup_apply() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then ${LOCK_PEOPLE('new_rows')} ${UPSERT(`select 1 as sign, ${COLUMNS} from new_rows`)}
    elsif tg_op = 'DELETE' then ${LOCK_PEOPLE('old_rows')} ${UPSERT(`select -1 as sign, ${COLUMNS} from old_rows`)}
    else ${LOCK_PEOPLE(`(select person_id from old_rows union select person_id from new_rows)`)}
      ${UPSERT(`select -1 as sign, ${COLUMNS} from old_rows union all select 1, ${COLUMNS} from new_rows`)}
    end if;
    return null;
  end $$`);
    this.addSql(`create function activity_rollup_employer_moves() returns trigger language plpgsql as $$
  begin
    ${TO_EMPLOYERS(
      'activity_rollup p cross join (values (old.employer_id, -1), (new.employer_id, 1)) e(employer_id, sign)',
      'p.scope_id = new.id::text',
      (f) => `e.sign * p.${f}`,
    )};
    return null;
  end $$`);
    this.addSql(`create trigger activity_rollup_employer after update of employer_id on person for each row
      when (old.employer_id is distinct from new.employer_id) execute function activity_rollup_employer_moves()`);
    const hex = [...'0123456789abcdef'];
    const marks = hex.flatMap((a) => hex.map((b) => a + b)).slice(1);
    for (let i = 0; i <= marks.length; i++) {
      const slice = [
        i > 0 ? `p.scope_id >= '${marks[i - 1]}'` : '',
        i < marks.length ? `p.scope_id < '${marks[i]}'` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      this.addSql(
        TO_EMPLOYERS('activity_rollup p join person e on e.id::text = p.scope_id', slice, (f) => `p.${f}`),
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists activity_rollup_employer on person');
    this.addSql('drop function if exists activity_rollup_employer_moves()');
    this.addSql('drop table if exists activity_rollup_o');
    // The activity trigger of `…_people_activity_rollup` (scopes c and p), as it was.
    this.addSql(APPLY_FUNCTION.replace('create function', 'create or replace function'));
  }
}
