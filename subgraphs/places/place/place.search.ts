import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import { InputProblems } from '../../shared/errors';
import { escapeLike, foldForSearch } from '../../shared/text';
import { openAtEvaluator } from '../../shared/opening-hours';
import { readOnlyMapper } from '../../shared/read-only';
import { pgTextArray } from '../../shared/sql';
import { INSEE_CODE_PATTERN } from '../../shared/scalars';
import type { PageRequest } from '../../shared/connection';
import { Place } from './place.entity';
import { EARTH_CUBE_OF_PLACE, chordOf, unitVectorOf } from './place.geo';
import { checkNear, distanceSql as distanceFrom, whereNear } from '../../shared/geography';
import type { PlaceFilter } from './place.filter';

export interface PlaceSearchResult {
  rows: Place[];
  /** Null when the caller did not ask for it (the count scans every match). */
  totalCount: number | null;
}

/** Checks a filter's values; unknown INSEE codes and EPCI SIRENs are looked up in one query each. */
export async function validatePlaceFilter(em: EntityManager, filter: PlaceFilter | undefined): Promise<void> {
  if (!filter) return;
  const problems = new InputProblems();
  const { bbox, near } = filter;
  const lat = (v: number, field: string) =>
    problems.check(Number.isFinite(v) && v >= -90 && v <= 90, field, 'latitude must be between -90 and 90');
  const lon = (v: number, field: string) =>
    problems.check(
      Number.isFinite(v) && v >= -180 && v <= 180,
      field,
      'longitude must be between -180 and 180',
    );
  if (bbox) {
    lat(bbox.south, 'filter.bbox.south');
    lat(bbox.north, 'filter.bbox.north');
    lon(bbox.west, 'filter.bbox.west');
    lon(bbox.east, 'filter.bbox.east');
    problems.check(bbox.south <= bbox.north, 'filter.bbox', 'south must not be above north');
    problems.check(
      bbox.west <= bbox.east,
      'filter.bbox',
      'west must not be east of east (boxes across the antimeridian are not supported)',
    );
  }
  if (near) checkNear(problems, near);
  if (filter.text !== undefined)
    problems.check(filter.text.length <= 200, 'filter.text', 'at most 200 characters');
  if (filter.openAt !== undefined)
    problems.check(!Number.isNaN(filter.openAt.getTime()), 'filter.openAt', 'not a valid instant');
  const badInsee = (filter.inseeCodes ?? []).filter((c) => !INSEE_CODE_PATTERN.test(c));
  problems.check(badInsee.length === 0, 'filter.inseeCodes', `not INSEE codes: ${badInsee.join(', ')}`);
  const badSiren = (filter.epciSirens ?? []).filter((c) => !/^\d{9}$/.test(c));
  problems.check(badSiren.length === 0, 'filter.epciSirens', `not SIRENs: ${badSiren.join(', ')}`);
  problems.throwIfAny();

  const knex = em.getKnex();
  if (filter.inseeCodes?.length) {
    const found = await em.execute<{ insee_code: string }[]>(
      knex('commune').select('insee_code').whereIn('insee_code', filter.inseeCodes),
    );
    const known = new Set(found.map((r) => r.insee_code));
    const unknown = filter.inseeCodes.filter((c) => !known.has(c));
    problems.check(unknown.length === 0, 'filter.inseeCodes', `unknown communes: ${unknown.join(', ')}`);
  }
  if (filter.epciSirens?.length) {
    const found = await em.execute<{ siren: string }[]>(
      knex('epci').select('siren').whereIn('siren', filter.epciSirens),
    );
    const known = new Set(found.map((r) => r.siren));
    const unknown = filter.epciSirens.filter((c) => !known.has(c));
    problems.check(unknown.length === 0, 'filter.epciSirens', `unknown EPCIs: ${unknown.join(', ')}`);
  }
  problems.throwIfAny();
}

/** Great-circle distance in metres from a point to the place's coordinates, as SQL. */
const distanceSql = (knex: Knex, latitude: number, longitude: number): Knex.Raw =>
  distanceFrom(knex, 'p', latitude, longitude);

/**
 * Applies every filter but `openAt` (which needs the opening_hours evaluator, not SQL), and but `near` when
 * `near: false` (the nearest-first walk applies its radius itself).
 */
