import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageRequest } from '../../shared/connection';
import type { PlaceFilter } from './place.filter';
import { distanceSql } from './search/filter';
import type { SortKey } from './search/sort-key';
import { nearestPage, openAtPage, sqlPage, type PlaceSearchResult } from './search/strategies';

/**
 * The places matching a filter, in a stable order ((distance, id) near a point, else (name, id)), one page
 * after a keyset cursor. With `count`, or without `near`, at most two SQL statements whatever the page size
 * (one without `count`). Near a point without `count`: one statement per chunk of the nearest-first walk,
 * chunks twice the page (usually one), plus the page's rows when `openAt` filters.
 * The parts: search/check.ts (filter validation), search/filter.ts (the SQL filter), search/strategies.ts,
 * search/projection.ts (columns and hydration), search/nearest-first.ts (the KNN walk), search/schedules.ts (the
 * schedules known closed at an instant, left out in SQL).
 */
export async function searchPlaces(
  em: EntityManager,
  filter: PlaceFilter = {},
  page: PageRequest,
  {
    count = true,
    fields,
  }: {
    count?: boolean;
    /** The Place fields the caller needs (GraphQL selection); all of them when undefined. */
    fields?: ReadonlySet<string>;
  } = {},
): Promise<PlaceSearchResult> {
  const knex = em.getKnex();
  const { near } = filter;
  const sortExpr = near ? distanceSql(knex, near.latitude, near.longitude) : knex.raw('p.name');
  const request = { em, filter, page, afterKey: page.after as SortKey | null, sortExpr, fields };
  if (near && !count) return nearestPage(request, near);
  if (filter.openAt) return openAtPage(request);
  return sqlPage(request, count);
}
