import { Migration } from '@mikro-orm/migrations';

/**
 * Partner data in and out: where each place comes from (`place_source`, one row per source record), the imports
 * run with their reports (`place_import`), and a change log of places and organizations (`place_change`) that the
 * change feed reads. Triggers write the log in the writing transaction, whatever path writes (mutations, imports,
 * seeds); an advisory lock taken by the trigger makes sequence order and commit order the same, so a reader that
 * has seen change n never later finds a committed change below n (no gaps while writes go on).
 */
export class Migration20261128000000_places_exchange extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table place_import (
      id uuid primary key,
      source text not null,
      file text not null,
      format text not null,
      organization_id uuid,
      dry_run boolean not null,
      strict boolean not null,
      status text not null check (status in ('RUNNING', 'DONE', 'FAILED')),
      counts jsonb not null default '{}',
      report jsonb,
      started_at timestamptz not null,
      finished_at timestamptz)`);
    this.addSql('create index place_import_started_at_index on place_import (started_at desc)');
    // One run at a time per source: a second concurrent import of the same source is refused, not interleaved.
    this.addSql(
      `create unique index place_import_running_index on place_import (source) where status = 'RUNNING'`,
    );
    this.addSql(`create table place_source (
      source text not null,
      source_id text not null,
      place_id uuid not null references place (id) on delete cascade,
      content_hash text not null,
      import_id uuid references place_import (id) on delete set null,
      file text,
      row_number integer,
      imported_at timestamptz not null,
      primary key (source, source_id))`);
    this.addSql('create index place_source_place_id_index on place_source (place_id)');
    this.addSql(`create table place_change (
      seq bigint primary key,
      entity text not null check (entity in ('Place', 'Organization')),
      entity_id uuid not null,
      kind text not null check (kind in ('UPSERT', 'DELETE')),
      changed_at timestamptz not null default now())`);
    this.addSql('create sequence place_change_seq');
    this.addSql('create index place_change_entity_index on place_change (entity, seq)');
    // Statement-level with transition tables: a bulk insert of 500 places logs them in one statement.
    this.addSql(`create function place_change_log() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(4747001);
        if tg_op = 'DELETE' then
          insert into place_change (seq, entity, entity_id, kind)
          select nextval('place_change_seq'), tg_argv[0], id, 'DELETE' from (select id from old_rows order by id) d;
        else
          insert into place_change (seq, entity, entity_id, kind)
          select nextval('place_change_seq'), tg_argv[0], id, 'UPSERT' from (select id from new_rows order by id) u;
        end if;
        return null;
      end $$`);
    for (const [table, entity] of [
      ['place', 'Place'],
      ['organization', 'Organization'],
    ]) {
      this
        .addSql(`create trigger ${table}_change_insert after insert on ${table} referencing new table as new_rows
        for each statement execute function place_change_log('${entity}')`);
      this
        .addSql(`create trigger ${table}_change_update after update on ${table} referencing new table as new_rows
        for each statement execute function place_change_log('${entity}')`);
      this
        .addSql(`create trigger ${table}_change_delete after delete on ${table} referencing old table as old_rows
        for each statement execute function place_change_log('${entity}')`);
    }
    // What is already there counts as changed once, so a first sync from the beginning gets everything.
    this.addSql(`insert into place_change (seq, entity, entity_id, kind, changed_at)
      select nextval('place_change_seq'), e, id, 'UPSERT', updated_at from (
        select 'Organization' as e, id, updated_at from organization
        union all select 'Place', id, updated_at from place order by updated_at, id) existing`);
  }

  override async down(): Promise<void> {
    for (const table of ['place', 'organization'])
      for (const op of ['insert', 'update', 'delete'])
        this.addSql(`drop trigger if exists ${table}_change_${op} on ${table}`);
    this.addSql('drop function if exists place_change_log()');
    this.addSql('drop table if exists place_change');
    this.addSql('drop sequence if exists place_change_seq');
    this.addSql('drop table if exists place_source');
    this.addSql('drop table if exists place_import');
  }
}
