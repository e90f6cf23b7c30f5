import { Migration } from '@mikro-orm/migrations';

const COLUMNS = `scope char(1) not null,
      scope_id varchar(36) not null,
      grain char(1) not null,
      start date not null,
      dimension varchar(8) not null,
      value varchar(64) not null,
      accompaniments bigint not null,
      individual bigint not null,
      collective bigint not null,
      participants bigint not null,
      minutes bigint not null`;
const KEY = 'scope, scope_id, grain, start, dimension, value';

/**
 * `activity_rollup` split by scope and grain into four tables (commune / person × day / month), one logical table
 * as before: the triggers, the reads and the rebuild do not change. In one table, the month rows a report reads
 * (a tenth of the rows) were scattered among the day rows and the person rows: at scale 100 the FNE report's
 * twelve months of commune rows (188k rows) touched 29,643 heap pages of a 1.9 GB table, 450 ms of a 500 ms
 * statement. Each partition now holds one kind of row, so those rows sit in a table of a few tens of MB that stays
 * in memory. Rows are copied before the key is built (faster at national scale). Frozen SQL: never edit once
 * applied.
 */
export class Migration20261129070000_people_activity_rollup_partitions extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table activity_rollup rename to activity_rollup_unpartitioned');
    this.addSql(`create table activity_rollup (${COLUMNS}) partition by list (scope)`);
    for (const scope of ['c', 'p']) {
      this.addSql(`create table activity_rollup_${scope} partition of activity_rollup
        for values in ('${scope}') partition by list (grain)`);
      for (const grain of ['d', 'm'])
        this.addSql(`create table activity_rollup_${scope}_${grain} partition of activity_rollup_${scope}
          for values in ('${grain}')`);
    }
    // Copied in slices of the old key's order (scope, then the first character of its id), each statement short
    // enough for the statement timeout at national scale; then the counts must agree.
    const marks = [...'123456789abcdef'];
    for (const scope of ['c', 'p'])
      for (let i = 0; i <= marks.length; i++) {
        const slice = [
          i > 0 ? `scope_id >= '${marks[i - 1]}'` : '',
          i < marks.length ? `scope_id < '${marks[i]}'` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        this.addSql(`insert into activity_rollup select ${KEY}, accompaniments, individual, collective,
          participants, minutes from activity_rollup_unpartitioned where scope = '${scope}' and ${slice}`);
      }
    this.addSql(`do $$ begin
      if (select count(*) from activity_rollup) <> (select count(*) from activity_rollup_unpartitioned) then
        raise exception 'activity_rollup: rows of a scope other than c and p, or a slice missed';
      end if;
    end $$`);
    this.addSql('drop table activity_rollup_unpartitioned');
    this.addSql(`alter table activity_rollup add primary key (${KEY})`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table activity_rollup rename to activity_rollup_partitioned');
    this.addSql(`create table activity_rollup (${COLUMNS})`);
    this
      .addSql(`insert into activity_rollup select ${KEY}, accompaniments, individual, collective, participants,
      minutes from activity_rollup_partitioned`);
    this.addSql('drop table activity_rollup_partitioned');
    this.addSql(`alter table activity_rollup add primary key (${KEY})`);
  }
}
