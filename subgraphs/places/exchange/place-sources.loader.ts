import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgTextArray } from '../../shared/sql';
import type { PlaceSource } from './exchange.types';

/** A place's source records, batched: one query per request for every place asked. */
export function createPlaceSourcesLoader(em: EntityManager) {
  return new DataLoader<string, PlaceSource[]>(async (ids) => {
    const rows = await em.execute<Record<string, any>[]>(
      `select place_id::text as place_id, source, source_id, (extract(epoch from imported_at) * 1000)::float8 as imported_at, file, row_number, import_id::text as import_id
       from place_source where place_id = any(?::uuid[]) order by imported_at, source, source_id`,
      [pgTextArray(ids)],
    );
    return ids.map((id) =>
      rows
        .filter((r) => r.place_id === id)
        .map((r) => ({
          source: r.source,
          sourceId: r.source_id,
          importedAt: new Date(Number(r.imported_at)),
          file: r.file,
          row: r.row_number,
          importId: r.import_id,
        })),
    );
  });
}
