import communes from '../../../reference/communes-47.json';
import { openingHoursError } from '../../shared/opening-hours';
import { isValidRna, isValidSiren, isValidSiret } from '../../shared/siret';
import { foldForSearch } from '../../shared/text';
import { isHttpUrl } from '../../shared/validation';
import { checkStandardRecord, type CellProblem } from '../exchange/table-schema';
import { normaliseLabel } from '../place/place.vocabulary';
import * as V from '../place/vocabularies';
import type { Vocabulary } from '../place/vocabularies';
import { groupBy } from '../../../common/group-by';

/** What normalisation changed in a cell, so that the partner can fix the source. */
export interface CellChange {
  field: string;
  from: string;
  to: string;
  why: string;
}

const LIST_VOCABULARIES: Record<string, Vocabulary> = {
  itinerance: V.ITINERANCE,
  services: V.SERVICES,
  publics_specifiquement_adresses: V.PUBLICS,
  prise_en_charge_specifique: V.PRISE_EN_CHARGE_SPECIFIQUE,
  frais_a_charge: V.FRAIS_A_CHARGE,
  dispositif_programmes_nationaux: V.DISPOSITIF_PROGRAMMES_NATIONAUX,
  formations_labels: V.FORMATIONS_LABELS,
  modalites_acces: V.MODALITES_ACCES,
  modalites_accompagnement: V.MODALITES_ACCOMPAGNEMENT,
};

const folded = new Map<Vocabulary, Map<string, string>>();

