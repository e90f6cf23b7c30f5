import type { EntityManager } from '@mikro-orm/postgresql';
import { toCalendarDate } from '../shared/calendar-date';

const DATE_COLUMNS = [
  'issued_on',
  'expires_on',
  'redeemable_until',
  'month',
  'since',
  'valid_from',
  'valid_to',
];

/**
 * An entity from a raw row (RETURNING *, window queries): DATE columns come back as Date objects from raw
 * SQL, while the entities carry them as YYYY-MM-DD like the ORM's own reads do.
 */
export function mapRow<T extends object>(
  em: EntityManager,
  entity: new () => T,
  row: Record<string, unknown>,
): T {
  const columns = { ...row };
  for (const column of DATE_COLUMNS) {
    const value = columns[column];
    if (value != null) columns[column] = toCalendarDate(value);
  }
  return em.map(entity, columns);
}
