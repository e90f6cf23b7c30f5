import { Migration } from '@mikro-orm/migrations';

/**
 * Nearest-first searches walk a GiST index of each place's position on the unit sphere (cube extension, KNN
 * `<->`: straight-line distance through the sphere, in the same order as the great-circle distance), so that
 * "the 20 nearest" reads about 20 index entries instead of every place within the radius. The map's bounding-box
 * index carries the columns a map asks for, so that a map page is an index-only scan.
 */
export class Migration20261123000000_places_nearest extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index place_earth_index on place using gist (public.cube(array[cos(radians(latitude)) * cos(radians(longitude)), cos(radians(latitude)) * sin(radians(longitude)), sin(radians(latitude))])) where latitude is not null and longitude is not null`,
    );
    this.addSql('drop index place_location_index');
    this.addSql(
      'create index place_location_index on place using gist (point(longitude, latitude)) include (id, name, kind, latitude, longitude)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists place_earth_index');
    this.addSql('drop index place_location_index');
    this.addSql('create index place_location_index on place using gist (point(longitude, latitude))');
  }
}
