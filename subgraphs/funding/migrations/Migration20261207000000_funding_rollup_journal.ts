import { Migration } from '@mikro-orm/migrations';
import {
  foldFunction,
  journalView,
  appendPending,
  type DerivedRollup,
  type JournalRollup,
  FOLD_BATCH,
} from '../../shared/rollup-journal';
import {
  CARNET_ISSUED,
  changes,
  EXPIRY,
  ISSUED,
  PASS_EXPIRY,
  PASS_ISSUED,
  REDEEMED,
  REDEMPTION_REDEEMED,
  REDEMPTION_REIMBURSED,
  REIMBURSED,
  statementFunction,
  type Part,
  type Rollup,
} from './Migration20261129010000_funding_rollups';
import {
  FUNCTIONS,
  ISSUED_MONTHLY,
  REDEEMED_MONTHLY,
} from './Migration20261129090000_funding_monthly_rollups';

/** A month rollup's key from its day rollup's pending rows: the day to its month's first day, the prescriber dropped. */
const MONTH_KEY = ['insee_code', "date_trunc('month', date)::date", 'program_id'];
const ISSUED_BY_MONTH: DerivedRollup = { ...ISSUED_MONTHLY, from: MONTH_KEY };
const REDEEMED_BY_MONTH: DerivedRollup = { ...REDEEMED_MONTHLY, from: MONTH_KEY };

/** The rollups with pending rows of their own, each with the month rollup folded from them. */
const JOURNALED: [JournalRollup, DerivedRollup[]][] = [
  [ISSUED, [ISSUED_BY_MONTH]],
  [EXPIRY, []],
  [REDEEMED, [REDEEMED_BY_MONTH]],
  [REIMBURSED, []],
];

/** The trigger functions of `…_funding_rollups`, appending to the pending rows instead of updating the rollups. */
const appendingFunction = (name: string, steps: [Rollup, Part][]) =>
  statementFunction(name, (op) =>
    steps.map(([rollup, part]) => appendPending(rollup, changes(part, op))).join('\n'),
  ).replace('create function', 'create or replace function');

/**
 * The Pass numérique rollups as a journal (shared/rollup-journal.ts; INDICATORS.md, "Pending changes"). Every
 * redemption of a programme updated the same few rollup rows (its beneficiaries' commune and day, the programme's
 * 31 December, today), each held from the write to its commit, so concurrent writes queued on them: at scale 100,
 * 10 connections, the redemptions ran 28–31 % slower with the rollups than without. Now:
 * - each rollup's rows are `<rollup>_folded` (the tables as they were, renamed, with their indexes);
 * - the triggers append their net change per key to `<rollup>_pending` (issued, expiry, redeemed, reimbursed; the
 *   month rollups are made from the day rollups' pending rows, so a write appends 3 rows where it upserted 5);
 * - `fold_pass_rollups()` moves the pending rows into the folded ones, the month rollups' included, in one
 *   transaction (the funding subgraph's primary process runs it every ROLLUP_FOLD_INTERVAL_MS);
 * - each rollup's name is now a view of its folded and pending rows, so every reader reads exact figures whatever
 *   has been folded.
 * Frozen SQL: never edit once applied.
 */
export class Migration20261207000000_funding_rollup_journal extends Migration {
  override async up(): Promise<void> {
    for (const rollup of [ISSUED, EXPIRY, REDEEMED, REIMBURSED, ISSUED_MONTHLY, REDEEMED_MONTHLY])
      this.addSql(`alter table ${rollup.table} rename to ${rollup.table}_folded`);
    for (const [rollup] of JOURNALED)
      this.addSql(`create table ${rollup.table}_pending (like ${rollup.table}_folded)`);
    for (const [rollup, derived] of JOURNALED) {
      this.addSql(journalView(rollup));
      for (const d of derived) this.addSql(journalView(d, { rollup, from: d.from }));
    }
    this.addSql(appendingFunction('carnet_rollups_apply', [[ISSUED, CARNET_ISSUED]]));
    this.addSql(
      appendingFunction('pass_rollups_apply', [
        [ISSUED, PASS_ISSUED],
        [EXPIRY, PASS_EXPIRY],
      ]),
    );
    this.addSql(
      appendingFunction('redemption_rollups_apply', [
        [REDEEMED, REDEMPTION_REDEEMED],
        [REIMBURSED, REDEMPTION_REIMBURSED],
      ]),
    );
    this.addSql(foldFunction('fold_pass_rollups', JOURNALED));
  }

  override async down(): Promise<void> {
    // Every pending row into the folded ones (a call folds at most FOLD_BATCH per rollup).
    this.addSql(`do $$ begin while fold_pass_rollups(true) >= ${FOLD_BATCH} loop end loop; end $$`);
    this.addSql('drop function fold_pass_rollups(boolean)');
    for (const rollup of [ISSUED, EXPIRY, REDEEMED, REIMBURSED, ISSUED_MONTHLY, REDEEMED_MONTHLY])
      this.addSql(`drop view ${rollup.table}`);
    for (const [rollup] of JOURNALED) this.addSql(`drop table ${rollup.table}_pending`);
    for (const rollup of [ISSUED, EXPIRY, REDEEMED, REIMBURSED, ISSUED_MONTHLY, REDEEMED_MONTHLY])
      this.addSql(`alter table ${rollup.table}_folded rename to ${rollup.table}`);
    // The functions as `…_funding_monthly_rollups` left them, upserting into the tables renamed back.
    for (const sql of FUNCTIONS(true)) this.addSql(sql);
  }
}
