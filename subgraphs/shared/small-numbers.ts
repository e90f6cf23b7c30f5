import type { Viewer } from '../../common/auth';
import { intFromEnv } from '../../common/config';

/**
 * Statistical secrecy of public indicators: an anonymous caller never sees a count from 1 to
 * SMALL_NUMBER_THRESHOLD - 1 (default 5, so 1 to 4; 0 turns it off). Such a figure reads null and its path is
 * listed in the object's `withheld`; so do the figures derived from it (an amount, hours, a rate), which would give
 * it away. Zero is shown: it reveals nobody. Any token (partner, analyst, préfecture, admin) sees exact figures.
 */
export function smallNumberThreshold(): number {
  return intFromEnv('SMALL_NUMBER_THRESHOLD', 5, 0, 1000);
}

export const WITHHELD_DESCRIPTION =
  'Paths of the figures withheld for statistical secrecy (anonymous callers only): a count from 1 to SMALL_NUMBER_THRESHOLD - 1 (default 4) and the figures derived from it read null and are listed here, `field` or `list.index.field` as in GraphQL paths (e.g. `topThemes.2.accompaniments`). Empty for callers with a token.';

export const WITHHELD_FIGURE = 'Null when withheld for statistical secrecy (see `withheld`).';

/** How an indicator's figures derive from its counts: figure -> the count it reveals. */
export type DerivedFigures = Record<string, string>;

const isSmall = (value: unknown, threshold: number) =>
  typeof value === 'number' && value > 0 && value < threshold;

function secretOf(
  object: Record<string, unknown>,
  derived: DerivedFigures,
  threshold: number,
  prefix: string,
  withheld: string[],
): Record<string, unknown> {
  const copy = { ...object };
  const small = new Set(
    Object.keys(copy).filter(
      (k) => !(k in derived) && Number.isInteger(copy[k]) && isSmall(copy[k], threshold),
    ),
  );
  for (const [figure, count] of Object.entries(derived))
    if (small.has(count) && figure in copy) small.add(figure);
  for (const key of Object.keys(copy)) {
    if (small.has(key)) {
      copy[key] = null;
      withheld.push(`${prefix}${key}`);
    }
  }
  return copy;
}

/**
 * The indicator object as `viewer` may see it: `withheld` empty for a token, small counts nulled and listed for the
 * public. `rows` names the lists of the object (their rows are checked too).
 */
export function withSmallNumbers<T extends object>(
  viewer: Viewer,
  stats: T,
  derived: DerivedFigures,
  rows: Record<string, string | undefined> = {},
): T {
  const threshold = smallNumberThreshold();
  if (viewer.role !== 'public' || threshold <= 1) return { ...stats, withheld: [] };
  const withheld: string[] = [];
  const copy = secretOf(stats as Record<string, unknown>, derived, threshold, '', withheld);
  for (const [list, key] of Object.entries(rows)) {
    if (!key || !Array.isArray(copy[list])) continue;
    copy[list] = (copy[list] as Record<string, unknown>[]).map((row, index) =>
      secretOf(row, derived, threshold, `${list}.${index}.`, withheld),
    );
  }
  return { ...copy, withheld } as T;
}
