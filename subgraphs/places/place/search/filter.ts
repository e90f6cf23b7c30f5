import type { Knex } from '@mikro-orm/knex';
import { escapeLike, foldForSearch } from '../../../shared/text';
import { pgTextArray } from '../../../shared/sql';
import { distanceSql as distanceFrom, whereNear } from '../../../shared/geography';
import type { PlaceFilter } from '../place.filter';

/** Great-circle distance in metres from a point to the place's coordinates, as SQL. */
export const distanceSql = (knex: Knex, latitude: number, longitude: number): Knex.Raw =>
  distanceFrom(knex, 'p', latitude, longitude);

/**
 * Applies every filter but `openAt` (which needs the opening_hours evaluator, not SQL), and but `near` when
 * `near: false` (the nearest-first walk applies its radius itself).
 */
export function applyFilter(
  knex: Knex,
  qb: Knex.QueryBuilder,
  filter: PlaceFilter,
  { near: withNear = true }: { near?: boolean } = {},
): void {
  if (filter.text?.trim()) {
    for (const word of foldForSearch(filter.text).split(' ')) {
      qb.where('p.search_text', 'like', `%${escapeLike(word)}%`);
    }
  }
  if (filter.typologies?.length) qb.whereRaw('p.typologies && ?::text[]', [pgTextArray(filter.typologies)]);
  if (filter.services?.length) qb.whereRaw('p.services && ?::text[]', [pgTextArray(filter.services)]);
  if (filter.publics?.length) qb.whereRaw('p.publics && ?::text[]', [pgTextArray(filter.publics)]);
  if (filter.kinds?.length) qb.whereIn('p.kind', filter.kinds);
  if (filter.acceptsPassNumerique !== undefined && filter.acceptsPassNumerique !== null) {
    qb.where('p.accepts_pass_numerique', filter.acceptsPassNumerique);
  }
  if (filter.inseeCodes?.length) qb.whereIn('p.insee_code', filter.inseeCodes);
  if (filter.updatedSince) qb.where('p.updated_at', '>=', filter.updatedSince);
  if (filter.epciSirens?.length) {
    qb.whereIn('p.insee_code', knex('commune').select('insee_code').whereIn('epci_siren', filter.epciSirens));
  }
  // Both geo filters go through the GiST index on point(longitude, latitude).
  if (filter.bbox) {
    const { south, west, north, east } = filter.bbox;
    qb.whereRaw('point(p.longitude, p.latitude) <@ box(point(?, ?), point(?, ?))', [
      west,
      south,
      east,
      north,
    ]);
  }
  if (filter.near && withNear) whereNear(knex, qb, 'p', filter.near);
}
