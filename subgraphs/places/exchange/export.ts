import type { EntityManager } from '@mikro-orm/postgresql';
import { readOnlyMapper } from '../../shared/read-only';
import { Place } from '../place/place.entity';
import { toStandardRecord } from '../place/place.standard';
import { toDataInclusionServices, toDataInclusionStructure } from './data-inclusion';
import { STANDARD_FIELD_NAMES } from './table-schema';

const BATCH = 1000;

/**
 * Every place in id order, a page at a time (keyset): memory stays flat whatever the table size. Rows become
 * read-only plain places (no identity map, no change tracking): an export only reads.
 */
export async function* allPlaces(em: EntityManager): AsyncGenerator<Place> {
  const mapper = readOnlyMapper(em, Place);
  const columns = mapper.columns.map((c) => `"${c}"`).join(', ');
  let after: string | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = await em.execute(
      `select ${columns} from place ${after ? 'where id > ?' : ''} order by id limit ${BATCH}`,
      after ? [after] : [],
    );
    for (const row of rows) yield mapper.map(row);
    if (rows.length < BATCH) return;
    after = String(rows[rows.length - 1].id);
  }
}

/** One CSV cell (RFC 4180): quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value == null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The national standard's record of a place, with its fields in the schema's order. */
export function standardRecord(place: Place): Record<string, string | number | null> {
  const record = toStandardRecord(place);
  return Object.fromEntries(STANDARD_FIELD_NAMES.map((name) => [name, record[name] ?? null]));
}

/** The national standard as CSV: header row, then one line per place. */
export async function* standardCsv(em: EntityManager): AsyncGenerator<string> {
  yield `${STANDARD_FIELD_NAMES.join(',')}\r\n`;
  let lines: string[] = [];
  for await (const place of allPlaces(em)) {
    const record = standardRecord(place);
    lines.push(STANDARD_FIELD_NAMES.map((name) => csvCell(record[name])).join(','));
    if (lines.length === BATCH) {
      yield `${lines.join('\r\n')}\r\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\r\n')}\r\n`;
}

/** A JSON array streamed an element at a time. */
async function* jsonArray<T>(items: AsyncIterable<T>): AsyncGenerator<string> {
  let first = true;
  let chunk = '[';
  for await (const item of items) {
    chunk += `${first ? '\n' : ',\n'}${JSON.stringify(item)}`;
    first = false;
    if (chunk.length > 64_000) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]\n`;
}

async function* mapped<T>(em: EntityManager, map: (place: Place) => T[]): AsyncGenerator<T> {
  for await (const place of allPlaces(em)) yield* map(place);
}

/** The exports, by file name under /exports/. */
export const EXPORTS: Record<
  string,
  { contentType: string; body: (em: EntityManager) => AsyncIterable<string> }
> = {
  'lieux-mediation-numerique.csv': { contentType: 'text/csv; charset=utf-8', body: standardCsv },
  'lieux-mediation-numerique.json': {
    contentType: 'application/json; charset=utf-8',
    body: (em) => jsonArray(mapped(em, (p) => [standardRecord(p)])),
  },
  'data-inclusion/structures.json': {
    contentType: 'application/json; charset=utf-8',
    body: (em) => jsonArray(mapped(em, (p) => [toDataInclusionStructure(p)])),
  },
  'data-inclusion/services.json': {
    contentType: 'application/json; charset=utf-8',
    body: (em) => jsonArray(mapped(em, toDataInclusionServices)),
  },
};

/**
 * What the exports are a function of: the last change of a place in the change log (written by triggers in the
 * writing transaction, deletions included), so a harvester's ETag / Last-Modified stays valid exactly as long.
 */
export async function exportVersion(em: EntityManager): Promise<{ etag: string; lastModified: Date }> {
  const [row] = await em.execute<{ seq: string | null; ms: string | null }[]>(
    `select seq::text as seq, (extract(epoch from changed_at) * 1000)::bigint::text as ms
     from place_change where entity = 'Place' order by seq desc limit 1`,
  );
  return { etag: `"places-${row?.seq ?? 0}"`, lastModified: new Date(Number(row?.ms ?? 0)) };
}
