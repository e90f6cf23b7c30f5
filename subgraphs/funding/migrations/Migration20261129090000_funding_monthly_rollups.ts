import { Migration } from '@mikro-orm/migrations';
import {
  CARNET_ISSUED,
  EXPIRY,
  ISSUED,
  PASS_EXPIRY,
  PASS_ISSUED,
  REDEEMED,
  REDEMPTION_REDEEMED,
  REDEMPTION_REIMBURSED,
  REIMBURSED,
  triggerFunction,
  type Part,
  type Rollup,
} from './Migration20261129010000_funding_rollups';

export const ISSUED_MONTHLY: Rollup = {
  table: 'pass_issued_monthly',
  keys: ['insee_code', 'month', 'program_id'],
  figures: ISSUED.figures,
};
export const REDEEMED_MONTHLY: Rollup = {
  table: 'pass_redeemed_monthly',
  keys: ['insee_code', 'month', 'program_id'],
  figures: REDEEMED.figures,
};

/** A day rollup's part as its month rollup's: the day to its month's first day, the prescriber (if any) dropped. */
const monthly =
  (day: Rollup, part: Part): Part =>
  (rows, sign) =>
    `select insee_code, date_trunc('month', date)::date, program_id, ${day.figures.join(', ')}
     from (${part(rows, sign)}) as d (${[...day.keys, ...day.figures].join(', ')})`;

/** The trigger functions of `…_funding_rollups`, with or without the month rollups after their day rollups. */
export const FUNCTIONS = (withMonths: boolean) =>
  (
    [
      ['carnet_rollups_apply', [[ISSUED, CARNET_ISSUED]]],
      [
        'pass_rollups_apply',
        [
          [ISSUED, PASS_ISSUED],
          [EXPIRY, PASS_EXPIRY],
        ],
      ],
      [
        'redemption_rollups_apply',
        [
          [REDEEMED, REDEMPTION_REDEEMED],
          [REIMBURSED, REDEMPTION_REIMBURSED],
        ],
      ],
    ] as [string, [Rollup, Part][]][]
  ).map(([name, steps]) =>
    triggerFunction(
      name,
      steps.flatMap(([rollup, part]): [Rollup, Part][] => {
        const month = rollup === ISSUED ? ISSUED_MONTHLY : rollup === REDEEMED ? REDEEMED_MONTHLY : undefined;
        return withMonths && month
          ? [
              [rollup, part],
              [month, monthly(rollup, part)],
            ]
          : [[rollup, part]];
      }),
    ).replace('create function', 'create or replace function'),
  );

/**
 * Month rows for the Pass numérique rollups read over long periods (a programme's co-funder statements, `passStats`):
 * `pass_issued_monthly` and `pass_redeemed_monthly`, per beneficiary commune, month (its first day) and programme,
 * the sums of `pass_issued_daily` (all prescribers) and `pass_redeemed_daily`. The trigger functions of
 * `…_funding_rollups` upsert each month row right after its day row, from the same changes (so every writer still
 * takes rollup rows in one order: issued day, issued month, expiry, redeemed day, redeemed month, reimbursed). A
 * programme's year is 12 rows per commune instead of up to 365 per commune and prescriber (at scale 100: 3,800
 * rows instead of 213,000). Filled from the day rows. Frozen SQL: never edit once applied.
 */
export class Migration20261129090000_funding_monthly_rollups extends Migration {
  override async up(): Promise<void> {
    for (const m of [ISSUED_MONTHLY, REDEEMED_MONTHLY]) {
      this.addSql(`create table ${m.table} (
        insee_code varchar(5) not null, month date not null, program_id uuid not null,
        ${m.figures.map((f) => `${f} bigint not null`).join(', ')},
        primary key (${m.keys.join(', ')}))`);
      this.addSql(`create index ${m.table}_program_index on ${m.table} (program_id, month)`);
    }
    for (const sql of FUNCTIONS(true)) this.addSql(sql);
    for (const [m, day] of [
      [ISSUED_MONTHLY, ISSUED],
      [REDEEMED_MONTHLY, REDEEMED],
    ] as const)
      this.addSql(`insert into ${m.table} (${m.keys.join(', ')}, ${m.figures.join(', ')})
        select insee_code, date_trunc('month', date)::date, program_id, ${m.figures.map((f) => `sum(${f})`).join(', ')}
        from ${day.table} group by 1, 2, 3`);
  }

  override async down(): Promise<void> {
    for (const sql of FUNCTIONS(false)) this.addSql(sql);
    this.addSql('drop table if exists pass_redeemed_monthly');
    this.addSql('drop table if exists pass_issued_monthly');
  }
}
