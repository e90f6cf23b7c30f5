import { PlaceKind, Freshness } from './place.enums';
import type { Vocabulary } from './vocabularies';

/** Typologies in priority order: the first one a place has decides its map kind. */
const KIND_BY_TYPOLOGIE: [string, PlaceKind][] = [
  ['RFS', PlaceKind.FRANCE_SERVICES],
  ['MSAP', PlaceKind.FRANCE_SERVICES],
  ['TIERS_LIEUX', PlaceKind.TIERS_LIEU],
  ['FABLAB', PlaceKind.TIERS_LIEU],
  ['CMS', PlaceKind.CMS],
  ['MDS', PlaceKind.CMS],
  ['CDAS', PlaceKind.CMS],
  ['BIB', PlaceKind.MEDIATHEQUE],
  ['EPN', PlaceKind.EPN],
  ['LA_POSTE', PlaceKind.POST_OFFICE],
  ['MUNI', PlaceKind.MAIRIE],
  ['CCAS', PlaceKind.MAIRIE],
  ['CIAS', PlaceKind.MAIRIE],
  ['CAF', PlaceKind.SOCIAL_PROTECTION],
  ['CPAM', PlaceKind.SOCIAL_PROTECTION],
  ['MSA', PlaceKind.SOCIAL_PROTECTION],
  ['FT', PlaceKind.EMPLOYMENT],
  ['ML', PlaceKind.EMPLOYMENT],
  ['CAP_EMPLOI', PlaceKind.EMPLOYMENT],
  ['MDE', PlaceKind.EMPLOYMENT],
  ['AFPA', PlaceKind.TRAINING],
  ['OF', PlaceKind.TRAINING],
  ['CFP', PlaceKind.TRAINING],
  ['ASSO', PlaceKind.ASSOCIATION],
];

export function kindFromTypologies(typologies: readonly string[]): PlaceKind {
  for (const [code, kind] of KIND_BY_TYPOLOGIE) if (typologies.includes(code)) return kind;
  return PlaceKind.OTHER;
}

const MONTH_MS = 30.4375 * 24 * 3600 * 1000;

/** Freshness of `date_maj` (YYYY-MM-DD) as seen at `now`. */
export function freshnessOf(updatedOn: string, now: Date = new Date()): Freshness {
  const months = (now.getTime() - Date.parse(`${updatedOn}T00:00:00Z`)) / MONTH_MS;
  if (months > 18) return Freshness.TO_UPDATE;
  if (months >= 12) return Freshness.TO_CHECK;
  return Freshness.FRESH;
}

/** The comparison form of a label: straight apostrophes, single spaces, no space before "(", case-folded. */
function labelKey(label: string): string {
  return label
    .normalize('NFC')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)/g, ')')
    .trim()
    .toLocaleLowerCase('fr');
}

const lookups = new Map<Vocabulary, Map<string, string>>();

/**
 * Maps a value as partners write it (curly apostrophes, extra spaces, "Étapes numériques (La Poste)", any case)
 * to the standard's exact label; null when it is not in the vocabulary.
 */
export function normaliseLabel(vocabulary: Vocabulary, raw: string): string | null {
  let lookup = lookups.get(vocabulary);
  if (!lookup) {
    lookup = new Map(Object.values(vocabulary).map((label) => [labelKey(label), label]));
    lookups.set(vocabulary, lookup);
  }
  return lookup.get(labelKey(raw)) ?? null;
}

/** Splits a `|`-separated standard field and normalises each value; unknown values are returned apart. */
export function parseLabelList(
  vocabulary: Vocabulary,
  raw: string | undefined | null,
): { labels: string[]; unknown: string[] } {
  const labels: string[] = [];
  const unknown: string[] = [];
  for (const part of (raw ?? '')
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const label = normaliseLabel(vocabulary, part);
    if (label === null) unknown.push(part);
    else if (!labels.includes(label)) labels.push(label);
  }
  return { labels, unknown };
}
