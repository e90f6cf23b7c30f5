import { Migration } from '@mikro-orm/migrations';
import { statementTriggers } from '../../shared/statement-triggers';

export interface Rollup {
  table: string;
  keys: string[];
  figures: string[];
}

export const ISSUED: Rollup = {
  table: 'pass_issued_daily',
  keys: ['insee_code', 'date', 'program_id', 'prescriber_id'],
  figures: [
    'carnets',
    'passes_issued',
    'amount_issued',
    'passes_used',
    'passes_cancelled',
    'amount_cancelled',
  ],
};
export const EXPIRY: Rollup = {
  table: 'pass_expiry_daily',
  keys: ['insee_code', 'date', 'program_id', 'prescriber_id'],
  figures: ['passes_unused', 'amount_unused'],
};
export const REDEEMED: Rollup = {
  table: 'pass_redeemed_daily',
  keys: ['insee_code', 'date', 'program_id'],
  figures: ['passes_redeemed', 'amount_redeemed'],
};
export const REIMBURSED: Rollup = {
  table: 'pass_reimbursed_monthly',
  keys: ['program_id', 'month'],
  figures: ['passes_reimbursed', 'amount_reimbursed'],
};

// (Exported for the migrations that extend these functions; the SQL of this one does not change.)
// What one row of each source adds to a rollup (keys then figures, in the rollup's order); `s` is the sign.
export const CARNET_ISSUED = (rows: string, s: string) =>
  `select beneficiary_insee_code, issued_on, program_id, prescriber_id, ${s}1, 0, 0, 0, 0, 0 from ${rows}`;
export const PASS_ISSUED = (rows: string, s: string) =>
  `select c.beneficiary_insee_code, p.issued_on, p.program_id, c.prescriber_id, 0,
     ${s}(p.status <> 'CANCELLED')::int, ${s}(case when p.status <> 'CANCELLED' then p.value_cents else 0 end),
     ${s}(p.status in ('REDEEMED', 'REIMBURSED'))::int,
     ${s}(p.status = 'CANCELLED')::int, ${s}(case when p.status = 'CANCELLED' then p.value_cents else 0 end)
   from ${rows} p join carnet c on c.id = p.carnet_id`;
export const PASS_EXPIRY = (rows: string, s: string) =>
  `select c.beneficiary_insee_code, p.expires_on, p.program_id, c.prescriber_id,
     ${s}(p.status in ('ISSUED', 'EXPIRED'))::int, ${s}(case when p.status in ('ISSUED', 'EXPIRED') then p.value_cents else 0 end)
   from ${rows} p join carnet c on c.id = p.carnet_id`;
export const REDEMPTION_REDEEMED = (rows: string, s: string) =>
  `select c.beneficiary_insee_code, (r.redeemed_at at time zone 'Europe/Paris')::date, p.program_id, ${s}1, ${s}r.value_cents
   from ${rows} r join pass p on p.id = r.pass_id join carnet c on c.id = p.carnet_id`;
export const REDEMPTION_REIMBURSED = (rows: string, s: string) =>
  `select p.program_id, rb.month, ${s}1, ${s}r.value_cents
   from ${rows} r join pass p on p.id = r.pass_id join reimbursement rb on rb.id = r.reimbursement_id`;

export type Part = (rows: string, sign: string) => string;

/** A part over a statement's rows: the old rows counted out, the new rows in (for an update, both). */
export const changes = (part: Part, op: 'INSERT' | 'UPDATE' | 'DELETE'): string[] => [
  ...(op !== 'INSERT' ? [part('old_rows', '-')] : []),
  ...(op !== 'DELETE' ? [part('new_rows', '')] : []),
];

/**
 * One upsert of the net change per key, keys in order (concurrent writers never deadlock); keys whose figures do
 * not change are skipped, so a write that moves nothing counted (a pass REDEEMED → REIMBURSED, ISSUED → EXPIRED)
 * locks no rollup row.
 */
function upsert(rollup: Rollup, part: Part, op: 'INSERT' | 'UPDATE' | 'DELETE'): string {
  const parts = changes(part, op);
  const columns = [...rollup.keys, ...rollup.figures];
  const keys = rollup.keys.join(', ');
  return `insert into ${rollup.table} as d (${columns.join(', ')})
      select ${keys}, ${rollup.figures.map((f) => `sum(${f})`).join(', ')}
      from (${parts.join(' union all ')}) as x (${columns.join(', ')})
      group by ${keys} having ${rollup.figures.map((f) => `sum(${f}) <> 0`).join(' or ')} order by ${keys}
      on conflict (${keys}) do update set ${rollup.figures.map((f) => `${f} = d.${f} + excluded.${f}`).join(', ')};`;
}

/** A statement trigger function running `body(op)` for each kind of write. */
export function statementFunction(
  name: string,
  body: (op: 'INSERT' | 'UPDATE' | 'DELETE') => string,
): string {
  return `create function ${name}() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then ${body('INSERT')}
    elsif tg_op = 'UPDATE' then ${body('UPDATE')}
    else ${body('DELETE')}
    end if;
    return null;
  end $$`;
}

