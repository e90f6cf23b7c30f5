import communesData from '../../reference/communes-47.json';
import type { ReferenceCommune } from '../../reference/communes';

/** One intercommunalité (EPCI) as the reference file describes it, with its member communes of département 47. */
export interface ReferenceEpci {
  siren: string;
  nom: string;
  type: string;
  communes: ReferenceCommune[];
}

// The JSON is a verbatim copy of shared/reference/communes-47-lot-et-garonne.json: freeze it so no caller edits it.
const COMMUNES: readonly ReferenceCommune[] = Object.freeze(
  (communesData as ReferenceCommune[]).map((c) =>
    Object.freeze({ ...c, codes_postaux: [...c.codes_postaux] }),
  ),
);

const BY_INSEE = new Map(COMMUNES.map((c) => [c.code_insee, c]));

/** The 319 communes of Lot-et-Garonne, in INSEE code order (fresh copies: callers may mutate them). */
export function referenceCommunes(): ReferenceCommune[] {
  return COMMUNES.map((c) => ({ ...c, codes_postaux: [...c.codes_postaux] }));
}

/** A commune by INSEE code; throws on an unknown code so that a typo in the catalog fails loudly. */
export function communeByInsee(inseeCode: string): ReferenceCommune {
  const commune = BY_INSEE.get(inseeCode);
  if (!commune) throw new Error(`Unknown INSEE code in département 47: ${inseeCode}`);
  return commune;
}

/** The INSEE code of a commune by its exact name; throws when the name is not one of the 319. */
export function inseeOf(nom: string): string {
  const commune = COMMUNES.find((c) => c.nom === nom);
  if (!commune) throw new Error(`Unknown commune of département 47: ${nom}`);
  return commune.code_insee;
}

/** The 12 EPCIs, in order of first appearance, each with its member communes of département 47. */
export function referenceEpcis(): ReferenceEpci[] {
  const epcis = new Map<string, ReferenceEpci>();
  for (const c of COMMUNES) {
    let epci = epcis.get(c.epci_siren);
    if (!epci) {
      epci = { siren: c.epci_siren, nom: c.epci_nom, type: c.epci_type, communes: [] };
      epcis.set(c.epci_siren, epci);
    }
    epci.communes.push(c);
  }
  return [...epcis.values()];
}

/**
 * The EPCI's head-office commune, approximated by its most populous member commune in 47: the reference file
 * does not give head offices, and for the CC des Deux Rives the real one (Valence, 82) is outside the département.
 */
export function epciSeatInsee(epci: ReferenceEpci): string {
  return epci.communes.reduce((a, b) => (b.population_municipale > a.population_municipale ? b : a))
    .code_insee;
}

/** "de Nérac", "d'Agen", "du Passage", "des …": the French preposition before a commune's name. */
export function deCommune(nom: string): string {
  if (nom.startsWith('Le ')) return `du ${nom.slice(3)}`;
  if (nom.startsWith('Les ')) return `des ${nom.slice(4)}`;
  // Elide before a vowel only: "Houeillès" and "Hautefage" take an aspirated h, so "de Houeillès".
  if (/^[AEIOUYÀÂÉÈÊÎÔÛ]/.test(nom)) return `d'${nom}`;
  return `de ${nom}`;
}

/** A lower-case ASCII slug of a name, for keys, e-mail local parts and generated host names. */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
