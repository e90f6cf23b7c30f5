import { Migration } from '@mikro-orm/migrations';

/**
 * The Pass numérique ledger. Its invariants live here, not only in code: the budget check on
 * `funding_program.issued_cents`, one redemption per pass (unique), one reimbursement per structure and
 * month (unique), a redemption reimbursed at most once (a single `reimbursement_id`), pass dates derived
 * from the issue date, and every amount non-negative.
 */
export class Migration20261122000000_funding extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table funding_program (
      id uuid primary key,
      name text not null check (length(name) between 1 and 300),
      operator_id uuid not null,
      valid_from date not null,
      valid_to date not null,
      budget_cents bigint not null check (budget_cents >= 0),
      issued_cents bigint not null default 0 check (issued_cents >= 0),
      contributed_cents bigint not null default 0 check (contributed_cents >= 0),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint funding_program_period_check check (valid_from <= valid_to),
      constraint funding_program_budget_check check (issued_cents <= budget_cents),
      constraint funding_program_contributions_check check (contributed_cents <= budget_cents))`);

    this.addSql(`create table contribution (
      id uuid primary key,
      program_id uuid not null references funding_program (id),
      funder_id uuid not null,
      amount_cents bigint not null check (amount_cents > 0),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint contribution_program_funder_unique unique (program_id, funder_id))`);
    this.addSql('create index contribution_funder_id_index on contribution (funder_id)');

    // The registry of accredited prescribers and qualified trainers: roles are owned by places, checked here.
    this.addSql(`create table accreditation (
      organization_id uuid not null,
      role varchar(20) not null check (role in ('PRESCRIBER', 'QUALIFIED_TRAINER')),
      active boolean not null,
      since date not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (organization_id, role))`);

    this.addSql(`create table carnet (
      id uuid primary key,
      program_id uuid not null references funding_program (id),
      prescriber_id uuid not null,
      prescriber_person_id uuid,
      beneficiary_reference varchar(64) not null check (beneficiary_reference ~ '^[A-Za-z0-9_-]{4,64}$'),
      beneficiary_age_band varchar(20) not null,
      beneficiary_social_status varchar(20) not null,
      beneficiary_insee_code varchar(5) not null check (beneficiary_insee_code ~ '^([013-9][0-9]|2[AB1-9])[0-9]{3}$'),
      issued_on date not null,
      pass_count smallint not null check (pass_count in (5, 10)),
      pass_value_cents integer not null check (pass_value_cents = 1000),
      created_at timestamptz not null,
      updated_at timestamptz not null)`);
    this.addSql('create index carnet_program_id_index on carnet (program_id)');
    this.addSql('create index carnet_prescriber_index on carnet (prescriber_id, issued_on desc, id)');
    this.addSql('create index carnet_issued_on_index on carnet (issued_on desc, id)');
    this.addSql('create index carnet_beneficiary_insee_code_index on carnet (beneficiary_insee_code)');

    this.addSql(`create table pass (
      id uuid primary key,
      serial varchar(19) not null unique check (serial ~ '^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$'),
      carnet_id uuid not null references carnet (id),
      program_id uuid not null references funding_program (id),
      value_cents integer not null check (value_cents > 0),
      status varchar(12) not null check (status in ('ISSUED', 'REDEEMED', 'REIMBURSED', 'EXPIRED', 'CANCELLED')),
      issued_on date not null,
      expires_on date not null,
      redeemable_until date not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint pass_expires_on_check check (expires_on = make_date(extract(year from issued_on)::int, 12, 31)),
      constraint pass_redeemable_until_check check (redeemable_until = make_date(extract(year from issued_on)::int + 1, 1, 31)))`);
    this.addSql('create index pass_carnet_id_index on pass (carnet_id)');
    this.addSql('create index pass_program_id_index on pass (program_id, status)');
    this.addSql('create index pass_issued_on_index on pass (issued_on desc, id)');
    this.addSql('create index pass_status_index on pass (status, redeemable_until)');

    this.addSql(`create table reimbursement (
      id uuid primary key,
      trainer_id uuid not null,
      month date not null check (extract(day from month) = 1),
      pass_count integer not null check (pass_count > 0),
      amount_cents bigint not null check (amount_cents > 0),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint reimbursement_trainer_month_unique unique (trainer_id, month))`);
    this.addSql('create index reimbursement_month_index on reimbursement (month)');

    // One row per pass at most: the unique constraint is what makes a pass redeemable exactly once.
    this.addSql(`create table redemption (
      id uuid primary key,
      pass_id uuid not null references pass (id),
      trainer_id uuid not null,
      training_session_id uuid,
      redeemed_at timestamptz not null,
      value_cents integer not null check (value_cents > 0),
      reimbursement_id uuid references reimbursement (id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint redemption_pass_unique unique (pass_id))`);
    this.addSql('create index redemption_trainer_index on redemption (trainer_id, redeemed_at desc)');
    this.addSql('create index redemption_training_session_index on redemption (training_session_id)');
    this.addSql('create index redemption_reimbursement_index on redemption (reimbursement_id)');
    this.addSql(
      'create index redemption_unreimbursed_index on redemption (redeemed_at) where reimbursement_id is null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists redemption');
    this.addSql('drop table if exists reimbursement');
    this.addSql('drop table if exists pass');
    this.addSql('drop table if exists carnet');
    this.addSql('drop table if exists accreditation');
    this.addSql('drop table if exists contribution');
    this.addSql('drop table if exists funding_program');
  }
}
