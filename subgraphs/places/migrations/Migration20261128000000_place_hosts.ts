import { Migration } from '@mikro-orm/migrations';

/** The organizations each place's owner agreed to host (permanences of their staff, their sessions). */
export class Migration20261128000000_place_hosts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table place_host (
      place_id uuid not null references place (id) on delete cascade,
      organization_id uuid not null references organization (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (place_id, organization_id))`);
    this.addSql('create index place_host_organization_index on place_host (organization_id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists place_host');
  }
}
