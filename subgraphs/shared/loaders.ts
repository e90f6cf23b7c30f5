import DataLoader from 'dataloader';
import type { EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { groupBy } from '../../common/group-by';

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
  return new DataLoader(async (keys: readonly string[]) => {
    const valid = [...new Set(keys.filter(isValid))];
    const rows = valid.length ? await em.find(entity, { [key]: { $in: valid } } as FilterQuery<T>) : [];
    const byKey = new Map(rows.map((row) => [String(row[key]), row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
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