/** A statement trigger function applying each (rollup, part) in the order given, for each kind of write. */
export function triggerFunction(name: string, steps: [Rollup, Part][]): string {
  return statementFunction(name, (op) => steps.map(([rollup, part]) => upsert(rollup, part, op)).join('\n'));
}

const triggers = (table: string, fn: string) => statementTriggers(table, `${table}_rollups`, fn);

/** Fills a rollup from the rows already there. */
function fill(rollup: Rollup, parts: Part[], sources: string[]): string {
  const columns = [...rollup.keys, ...rollup.figures];
  const keys = rollup.keys.join(', ');
  return `insert into ${rollup.table} (${columns.join(', ')})
    select ${keys}, ${rollup.figures.map((f) => `sum(${f})`).join(', ')}
    from (${parts.map((part, i) => part(sources[i], '')).join(' union all ')}) as x (${columns.join(', ')})
    group by ${keys}`;
}

/**
 * The Pass numérique rollups (FNE passStats, co-funder statements, the expiry forecast), maintained by statement
 * triggers in the transaction of every write to carnet, pass and redemption:
 * - pass_issued_daily: per beneficiary commune, issue day, programme and prescriber: carnets, passes issued and not
 *   cancelled (and their value), of which used (redeemed or reimbursed), cancelled (and their value);
 * - pass_expiry_daily: per commune, validity end (31 December), programme and prescriber: passes unused (ISSUED or
 *   EXPIRED) and their value; whether they have lapsed is decided at read time from the date, not by a write;
 * - pass_redeemed_daily: per commune, Paris day of redemption and programme: passes redeemed and their value;
 * - pass_reimbursed_monthly: per programme and reimbursement month: passes reimbursed and their value.
 * Every trigger writes its rollups in this order (issued, expiry, redeemed, reimbursed), keys in order, so two
 * writers always take rollup rows in the same order. Frozen SQL: never edit once applied.
 */
export class Migration20261129010000_funding_rollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table pass_issued_daily (
      insee_code varchar(5) not null, date date not null, program_id uuid not null, prescriber_id uuid not null,
      carnets bigint not null, passes_issued bigint not null, amount_issued bigint not null, passes_used bigint not null,
      passes_cancelled bigint not null, amount_cancelled bigint not null,
      primary key (insee_code, date, program_id, prescriber_id))`);
    this.addSql('create index pass_issued_daily_program_index on pass_issued_daily (program_id, date)');
    this.addSql('create index pass_issued_daily_prescriber_index on pass_issued_daily (prescriber_id, date)');
    this.addSql(`create table pass_expiry_daily (
      insee_code varchar(5) not null, date date not null, program_id uuid not null, prescriber_id uuid not null,
      passes_unused bigint not null, amount_unused bigint not null,
      primary key (insee_code, date, program_id, prescriber_id))`);
    this.addSql('create index pass_expiry_daily_program_index on pass_expiry_daily (program_id, date)');
    this.addSql(`create table pass_redeemed_daily (
      insee_code varchar(5) not null, date date not null, program_id uuid not null,
      passes_redeemed bigint not null, amount_redeemed bigint not null,
      primary key (insee_code, date, program_id))`);
    this.addSql('create index pass_redeemed_daily_program_index on pass_redeemed_daily (program_id, date)');
    this.addSql(`create table pass_reimbursed_monthly (
      program_id uuid not null, month date not null,
      passes_reimbursed bigint not null, amount_reimbursed bigint not null,
      primary key (program_id, month))`);

    this.addSql(triggerFunction('carnet_rollups_apply', [[ISSUED, CARNET_ISSUED]]));
    this.addSql(
      triggerFunction('pass_rollups_apply', [
        [ISSUED, PASS_ISSUED],
        [EXPIRY, PASS_EXPIRY],
      ]),
    );
    this.addSql(
      triggerFunction('redemption_rollups_apply', [
        [REDEEMED, REDEMPTION_REDEEMED],
        [REIMBURSED, REDEMPTION_REIMBURSED],
      ]),
    );
    for (const sql of [
      ...triggers('carnet', 'carnet_rollups_apply'),
      ...triggers('pass', 'pass_rollups_apply'),
      ...triggers('redemption', 'redemption_rollups_apply'),
    ])
      this.addSql(sql);

    this.addSql(fill(ISSUED, [CARNET_ISSUED, PASS_ISSUED], ['carnet', 'pass']));
    this.addSql(fill(EXPIRY, [PASS_EXPIRY], ['pass']));
    this.addSql(fill(REDEEMED, [REDEMPTION_REDEEMED], ['redemption']));
    this.addSql(fill(REIMBURSED, [REDEMPTION_REIMBURSED], ['redemption']));
  }

  override async down(): Promise<void> {
    for (const table of ['carnet', 'pass', 'redemption']) {
      for (const op of ['insert', 'update', 'delete'])
        this.addSql(`drop trigger if exists ${table}_rollups_${op} on ${table}`);
      this.addSql(`drop function if exists ${table}_rollups_apply()`);
    }
    for (const table of [
      'pass_issued_daily',
      'pass_expiry_daily',
      'pass_redeemed_daily',
      'pass_reimbursed_monthly',
    ])
      this.addSql(`drop table if exists ${table}`);
  }
}
