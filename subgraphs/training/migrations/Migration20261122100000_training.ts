import { Migration } from '@mikro-orm/migrations';

/**
 * Offers, sessions and registrations. Capacity is held by the database: the session row is locked while
 * registering, `registrations_count` never exceeds `capacity`, and a participant holds at most one active
 * seat per session.
 */
export class Migration20261122100000_training extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table training_offer (
      id uuid primary key,
      title text not null check (length(title) between 1 and 300),
      description text not null,
      themes text[] not null default '{}',
      level varchar(16) not null check (level in ('BEGINNER', 'INTERMEDIATE', 'ADVANCED')),
      format varchar(16) not null check (format in ('ON_SITE', 'REMOTE', 'PODCAST', 'HYBRID')),
      duration_minutes integer not null check (duration_minutes between 1 and 100000),
      price_cents integer not null check (price_cents >= 0),
      pass_numerique_eligible boolean not null default false,
      provider_id uuid not null,
      target_publics text[] not null default '{}',
      programme text,
      search_text text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql('create index training_offer_title_index on training_offer (title, id)');
    this.addSql('create index training_offer_provider_id_index on training_offer (provider_id)');
    this.addSql('create index training_offer_themes_index on training_offer using gin (themes)');
    this.addSql('create index training_offer_level_format_index on training_offer (level, format)');

    this.addSql(`create table training_session (
      id uuid primary key,
      offer_id uuid not null references training_offer (id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      place_id uuid,
      online_url text,
      insee_code varchar(5) check (insee_code ~ '^([013-9][0-9]|2[AB1-9])[0-9]{3}$'),
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      trainer_id uuid,
      capacity integer not null check (capacity between 1 and 10000),
      registrations_count integer not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint training_session_period_check check (ends_at > starts_at),
      constraint training_session_where_check check (place_id is not null or online_url is not null),
      constraint training_session_place_location_check check (place_id is not null or (insee_code is null and latitude is null)),
      constraint training_session_coordinates_check check ((latitude is null) = (longitude is null)),
      constraint training_session_seats_check check (registrations_count between 0 and capacity))`);
    this.addSql('create index training_session_starts_at_index on training_session (starts_at, id)');
    this.addSql('create index training_session_offer_id_index on training_session (offer_id, starts_at)');
    this.addSql('create index training_session_place_id_index on training_session (place_id, starts_at)');
    this.addSql('create index training_session_trainer_id_index on training_session (trainer_id, starts_at)');
    this.addSql('create index training_session_insee_code_index on training_session (insee_code, starts_at)');
    this.addSql(
      'create index training_session_location_index on training_session using gist (point(longitude, latitude))',
    );

    this.addSql(`create table registration (
      id uuid primary key,
      session_id uuid not null references training_session (id),
      participant_ref text not null check (participant_ref ~ '^[A-Za-z0-9._:-]{4,64}$'),
      status varchar(16) not null check (status in ('REGISTERED', 'CANCELLED')),
      attended boolean,
      registered_at timestamptz not null,
      cancelled_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint registration_cancelled_check check ((status = 'CANCELLED') = (cancelled_at is not null)))`);
    // One active seat per participant and session; a cancelled registration does not block a new one.
    this.addSql(
      `create unique index registration_active_unique on registration (session_id, participant_ref) where status = 'REGISTERED'`,
    );
    this.addSql('create index registration_session_id_index on registration (session_id)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists registration');
    this.addSql('drop table if exists training_session');
    this.addSql('drop table if exists training_offer');
  }
}