/** A vocabulary value written without its accents or punctuation ("aide aux demarches administratives"). */
function foldedLabel(vocabulary: Vocabulary, raw: string): string | null {
  let lookup = folded.get(vocabulary);
  if (!lookup) {
    lookup = new Map(
      Object.values(vocabulary).map((label) => [foldForSearch(label.replace(/[’']/g, ' ')), label]),
    );
    folded.set(vocabulary, lookup);
  }
  return lookup.get(foldForSearch(raw.replace(/[’']/g, ' '))) ?? null;
}

/** A French number as partners write it (05 53 69 00 00, 0033 5…, +33 (0)5…) in the standard's +33… form. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s.\-()/]/g, '');
  if (/^\+(33|590|594|262|596|269|687|689|508|681)\d{6,9}$/.test(compact)) return compact;
  const national = /^(?:\+33|0033)0?(\d{9})$/.exec(compact) ?? /^0(\d{9})$/.exec(compact);
  return national ? `+33${national[1]}` : null;
}

/**
 * Fixes what real files get wrong before judging: stray spaces, curly quotes, case and accents of vocabulary
 * values, French phone numbers, decimal commas in coordinates, DD/MM/YYYY dates. Each fix is reported.
 */
export function normaliseRecord(input: Record<string, string>): {
  cells: Record<string, string>;
  changes: CellChange[];
} {
  const cells: Record<string, string> = {};
  const changes: CellChange[] = [];
  const set = (field: string, to: string, why: string) => {
    if (to !== cells[field]) changes.push({ field, from: input[field], to, why });
    cells[field] = to;
  };
  for (const [field, raw] of Object.entries(input)) {
    const value = (raw ?? '').replace(/\u00a0/g, ' ').trim();
    cells[field] = raw ?? '';
    if (value !== cells[field]) set(field, value, 'spaces around the value removed');
  }
  for (const [field, vocabulary] of Object.entries(LIST_VOCABULARIES)) {
    const value = cells[field];
    if (!value) continue;
    const parts = value
      .split('|')
      .map((p) => p.trim())
      .filter(Boolean);
    const mapped = parts.map((p) => normaliseLabel(vocabulary, p) ?? foldedLabel(vocabulary, p) ?? p);
    const joined = [...new Set(mapped)].join('|');
    if (joined !== value) set(field, joined, 'values written as the standard spells them');
  }
  if (cells.telephone) {
    const phone = normalisePhone(cells.telephone);
    if (phone && phone !== cells.telephone) set('telephone', phone, 'phone number written in +33 form');
  }
  for (const field of ['latitude', 'longitude']) {
    if (/^-?\d+,\d+$/.test(cells[field] ?? ''))
      set(field, cells[field].replace(',', '.'), 'decimal comma read as a dot');
  }
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cells.date_maj ?? '');
  if (french)
    set('date_maj', `${french[3]}-${french[2]}-${french[1]}`, 'date read as DD/MM/YYYY (a guess: check it)');
  if (cells.pivot && /^[\d ]+$/.test(cells.pivot) && cells.pivot.includes(' '))
    set('pivot', cells.pivot.replace(/ /g, ''), 'spaces removed from the SIRET');
  if (/^\d{4}$/.test(cells.code_postal ?? ''))
    set('code_postal', `0${cells.code_postal}`, 'leading zero restored');
  return { cells, changes };
}

interface CommuneRef {
  code_insee: string;
  nom: string;
  codes_postaux: string[];
  departement: string;
}
const COMMUNES = new Map((communes as CommuneRef[]).map((c) => [c.code_insee, c]));
const BY_POSTAL = groupBy(
  [...COMMUNES.values()].flatMap((c) => c.codes_postaux.map((postal) => ({ postal, c }))),
  (p) => p.postal,
  (p) => p.c,
);

/** Where a record stands with the territory reference. */
export type TerritoryVerdict =
  | { kind: 'inside'; inseeCode: string; communeName: string }
  | { kind: 'outside'; reason: string }
  | { kind: 'incoherent'; problem: CellProblem };

/**
 * INSEE code ↔ postal code ↔ commune against the territory reference (the communes of département 47). A
 * missing INSEE code is looked up from the postal code and commune name; a record elsewhere is outside.
 */
export function checkTerritory(cells: Record<string, string>, departement?: string): TerritoryVerdict {
  const postal = cells.code_postal ?? '';
  const insee = cells.code_insee ?? '';
  const dept = insee ? insee.slice(0, 2) : postal.slice(0, 2);
  if (departement && dept !== departement)
    return { kind: 'outside', reason: `not in département ${departement}` };
  if (insee) {
    const commune = COMMUNES.get(insee);
    if (!commune) {
      if (insee.startsWith('47'))
        return {
          kind: 'incoherent',
          problem: {
            field: 'code_insee',
            value: insee,
            problem: 'is not the INSEE code of a commune of Lot-et-Garonne',
          },
        };
      return {
        kind: 'outside',
        reason: `commune ${insee} is outside the territory of the hub (département 47)`,
      };
    }
    if (!commune.codes_postaux.includes(postal))
      return {
        kind: 'incoherent',
        problem: {
          field: 'code_postal',
          value: postal,
          problem: `is not a postal code of ${commune.nom} (INSEE ${insee}): expected ${commune.codes_postaux.join(' or ')}`,
        },
      };
    return { kind: 'inside', inseeCode: insee, communeName: commune.nom };
  }
  const candidates = BY_POSTAL.get(postal) ?? [];
  if (!candidates.length)
    return { kind: 'outside', reason: `postal code ${postal} is outside the territory of the hub` };
  const name = foldForSearch(cells.commune ?? '');
  const match =
    candidates.length === 1 ? candidates[0] : candidates.find((c) => foldForSearch(c.nom) === name);
  if (!match)
    return {
      kind: 'incoherent',
      problem: {
        field: 'code_insee',
        value: '',
        problem: `is empty and postal code ${postal} covers several communes (${candidates.map((c) => c.nom).join(', ')}): give the INSEE code`,
      },
    };
  return { kind: 'inside', inseeCode: match.code_insee, communeName: match.nom };
}

const TYPOLOGIE_CODES = new Set(Object.keys(V.TYPOLOGIES));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem of a normalised record: the Table Schema's constraints, then what the hub needs on top. */
export function checkRecord(cells: Record<string, string>): CellProblem[] {
  const problems = checkStandardRecord(cells);
  const add = (field: string, problem: string) =>
    problems.push({ field, value: cells[field] ?? '', problem });
  const pivot = cells.pivot ?? '';
  if (/^\d{14}$/.test(pivot) && !isValidSiret(pivot))
    add(
      'pivot',
      'is not a valid SIRET: its check digit is wrong (INSEE Luhn rule); copy it again from the SIRENE directory',
    );
  else if (/^\d{9}$/.test(pivot) && !isValidSiren(pivot))
    add('pivot', 'is not a valid SIREN: its check digit is wrong (INSEE Luhn rule)');
  else if (/^[a-zA-Z0-9]{9,14}$/.test(pivot) && !/^\d+$/.test(pivot) && !isValidRna(pivot))
    add('pivot', 'is neither a SIRET, a SIREN nor an RNA number (W followed by 9 digits)');
  else if (/^\d+$/.test(pivot) && pivot.length !== 9 && pivot.length !== 14)
    add('pivot', 'must be a SIRET (14 digits) or a SIREN (9 digits)');
  const lat = Number(cells.latitude);
  const lon = Number(cells.longitude);
  if (cells.latitude && !Number.isNaN(lat) && (lat < -90 || lat > 90))
    add('latitude', 'must be between -90 and 90');
  if (cells.longitude && !Number.isNaN(lon) && (lon < -180 || lon > 180))
    add('longitude', 'must be between -180 and 180');
  if (Boolean(cells.latitude) !== Boolean(cells.longitude))
    add(
      cells.latitude ? 'longitude' : 'latitude',
      'latitude and longitude go together: give both or neither',
    );
  for (const code of (cells.typologie ?? '').split('|').filter(Boolean))
    if (!TYPOLOGIE_CODES.has(code))
      add('typologie', `"${code}" is not a data·inclusion structure type code (e.g. TIERS_LIEUX, MUNI, BIB)`);
  for (const email of (cells.courriels ?? '').split('|').filter(Boolean))
    if (!EMAIL.test(email)) add('courriels', `"${email}" is not an e-mail address`);
  for (const field of ['site_web', 'fiche_acces_libre', 'prise_rdv'])
    for (const url of (cells[field] ?? '').split('|').filter(Boolean))
      if (!isHttpUrl(url)) add(field, `"${url}" is not a web address starting with http:// or https://`);
  if (cells.horaires) {
    const error = openingHoursError(cells.horaires);
    if (error)
      add('horaires', `is not in OpenStreetMap opening_hours syntax (e.g. "Mo-Fr 09:00-12:00"): ${error}`);
  }
  for (const field of ['nom', 'adresse', 'commune', 'complement_adresse', 'structure_parente', 'source'])
    if ((cells[field] ?? '').length > 300) add(field, 'is over 300 characters');
  if ((cells.id ?? '').length > 200) add('id', 'is over 200 characters');
  for (const label of (cells.autres_formations_labels ?? '').split('|'))
    if (label.length > 200) add('autres_formations_labels', 'each label is at most 200 characters');
  return problems;
}
