import { Type, type Platform, type EntityProperty } from '@mikro-orm/core';

/** PostgreSQL's oid for `date`: both drivers are told to hand it over as the text the server sends. */
export const PG_DATE_OID = 1082;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date as the API carries it, `YYYY-MM-DD`, whatever a driver hands over: node-postgres (through
 * MikroORM) sends the text, PGlite used to parse it into a JS Date at UTC midnight, raw SQL may give either.
 */
export function toCalendarDate(value: unknown): string {
  if (typeof value === 'string' && ISO_DATE.test(value)) return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    // A Date built from a DATE is midnight, UTC (PGlite) or local (node-postgres's own parser): keep the day it names.
    const utcMidnight = value.getUTCHours() === 0 && value.getUTCMinutes() === 0;
    return utcMidnight
      ? value.toISOString().slice(0, 10)
      : `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  }
  if (typeof value === 'string' && ISO_DATE.test(value.slice(0, 10))) return value.slice(0, 10);
  throw new TypeError(`not a calendar date: ${String(value)}`);
}

/**
 * The one mapping of a SQL `date` column: always a `YYYY-MM-DD` string in the entity, on PGlite and on
 * PostgreSQL. Every `date` property uses it (a test walks the metadata of the four subgraphs to check).
 */
export class CalendarDateType extends Type<string | null | undefined, string | null | undefined> {
  override convertToDatabaseValue(value: unknown): string | null | undefined {
    if (value == null) return value as null | undefined;
    return toCalendarDate(value);
  }

  override convertToJSValue(value: unknown): string | null | undefined {
    if (value == null) return value as null | undefined;
    return toCalendarDate(value);
  }

  override compareAsType(): string {
    return 'string';
  }

  override ensureComparable(): boolean {
    return false;
  }

  override getColumnType(_prop: EntityProperty, _platform: Platform): string {
    return 'date';
  }
}

/** `@Property(calendarDate())`: a `date` column read and written as `YYYY-MM-DD`. */
export const calendarDate = (options: { nullable?: boolean } = {}) => ({
  type: CalendarDateType,
  columnType: 'date',
  ...options,
});
