import { Migration } from '@mikro-orm/migrations';

/**
 * The places of a commune that have no coordinates: what an import's dedup reads for every commune of a chunk
 * (a record with coordinates can still be the same place as one of them), without reading the commune's other
 * places.
 */
export class Migration20261206000000_places_without_location extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index place_without_location_index on place (insee_code) where latitude is null or longitude is null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists place_without_location_index');
  }
}
