import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import { openAtEvaluator } from '../../../shared/opening-hours';
import type { PageRequest } from '../../../shared/connection';
import type { Place } from '../place.entity';
import type { PlaceFilter } from '../place.filter';
import { applyFilter } from './filter';
import { nearestFirst } from './nearest-first';
import { columnsFor, loadInOrder, loadRows, placesOf } from './projection';
import { scheduleCatalogue, SCHEDULE_HASH_COLUMN, whereScheduleMayBeOpen } from './schedules';
import { compareKey, type SortKey } from './sort-key';

/** What every search strategy is given: the filter, the page, its keyset and the ordering expression. */
export interface SearchRequest {
  em: EntityManager;
  filter: PlaceFilter;
  page: PageRequest;
  afterKey: SortKey | null;
  /** `p.name`, or the distance to `filter.near`. */
  sortExpr: Knex.Raw;
  /** The Place fields the caller needs (GraphQL selection); all of them when undefined. */
  fields?: ReadonlySet<string>;
}

export interface PlaceSearchResult {
  rows: Place[];
  /** Null when the caller did not ask for it (the count scans every match). */
  totalCount: number | null;
}

function matching(em: EntityManager, filter: PlaceFilter): Knex.QueryBuilder {
  const knex = em.getKnex();
  const qb = knex('place as p');
  applyFilter(knex, qb, filter);
  return qb;
}

/**
 * A search open at an instant: the evaluator each row is checked with, the database's schedule catalogue that
 * learns from the rows, and the schedule hashes SQL leaves out (search/schedules.ts).
 */
function openAtCheck(em: EntityManager, openAt: Date) {
  const schedules = scheduleCatalogue(em);
  return { isOpen: openAtEvaluator(openAt), schedules, closed: schedules.closedAt(openAt) };
}

/** Nearest first through the KNN index: reads about as many places as the page needs, whatever the radius. */
export async function nearestPage(
  { em, filter, page, afterKey, sortExpr, fields }: SearchRequest,
  near: NonNullable<PlaceFilter['near']>,
): Promise<PlaceSearchResult> {
  const open = filter.openAt ? openAtCheck(em, filter.openAt) : undefined;
  const wanted = page.first + 1;
  const columns = open ? ['id', 'opening_hours'] : columnsFor(em, fields);
  const found: Record<string, unknown>[] = [];
  for await (const row of nearestFirst(em, filter, near, columns, afterKey, wanted, open?.closed)) {
    if (open) {
      open.schedules.learn(row.schedule_hash, row.opening_hours);
      if (open.isOpen(row.opening_hours as string | null) !== true) continue;
    }
    found.push(row);
    if (found.length === wanted) break;
  }
  if (!open) return { rows: placesOf(em, found), totalCount: null };
  const ids = found.map((r) => r.id as string);
  return { rows: await loadInOrder(em, em.getKnex()('place as p'), ids, sortExpr, fields), totalCount: null };
}

/**
 * Opening hours are evaluated in Node (cached per distinct schedule) over the lightweight candidate list, less the
 * places whose schedule is known to be closed then (search/schedules.ts).
 */
export async function openAtPage({
  em,
  filter,
  page,
  afterKey,
  sortExpr,
  fields,
}: SearchRequest): Promise<PlaceSearchResult> {
  const knex = em.getKnex();
  const { isOpen, schedules, closed } = openAtCheck(em, filter.openAt!);
  const query = matching(em, filter);
  whereScheduleMayBeOpen(query, closed);
  const candidates = await em.execute<
    { id: string; opening_hours: string | null; sort_key: number | string; schedule_hash: string }[]
  >(
    query
      .select(
        'p.id',
        'p.opening_hours',
        knex.raw('? as sort_key', [sortExpr]),
        knex.raw(SCHEDULE_HASH_COLUMN),
      )
      .orderByRaw('?, p.id', [sortExpr]),
  );
  const open = candidates.filter((c) => {
    schedules.learn(c.schedule_hash, c.opening_hours);
    return isOpen(c.opening_hours) === true;
  });
  let start = 0;
  if (afterKey) {
    const index = open.findIndex((c) => c.id === afterKey[1]);
    start = index >= 0 ? index + 1 : open.findIndex((c) => compareKey([c.sort_key, c.id], afterKey) > 0);
    if (start < 0) start = open.length;
  }
  const pageIds = open.slice(start, start + page.first + 1).map((c) => c.id);
  return {
    rows: await loadInOrder(em, matching(em, filter), pageIds, sortExpr, fields),
    totalCount: open.length,
  };
}

/** Everything in SQL: one page query after the keyset, and the count when asked, in parallel. */
export async function sqlPage(
  { em, filter, page, afterKey, sortExpr, fields }: SearchRequest,
  count: boolean,
): Promise<PlaceSearchResult> {
  const countQuery = matching(em, filter).count({ count: '*' });
  const pageQuery = matching(em, filter)
    .orderByRaw('?, p.id', [sortExpr])
    .limit(page.first + 1);
  if (afterKey) pageQuery.whereRaw('(?, p.id) > (?, ?::uuid)', [sortExpr, afterKey[0], afterKey[1]]);
  const [countRows, rows] = await Promise.all([
    count ? em.execute<{ count: string | number }[]>(countQuery) : Promise.resolve(null),
    page.first > 0 || afterKey ? loadRows(em, pageQuery, sortExpr, fields) : Promise.resolve([]),
  ]);
  return { rows, totalCount: countRows ? Number(countRows[0].count) : null };
}