function applyFilter(
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

type SortKey = [number | string, string];

/**
 * The places matching a filter, in a stable order ((distance, id) near a point, else (name, id)), one page
 * after a keyset cursor. With `count`, or without `near`, at most two SQL statements whatever the page size
 * (one without `count`). Near a point without `count`: one statement per chunk of the nearest-first walk,
 * chunks twice the page (usually one), plus the page's rows when `openAt` filters.
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
    fields?: Set<string>;
  } = {},
): Promise<PlaceSearchResult> {
  const knex = em.getKnex();
  const near = filter.near;
  const sortExpr = near ? distanceSql(knex, near.latitude, near.longitude) : knex.raw('p.name');
  const base = () => {
    const qb = knex('place as p');
    applyFilter(knex, qb, filter);
    return qb;
  };
  const afterKey = page.after as SortKey | null;
  const applyAfter = (qb: Knex.QueryBuilder) => {
    if (afterKey) qb.whereRaw('(?, p.id) > (?, ?::uuid)', [sortExpr, afterKey[0], afterKey[1]]);
  };

  if (near && !count) {
    // Nearest first through the KNN index: reads about as many places as the page needs, whatever the radius.
    const isOpen = filter.openAt ? openAtEvaluator(filter.openAt) : undefined;
    const wanted = page.first + 1;
    const columns = isOpen ? ['id', 'opening_hours'] : columnsFor(em, fields);
    const found: Record<string, unknown>[] = [];
    for await (const row of nearestFirst(em, filter, near, columns, afterKey, wanted, !!isOpen)) {
      if (isOpen && isOpen(row.opening_hours as string | null) !== true) continue;
      found.push(row);
      if (found.length === wanted) break;
    }
    if (!isOpen) return { rows: placesOf(em, found), totalCount: null };
    const ids = found.map((r) => r.id as string);
    return { rows: await loadInOrder(em, knex('place as p'), ids, sortExpr, fields), totalCount: null };
  }

  if (filter.openAt) {
    // Opening hours are evaluated in Node (cached per distinct schedule) over the lightweight candidate list.
    const isOpen = openAtEvaluator(filter.openAt);
    const candidates = await em.execute<
      { id: string; opening_hours: string | null; sort_key: number | string }[]
    >(
      base()
        .whereNotNull('p.opening_hours')
        .select('p.id', 'p.opening_hours', knex.raw('? as sort_key', [sortExpr]))
        .orderByRaw('?, p.id', [sortExpr]),
    );
    const open = candidates.filter((c) => isOpen(c.opening_hours) === true);
    let start = 0;
    if (afterKey) {
      const index = open.findIndex((c) => c.id === afterKey[1]);
      start = index >= 0 ? index + 1 : open.findIndex((c) => compareKey([c.sort_key, c.id], afterKey) > 0);
      if (start < 0) start = open.length;
    }
    const pageIds = open.slice(start, start + page.first + 1).map((c) => c.id);
    return { rows: await loadInOrder(em, base(), pageIds, sortExpr, fields), totalCount: open.length };
  }

  const countQuery = base().count({ count: '*' });
  const pageQuery = base()
    .orderByRaw('?, p.id', [sortExpr])
    .limit(page.first + 1);
  applyAfter(pageQuery);
  const [countRows, rows] = await Promise.all([
    count ? em.execute<{ count: string | number }[]>(countQuery) : Promise.resolve(null),
    page.first > 0 || afterKey ? loadRows(em, pageQuery, sortExpr, fields) : Promise.resolve([]),
  ]);
  return { rows, totalCount: countRows ? Number(countRows[0].count) : null };
}

function compareKey(a: SortKey, b: SortKey): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * What a GraphQL field of Place needs besides its own column; a field neither a column nor listed here (say
 * `standardRecord`) needs every column.
 */
const FIELD_NEEDS: Record<string, string[]> = {
  __typename: [],
  commune: ['inseeCode'],
  organization: ['organizationId'],
  openNow: ['openingHours'],
  isOpenAt: ['openingHours'],
  freshness: ['updatedOn'],
};

/** The columns a selection needs: always the id and the name (the cursor); every column when unsure. */
function columnsFor(em: EntityManager, fields: Set<string> | undefined): string[] {
  const mapper = readOnlyMapper(em, Place);
  if (!fields) return mapper.columns;
  const columns = new Set(['id', 'name']);
  for (const field of fields) {
    const needs = FIELD_NEEDS[field] ?? (mapper.columnOf(field) ? [field] : undefined);
    if (!needs) return mapper.columns;
    for (const property of needs) columns.add(mapper.columnOf(property)!);
  }
  return [...columns];
}

/**
 * Runs a page query and maps its rows to read-only Place instances (a page is never written back), with
 * only the columns the selection needs, keeping the distance when there is one.
 */
async function loadRows(
  em: EntityManager,
  qb: Knex.QueryBuilder,
  sortExpr: Knex.Raw,
  fields?: Set<string>,
): Promise<Place[]> {
  const columns = columnsFor(em, fields);
  const rows = await em.execute<Record<string, unknown>[]>(
    qb.select(...columns.map((c) => `p.${c}`), em.getKnex().raw('? as sort_key', [sortExpr])),
  );
  return placesOf(em, rows);
}

/** The places of `ids` among `qb`'s, in the order of `ids` (those `qb` no longer matches are left out). */
async function loadInOrder(
  em: EntityManager,
  qb: Knex.QueryBuilder,
  ids: string[],
  sortExpr: Knex.Raw,
  fields?: Set<string>,
): Promise<Place[]> {
  if (!ids.length) return [];
  const byId = new Map((await loadRows(em, qb.whereIn('p.id', ids), sortExpr, fields)).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((place): place is Place => !!place);
}

/** Read-only Places from rows of `loadRows` or `nearestFirst`, each with its distance when there is one. */
function placesOf(em: EntityManager, rows: Record<string, unknown>[]): Place[] {
  const mapper = readOnlyMapper(em, Place);
  return rows.map((row) => {
    const place = mapper.map(row);
    place.distanceMeters = typeof row.sort_key === 'number' ? row.sort_key : null;
    return place;
  });
}

/**
 * The places matching a filter within `near`'s radius, nearest first, in (distance, id) order, after a keyset
 * cursor: chunks of the KNN walk of `place_earth_index`, each a statement reading about `chunk` index entries.
 * A chunk ends on a distance that more places may share: those are left for the next chunk, which starts at
 * that distance, so that ties come whole and in id order.
 */
async function* nearestFirst(
  em: EntityManager,
  filter: PlaceFilter,
  near: NonNullable<PlaceFilter['near']>,
  columns: string[],
  afterKey: SortKey | null,
  wanted: number,
  withOpeningHours: boolean,
): AsyncGenerator<Record<string, unknown>> {
  const knex = em.getKnex();
  const radius = near.radiusKm * 1000;
  const sortExpr = distanceSql(knex, near.latitude, near.longitude);
  const [x, y, z] = unitVectorOf(near.latitude, near.longitude);
  const chord = `${EARTH_CUBE_OF_PLACE} operator(public.<->) public.cube(array[?, ?, ?]::float8[])`;
  // Rounding: a chord computed in JS may differ from PostgreSQL's in the last bits; start a hair before.
  let from = afterKey ? Math.max(0, chordOf(Number(afterKey[0])) - 1e-12) : 0;
  let chunk = Math.max(4, wanted * 2);
  for (;;) {
    const qb = knex('place as p');
    applyFilter(knex, qb, filter, { near: false });
    qb.whereNotNull('p.latitude').whereNotNull('p.longitude');
    if (withOpeningHours) qb.whereNotNull('p.opening_hours');
    if (from > 0) qb.whereRaw(`${chord} >= ?`, [x, y, z, from]);
    const rows = await em.execute<Record<string, unknown>[]>(
      qb
        .select(
          ...columns.map((c) => `p.${c}`),
          knex.raw('? as sort_key', [sortExpr]),
          knex.raw(`${chord} as chord`, [x, y, z]),
        )
        .orderByRaw(chord, [x, y, z])
        .limit(chunk),
    );
    const full = rows.length === chunk;
    const last = rows[rows.length - 1]?.chord as number | undefined;
    // A full chunk may have stopped inside a group of equal distances: keep that group for the next chunk.
    const settled = full ? rows.filter((r) => (r.chord as number) < last!) : rows;
    if (full && settled.length === 0) {
      chunk *= 4;
      continue;
    }
    settled.sort((a, b) =>
      compareKey([a.sort_key as number, a.id as string], [b.sort_key as number, b.id as string]),
    );
    for (const row of settled) {
      if ((row.sort_key as number) > radius) return;
      if (afterKey && compareKey([row.sort_key as number, row.id as string], afterKey) <= 0) continue;
      yield row;
    }
    if (!full) return;
    from = last!;
  }
}

/** The keyset cursor of a place in a search: (distance, id) near a point, else (name, id). */
export function placeSortKey(place: Place, filter: PlaceFilter | undefined): SortKey {
  return [filter?.near ? (place.distanceMeters ?? 0) : place.name, place.id];
}
