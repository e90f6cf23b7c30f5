import type { EntityManager } from '@mikro-orm/postgresql';
import { EARTH_CUBE_OF_PLACE, chordOf, unitVectorOf } from '../place.geo';
import type { PlaceFilter } from '../place.filter';
import { applyFilter, distanceSql } from './filter';
import { SCHEDULE_HASH_COLUMN, whereScheduleMayBeOpen } from './schedules';
import { compareKey, type SortKey } from './sort-key';

/** The largest chunk a walk grows to (places read in one statement). */
const MAX_CHUNK = 4096;

/**
 * The places matching a filter within `near`'s radius, nearest first, in (distance, id) order, after a keyset
 * cursor: chunks of the KNN walk of `place_earth_index`, each a statement reading about `chunk` index entries.
 * A chunk ends on a distance that more places may share: those are left for the next chunk, which starts at
 * that distance, so that ties come whole and in id order. Chunks double as the walk goes on (to MAX_CHUNK).
 * With `closedSchedules` (a search open at an instant): only places with a schedule, but none of those closed, each
 * row with its schedule's hash (search/schedules.ts).
 */
export async function* nearestFirst(
  em: EntityManager,
  filter: PlaceFilter,
  near: NonNullable<PlaceFilter['near']>,
  columns: string[],
  afterKey: SortKey | null,
  wanted: number,
  closedSchedules?: readonly string[],
): AsyncGenerator<Record<string, unknown>> {
  const knex = em.getKnex();
  const radius = near.radiusKm * 1000;
  const sortExpr = distanceSql(knex, near.latitude, near.longitude);
  const [x, y, z] = unitVectorOf(near.latitude, near.longitude);
  const chord = `${EARTH_CUBE_OF_PLACE} operator(public.<->) public.cube(array[?, ?, ?]::float8[])`;
  // Rounding: a chord computed in JS may differ from PostgreSQL's in the last bits; start a hair before.
  let from = afterKey ? Math.max(0, chordOf(Number(afterKey[0])) - 1e-12) : 0;
  let chunk = Math.max(4, wanted * 2);
  // Past the radius: a chord longer than the radius's (by a hair, for rounding).
  const bound = chordOf(radius) + 1e-9;
  for (;;) {
    // Located places (the index's predicate, so at the top level), matching the filter or past the radius: a walk
    // that finds no more matches within the radius reads on to the first place past it, where the caller stops,
    // instead of through the whole table. (A bound as an index condition would make the planner expect a few rows
    // and sort every place of the radius instead of walking the index.)
    const qb = knex('place as p').whereNotNull('p.latitude').whereNotNull('p.longitude');
    qb.where((walk) =>
      walk
        .where((matching) => {
          // Never an empty group: knex would drop it and leave only "past the radius".
          matching.whereNotNull('p.latitude');
          applyFilter(knex, matching, filter, { near: false });
          if (closedSchedules) whereScheduleMayBeOpen(matching, closedSchedules);
        })
        .orWhereRaw(`${chord} > ?`, [x, y, z, bound]),
    );
    if (from > 0) qb.whereRaw(`${chord} >= ?`, [x, y, z, from]);
    const rows = await em.execute<Record<string, unknown>[]>(
      qb
        .select(
          ...columns.map((c) => `p.${c}`),
          knex.raw('? as sort_key', [sortExpr]),
          knex.raw(`${chord} as chord`, [x, y, z]),
          ...(closedSchedules ? [knex.raw(SCHEDULE_HASH_COLUMN)] : []),
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
    // Each chunk walks the index again from the nearest entry up to `from`: when the caller keeps asking (open
    // now rejects most places at night), chunks double, so that a walk costs a few statements, not dozens.
    chunk = Math.min(chunk * 2, MAX_CHUNK);
  }
}
