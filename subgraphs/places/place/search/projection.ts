import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';
import { readOnlyMapper } from '../../../shared/read-only';
import { Place } from '../place.entity';

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
export function columnsFor(em: EntityManager, fields: ReadonlySet<string> | undefined): string[] {
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
export async function loadRows(
  em: EntityManager,
  qb: Knex.QueryBuilder,
  sortExpr: Knex.Raw,
  fields?: ReadonlySet<string>,
): Promise<Place[]> {
  const columns = columnsFor(em, fields);
  const rows = await em.execute<Record<string, unknown>[]>(
    qb.select(...columns.map((c) => `p.${c}`), em.getKnex().raw('? as sort_key', [sortExpr])),
  );
  return placesOf(em, rows);
}

/** The places of `ids` among `qb`'s, in the order of `ids` (those `qb` no longer matches are left out). */
export async function loadInOrder(
  em: EntityManager,
  qb: Knex.QueryBuilder,
  ids: string[],
  sortExpr: Knex.Raw,
  fields?: ReadonlySet<string>,
): Promise<Place[]> {
  if (!ids.length) return [];
  const byId = new Map((await loadRows(em, qb.whereIn('p.id', ids), sortExpr, fields)).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((place): place is Place => !!place);
}

/** Read-only Places from rows of `loadRows` or `nearestFirst`, each with its distance when there is one. */
export function placesOf(em: EntityManager, rows: Record<string, unknown>[]): Place[] {
  const mapper = readOnlyMapper(em, Place);
  return rows.map((row) => {
    const place = mapper.map(row);
    place.distanceMeters = typeof row.sort_key === 'number' ? row.sort_key : null;
    return place;
  });
}
