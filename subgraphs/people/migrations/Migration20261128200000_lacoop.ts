import { Migration } from '@mikro-orm/migrations';

/**
 * The La Coop sync (issue 18): provenance on activities and people, the La Coop structures met (place
 * references to match later), the sync checkpoints and the records kept out with their reason.
 */
export class Migration20261128200000_lacoop extends Migration {
  override async up(): Promise<void> {
    for (const table of ['activity', 'person']) {
      this.addSql(`alter table ${table} add column source varchar(16), add column upstream_id varchar(64),
        add column fetched_at timestamptz,
        add constraint ${table}_provenance_check check ((source is null) = (upstream_id is null)
          and (source is null) = (fetched_at is null))`);
      this.addSql(
        `create unique index ${table}_upstream_unique on ${table} (source, upstream_id) where upstream_id is not null`,
      );
    }
    // An imported activity at a La Coop place the hub cannot match yet keeps the La Coop structure id.
    this.addSql('alter table activity add column upstream_structure_id uuid');
    this.addSql('alter table activity drop constraint activity_place_check');
    this.addSql(`alter table activity add constraint activity_place_check check
      ((location_type = 'lieu_activite') = (place_id is not null or upstream_structure_id is not null))`);
    this.addSql('create index activity_upstream_structure_index on activity (upstream_structure_id)');

    this.addSql(`create table lacoop_structure (
      id uuid primary key,
      name text not null,
      siret varchar(14),
      insee_code varchar(5),
      postal_code varchar(5),
      commune text,
      place_id uuid,
      deleted_at timestamptz,
      modified_at timestamptz not null,
      fetched_at timestamptz not null)`);
    this.addSql(`create table lacoop_mediator (
      id uuid primary key,
      person_id uuid not null references person (id) on delete cascade)`);
    this.addSql(`create table lacoop_sync_state (
      resource varchar(32) primary key,
      since timestamptz,
      run_since timestamptz,
      run_started_at timestamptz,
      cursor text,
      pages integer not null default 0,
      lease_until timestamptz,
      completed_at timestamptz)`);
    this.addSql(`create table lacoop_sync_rejection (
      resource varchar(32) not null,
      upstream_id varchar(64) not null,
      reason text not null,
      seen_at timestamptz not null,
      primary key (resource, upstream_id))`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists lacoop_sync_rejection');
    this.addSql('drop table if exists lacoop_sync_state');
    this.addSql('drop table if exists lacoop_mediator');
    this.addSql('drop table if exists lacoop_structure');
    this.addSql('alter table activity drop constraint activity_place_check');
    this.addSql(`alter table activity add constraint activity_place_check
      check ((location_type = 'lieu_activite') = (place_id is not null))`);
    this.addSql('alter table activity drop column upstream_structure_id');
    for (const table of ['activity', 'person']) {
      this.addSql(`drop index if exists ${table}_upstream_unique`);
      this.addSql(`alter table ${table} drop constraint ${table}_provenance_check,
        drop column source, drop column upstream_id, drop column fetched_at`);
    }
  }
}
