import { Migration } from '@mikro-orm/migrations';

/**
 * A programme's expiry rows by date, with their figures in the index: a co-funder statement sums a programme's
 * unused passes month by month from the index alone (at national scale some 57,000 rows of a year's
 * 31 December, by commune and prescriber), without reading the table.
 */
export class Migration20261206000000_expiry_covering_index extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop index pass_expiry_daily_program_index');
    this.addSql(
      'create index pass_expiry_daily_program_index on pass_expiry_daily (program_id, date) include (passes_unused, amount_unused)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index pass_expiry_daily_program_index');
    this.addSql('create index pass_expiry_daily_program_index on pass_expiry_daily (program_id, date)');
  }
}
