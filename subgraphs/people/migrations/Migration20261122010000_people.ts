import { Migration } from '@mikro-orm/migrations';

const INSEE = `'^([013-9][0-9]|2[AB1-9])[0-9]{3}$'`;

/** People, their permanences and the activity report, with the indexes the lists, extensions and stats use. */
export class Migration20261122010000_people extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table person (
      id uuid primary key,
      role varchar(32) not null check (role in ('CONSEILLER_NUMERIQUE', 'AIDANT_NUMERIQUE', 'MEDIATEUR', 'COORDINATEUR')),
      profession varchar(32) check (profession in ('SOCIAL_WORKER', 'RECEPTION_AGENT', 'SECRETAIRE_DE_MAIRIE',
        'LIBRARIAN', 'PUBLIC_SCRIBE', 'ASSOCIATION_LEADER', 'VOLUNTEER', 'INDEPENDENT_TRAINER')),
      employer_id uuid,
      first_name text not null check (length(first_name) between 1 and 100),
      last_name text not null check (length(last_name) between 1 and 100),
      email text,
      phone varchar(20),
      insee_code varchar(5) not null check (insee_code ~ ${INSEE}),
      aidants_connect_habilitated boolean not null default false,
      aidants_connect_habilitated_on date,
      certifications text[] not null default '{}'
        check (certifications <@ array['PIX', 'CCP1_REMN', 'REMN']::text[]),
      training_status varchar(16) not null default 'NOT_REQUIRED'
        check (training_status in ('NOT_REQUIRED', 'PLANNED', 'IN_PROGRESS', 'COMPLETED')),
      search_text text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint person_aidant_profession_check check (role <> 'AIDANT_NUMERIQUE' or profession is not null),
      constraint person_habilitation_date_check
        check (aidants_connect_habilitated = (aidants_connect_habilitated_on is not null)))`);
    this.addSql('create unique index person_email_unique on person (lower(email)) where email is not null');
    this.addSql('create index person_first_name_index on person (first_name, id)');
    this.addSql('create index person_role_index on person (role)');
    this.addSql('create index person_employer_id_index on person (employer_id)');
    this.addSql('create index person_insee_code_index on person (insee_code)');

    this.addSql(`create table permanence (
      id uuid primary key,
      person_id uuid not null references person (id) on delete cascade,
      place_id uuid not null,
      opening_hours text not null check (length(opening_hours) between 1 and 500),
      note text check (length(note) <= 280),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint permanence_person_place_unique unique (person_id, place_id))`);
    this.addSql('create index permanence_place_id_index on permanence (place_id)');

    this.addSql(`create table activity (
      id uuid primary key,
      person_id uuid not null references person (id),
      location_type varchar(16) not null check (location_type in ('lieu_activite', 'domicile', 'a_distance', 'autre')),
      place_id uuid,
      insee_code varchar(5) not null check (insee_code ~ ${INSEE}),
      date date not null,
      type varchar(32) not null check (type in ('individuel', 'demarche_administrative', 'collectif')),
      duration_minutes integer not null check (duration_minutes between 1 and 720),
      themes text[] not null check (cardinality(themes) >= 1),
      participants_count integer not null check (participants_count between 1 and 500),
      equipment text[] not null default '{}',
      autonomy varchar(32) check (autonomy in ('entierement_accompagne', 'partiellement_autonome', 'autonome')),
      workshop_level varchar(16) check (workshop_level in ('debutant', 'intermediaire', 'avance')),
      participant_age_band varchar(32) check (participant_age_band in ('age_moins_12_ans', 'age_de_12_a_18_ans',
        'age_de_18_a_35_ans', 'age_de_35_a_60_ans', 'age_plus_60_ans')),
      participant_social_status varchar(32) check (participant_social_status in ('statut_etudiant',
        'statut_sans_emploi', 'statut_en_emploi', 'statut_retraite', 'statut_heterogene')),
      participant_insee_code varchar(5) check (participant_insee_code ~ ${INSEE}),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint activity_place_check check ((location_type = 'lieu_activite') = (place_id is not null)),
      constraint activity_individual_check check (type = 'collectif' or participants_count = 1))`);
    this.addSql('create index activity_date_index on activity (date desc, id desc)');
    this.addSql('create index activity_person_index on activity (person_id, date desc)');
    this.addSql('create index activity_place_index on activity (place_id, date desc)');
    // Territory indicators: one aggregate over the communes of a batch of territories and a period.
    this.addSql('create index activity_insee_code_date_index on activity (insee_code, date)');
    this.addSql('create index activity_themes_index on activity using gin (themes)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists activity');
    this.addSql('drop table if exists permanence');
    this.addSql('drop table if exists person');
  }
}
