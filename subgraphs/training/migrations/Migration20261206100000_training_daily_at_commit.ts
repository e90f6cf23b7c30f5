import { Migration } from '@mikro-orm/migrations';
import { deferRollups, undeferRollups, type RollupTable } from '../../shared/deferred-rollups';

const ROLLUPS: RollupTable[] = [
  {
    table: 'training_daily',
    keys: ['insee_code', 'date', 'format'],
    figures: ['sessions', 'seats', 'registrations', 'attendees', 'recorded'],
  },
];

/**
 * `training_daily` applied at the commit of each write instead of in the middle of it
 * (`shared/deferred-rollups.ts`): a registration no longer holds its session's day row from its insert to its
 * commit. Frozen SQL: never edit once applied.
 */
export class Migration20261206100000_training_daily_at_commit extends Migration {
  override async up(): Promise<void> {
    for (const sql of deferRollups('training', ROLLUPS)) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of undeferRollups('training', ROLLUPS)) this.addSql(sql);
  }
}
