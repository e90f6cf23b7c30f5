import DataLoader from 'dataloader';
import type { EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { groupBy } from '../../common/group-by';
import { readOnlyMapper } from './read-only';

/**
 * Loads entities by a unique key in one `IN` query per batch; unknown (or malformed, per `isValid`) keys
 * load as null, never as an invented object.
 */
export function entityLoader<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  key: keyof T & string,
  isValid: (k: string) => boolean = () => true,
): DataLoader<string, T | null> {
  return keyedLoader(key, isValid, (valid) => em.find(entity, { [key]: { $in: valid } } as FilterQuery<T>));
}

/** A loader by a unique key: the batch's valid keys, once each, to `fetch`; each key gets its row or null. */
function keyedLoader<T extends object>(
  key: keyof T & string,
  isValid: (k: string) => boolean,
  fetch: (valid: string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader(async (keys: readonly string[]) => {
    const valid = [...new Set(keys.filter(isValid))];
    const rows = valid.length ? await fetch(valid) : [];
    const byKey = new Map(rows.map((row) => [String(row[key]), row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/**
 * `entityLoader` for what a request only reads (a field's object, an entity the gateway resolves): one `IN` query per
 * batch mapped to read-only objects (`readOnlyMapper`: no identity map, no unit of work), for entities without
 * relations and without getters. Never persist what it loads. One organization by id, warm, on PostgreSQL: 0.26 ms of
 * processor time against 0.66 ms through `em.find`.
 */
export function readOnlyLoader<T extends object>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  key: keyof T & string,
  isValid: (k: string) => boolean = () => true,
): DataLoader<string, T | null> {
  return keyedLoader(key, isValid, async (valid) => {
    const mapper = readOnlyMapper(em, entity);
    const table = em.getMetadata().get(entity.name).tableName;
    const rows = await em.execute<Record<string, unknown>[]>(
      em.getKnex()(table).select(mapper.columns).whereIn(mapper.columnOf(key)!, valid),
    );
    return rows.map((row) => mapper.map(row));
  });
}

/**
 * What a loader's `loadMany` found, in order: unknown keys (null) left out, a failed load thrown (not taken for a
 * key that matched nothing). Whatever the objects' class: `readOnlyLoader`'s are not instances of the entity.
 */
export function found<T>(loaded: readonly (T | null | Error)[]): T[] {
  const failure = loaded.find((value): value is Error => value instanceof Error);
  if (failure) throw failure;
  return loaded.filter((value): value is T => value !== null);
}

/** Loads the children of many parents in one query per batch, grouped by the parent key. */
export function groupLoader<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  key: keyof T & string,
  orderBy: QueryOrderMap<T>,
  isValid: (k: string) => boolean = () => true,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys: readonly string[]) => {
    const valid = [...new Set(keys.filter(isValid))];
    const rows = valid.length
      ? await em.find(entity, { [key]: { $in: valid } } as FilterQuery<T>, { orderBy: orderBy as never })
      : [];
    const groups = groupBy(rows, (row) => String(row[key]));
    return keys.map((k) => groups.get(k) ?? []);
  });
}
