import { Migration } from '@mikro-orm/migrations';
import { deferRollups, undeferRollups, type RollupTable } from '../../shared/deferred-rollups';

const ROLLUPS: RollupTable[] = [
  {
    table: 'activity_rollup',
    keys: ['scope', 'scope_id', 'grain', 'start', 'dimension', 'value'],
    figures: ['accompaniments', 'individual', 'collective', 'participants', 'minutes'],
  },
];

/**
 * `activity_rollup` applied at the commit of each write instead of in the middle of it
 * (`shared/deferred-rollups.ts`): an activity report no longer holds its commune's and person's rollup rows from
 * its insert to its commit. Frozen SQL: never edit once applied.
 */
export class Migration20261206100000_people_activity_rollup_at_commit extends Migration {
  override async up(): Promise<void> {
    for (const sql of deferRollups('people', ROLLUPS)) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of undeferRollups('people', ROLLUPS)) this.addSql(sql);
  }
}
