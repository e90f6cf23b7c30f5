import type { EntityManager } from '@mikro-orm/postgresql';

/** Rows per INSERT: one JSON parameter each, so PostgreSQL's 65,535 bind-parameter limit never applies. */
export const BULK_CHUNK = 5000;

type Row = Record<string, unknown>;

/**
 * Inserts rows in chunks of `BULK_CHUNK`, each as ONE JSON parameter expanded by `json_populate_recordset`
 * (far cheaper to bind and parse than a multi-row VALUES list); rows come from any iterable, so a seeder can
 * generate millions lazily. Conflicts on `key` are skipped; returns the number of rows inserted.
 */
export async function bulkInsert(
  em: EntityManager,
  table: string,
  key: string | string[],
  rows: Iterable<Row>,
): Promise<number> {
  let inserted = 0;
  let chunk: Row[] = [];
  let pending: Promise<void> = Promise.resolve();
  const insert = async (rows: Row[]) => {
    const columns = Object.keys(rows[0]).join(', ');
    const result = await em.execute(
      `insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, ?::json)
       on conflict (${([] as string[]).concat(key).join(', ')}) do nothing returning 1`,
      [JSON.stringify(rows)],
    );
    // PGlite may answer a statement as a list of results: count the rows inside.
    inserted += (result as unknown[]).flat().length;
  };
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length < BULK_CHUNK) continue;
    // The database inserts one chunk while the next is generated; at most one chunk waits.
    await pending;
    pending = insert(chunk);
    chunk = [];
  }
  await pending;
  if (chunk.length) await insert(chunk);
  return inserted;
}
