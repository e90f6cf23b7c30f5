import type { Period } from './period';

/**
 * Identity of indicator objects (PlaceStats, MediationStats, TrainingStats, PassStats, the organizations' pass stats
 * and the rows of their lists). Their figures depend on the territory (or organization), the period and the kind of
 * indicator, so those make the id: a normalized client cache (Apollo Client's InMemoryCache) then stores one object
 * per (kind, territory, period) and merges the fields of every query that asks for it, instead of replacing the
 * figures of a larger query (the FNE report) with those of a smaller one.
 */
export const INDICATOR_ID =
  'Stable identity of these figures, `<type>:<territory level>:<code>:<from>..<to>` (e.g. `PassStats:epci:200068120:2026-01-01..2026-12-31`): the same territory, period and kind always give the same id, so a client cache merges every answer for them.';

export const ORGANIZATION_INDICATOR_ID =
  'Stable identity of these figures, `<type>:organization:<organization id>`: a client cache merges every answer for them.';

export const INDICATOR_ROW_ID =
  'Stable identity of this row: the id of the indicator object that holds it, then its key (`…:<kind>`).';

/** An indicator object as its loader computes it: without the ids, which `identified` adds, nor `withheld`. */
export type Figures<T> = {
  [K in Exclude<keyof T, 'id' | 'withheld'>]: T[K] extends readonly (infer R)[] ? Omit<R, 'id'>[] : T[K];
};

/** The id of an indicator object of a territory over a period. */
export function indicatorId(type: string, level: string, code: string, period?: Period): string {
  return `${type}:${level}:${code}${period ? `:${period.from}..${period.to}` : ''}`;
}

/**
 * A copy of an indicator object (shared by a request's DataLoader) with its id, and with an id on each row of the
 * lists named in `rows` (list field -> the row's key field).
 */
export async function identified<T extends { id: string }>(
  id: string,
  stats: Figures<T> | Promise<Figures<T>>,
  rows: Partial<Record<keyof T, string>> = {},
): Promise<T> {
  const value = await stats;
  const copy: Record<string, unknown> = { ...value, id };
  for (const [field, key] of Object.entries(rows) as [string, string][]) {
    const list = copy[field] as Record<string, unknown>[];
    copy[field] = list.map((row) => ({ ...row, id: `${id}:${String(row[key])}` }));
  }
  return copy as T;
}
