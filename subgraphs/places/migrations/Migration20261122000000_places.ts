import { Migration } from '@mikro-orm/migrations';

/** Territory, organizations and places, with the indexes the map and directory queries use. */
export class Migration20261122000000_places extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table departement (
      code varchar(3) primary key,
      name text not null,
      region_code varchar(2) not null,
      population integer not null check (population >= 0),
      created_at timestamptz not null,
      updated_at timestamptz not null)`);

    this.addSql(`create table epci (
      siren varchar(9) primary key check (siren ~ '^[0-9]{9}$'),
      name text not null,
      kind varchar(10) not null,
      population integer not null check (population >= 0),
      created_at timestamptz not null,
      updated_at timestamptz not null)`);

    this.addSql(`create table commune (
      insee_code varchar(5) primary key check (insee_code ~ '^([013-9][0-9]|2[AB1-9])[0-9]{3}$'),
      name text not null,
      siren varchar(9) not null,
      postal_codes text[] not null,
      departement_code varchar(3) not null references departement (code),
      region_code varchar(2) not null,
      arrondissement_code varchar(5) not null,
      canton_code varchar(5) not null,
      epci_siren varchar(9) not null references epci (siren),
      population integer not null check (population >= 0),
      population_total integer not null check (population_total >= 0),
      centre_latitude double precision not null,
      centre_longitude double precision not null,
      search_text text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql('create index commune_departement_code_index on commune (departement_code)');
    this.addSql('create index commune_epci_siren_index on commune (epci_siren)');
    this.addSql('create index commune_name_index on commune (name, insee_code)');

    this.addSql(`create table organization (
      id uuid primary key,
      name text not null check (length(name) between 1 and 300),
      siret varchar(14) unique check (siret ~ '^[0-9]{14}$'),
      rna varchar(10) unique check (rna ~ '^W[0-9]{9}$'),
      kind varchar(32) not null,
      roles text[] not null default '{}',
      convention_signatory boolean not null default false,
      insee_code varchar(5) references commune (insee_code),
      website text,
      source text not null,
      search_text text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint organization_identifier_check check (siret is not null or rna is not null))`);
    this.addSql('create index organization_name_index on organization (name, id)');
    this.addSql('create index organization_insee_code_index on organization (insee_code)');
    this.addSql('create index organization_roles_index on organization using gin (roles)');
    this.addSql(
      'create index organization_search_index on organization using gin (search_text public.gin_trgm_ops)',
    );

    this.addSql(`create table place (
      id uuid primary key,
      source_id text,
      pivot varchar(14) not null check (pivot ~ '^[a-zA-Z0-9]{9,14}$'),
      organization_id uuid references organization (id) on delete set null,
      name text not null check (length(name) between 1 and 300),
      address text not null,
      address_complement text,
      postal_code varchar(5) not null check (postal_code ~ '^[0-9]{5}$'),
      commune_name text not null,
      insee_code varchar(5) not null references commune (insee_code),
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      typologies text[] not null default '{}',
      kind varchar(32) not null,
      phone varchar(20),
      emails text[] not null default '{}',
      websites text[] not null default '{}',
      opening_hours text,
      summary varchar(280),
      description text,
      source text,
      mobility text[] not null default '{}',
      parent_structure text,
      updated_on date not null,
      services text[] not null default '{}',
      publics text[] not null default '{}',
      specific_support text[] not null default '{}',
      fees text[] not null default '{}',
      national_programmes text[] not null default '{}',
      labels text[] not null default '{}',
      other_labels text[] not null default '{}',
      access_modes text[] not null default '{}',
      support_modes text[] not null default '{}',
      accessibility_sheet_url text,
      appointment_url text,
      accepts_pass_numerique boolean not null default false,
      search_text text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint place_coordinates_check check ((latitude is null) = (longitude is null)))`);
    this.addSql('create index place_name_index on place (name, id)');
    this.addSql('create index place_pivot_index on place (pivot)');
    this.addSql('create index place_organization_id_index on place (organization_id)');
    this.addSql('create index place_insee_code_index on place (insee_code)');
    this.addSql('create index place_kind_index on place (kind)');
    this.addSql('create index place_accepts_pass_numerique_index on place (accepts_pass_numerique)');
    // Bounding boxes and radius pre-filters: GiST on the built-in point type, no PostGIS needed.
    this.addSql('create index place_location_index on place using gist (point(longitude, latitude))');
    this.addSql('create index place_typologies_index on place using gin (typologies)');
    this.addSql('create index place_services_index on place using gin (services)');
    this.addSql('create index place_publics_index on place using gin (publics)');
    this.addSql('create index place_search_index on place using gin (search_text public.gin_trgm_ops)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists place');
    this.addSql('drop table if exists organization');
    this.addSql('drop table if exists commune');
    this.addSql('drop table if exists epci');
    this.addSql('drop table if exists departement');
  }
}
