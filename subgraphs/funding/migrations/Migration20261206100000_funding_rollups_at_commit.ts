import { Migration } from '@mikro-orm/migrations';
import { deferRollups, undeferRollups, type RollupTable } from '../../shared/deferred-rollups';
import { EXPIRY, ISSUED, REDEEMED, REIMBURSED } from './Migration20261129010000_funding_rollups';

const MONTH_KEYS = ['insee_code', 'month', 'program_id'];

/** Every Pass numérique rollup, in the order the writers have always taken their rows. */
const ROLLUPS: RollupTable[] = [
  ISSUED,
  { table: 'pass_issued_monthly', keys: MONTH_KEYS, figures: ISSUED.figures },
  EXPIRY,
  REDEEMED,
  { table: 'pass_redeemed_monthly', keys: MONTH_KEYS, figures: REDEEMED.figures },
  REIMBURSED,
];

/**
 * The Pass numérique rollups applied at the commit of each write instead of in the middle of it
 * (`shared/deferred-rollups.ts`): a redemption no longer holds its commune's and programme's rollup rows from the
 * pass's update to its commit. Frozen SQL: never edit once applied.
 */
export class Migration20261206100000_funding_rollups_at_commit extends Migration {
  override async up(): Promise<void> {
    for (const sql of deferRollups('funding', ROLLUPS)) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of undeferRollups('funding', ROLLUPS)) this.addSql(sql);
  }
}
