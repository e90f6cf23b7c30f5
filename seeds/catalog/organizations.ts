import { hashSeed, prng, stableId } from '../ids';
import { isValidSiret, luhnValid } from '../../subgraphs/shared/siret';
import { deCommune, epciSeatInsee, inseeOf, referenceCommunes, referenceEpcis } from './communes';
import type { SeedOrganization } from './types';
import type { OrganizationRoleCode } from '../../reference/organization-vocabularies';
import type { OrganizationKindCode } from '../../reference/organization-vocabularies';

/** How the catalog describes a non-territorial organization; SIRET, id and source are derived from it. */
interface OrganizationSpec {
  key: string;
  name: string;
  kind: OrganizationKindCode;
  roles: OrganizationRoleCode[];
  /** Head-office commune, by its exact name in the reference file. */
  commune: string;
  conventionSignatory?: boolean;
  website?: string;
  /** A real SIREN when it is known; the NIC is then generated. */
  siren?: string;
  /** Leading digits of a generated SIREN, to mimic INSEE's ranges (1 State, 2 local bodies, 4–5 associations…). */
  sirenPrefix?: string;
  /** Small associations known only by a (generated) RNA number, as in many partners' exports. */
  rnaOnly?: boolean;
}

/** La Poste's SIREN (real); its establishments follow INSEE's digit-sum rule instead of Luhn. */
export const LA_POSTE_SIREN = '356000000';

/**
 * The Département's SIREN, from INSEE's pattern for départements (22 + code + 0001 + Luhn digit, as in Nord's
 * 225900018): inferred, not looked up, so the organization still carries source 'generated'.
 */
export const DEPARTEMENT_SIREN = '224700013';

const DEFAULT_SIREN_PREFIX: Record<OrganizationKindCode, string> = {
  STATE: '1747',
  DEPARTEMENT: '2247',
  EPCI: '2447',
  COMMUNE: '2147',
  SOCIAL_PROTECTION: '78',
  EMPLOYMENT_SERVICE: '13',
  PUBLIC_ESTABLISHMENT: '18',
  COMPANY: '9',
  ASSOCIATION: '4',
  FOUNDATION: '4',
  TRAINING_ORGANIZATION: '8',
  OTHER: '7',
};

/**
 * The 14 partners that signed the déClic47 convention (DESIGN.md §1). With the Département, which carries the
 * convention and co-signs it, that makes the 15 signatories.
 */
const CONVENTION_PARTNERS: OrganizationSpec[] = [
  {
    key: 'caf-47',
    name: 'CAF de Lot-et-Garonne',
    kind: 'SOCIAL_PROTECTION',
    roles: ['PRESCRIBER', 'FUNDER', 'EMPLOYER'],
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://www.caf.fr',
  },
  {
    key: 'msa-dordogne-lot-et-garonne',
    name: 'MSA Dordogne Lot-et-Garonne',
    kind: 'SOCIAL_PROTECTION',
    roles: ['PRESCRIBER', 'FUNDER', 'EMPLOYER'],
    // Its seat is in Périgueux (24); the Agen site is the one that acts in 47.
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://dordogne-lot-et-garonne.msa.fr',
  },
  {
    key: 'cpam-47',
    name: 'CPAM de Lot-et-Garonne',
    kind: 'SOCIAL_PROTECTION',
    roles: ['PRESCRIBER', 'FUNDER', 'EMPLOYER'],
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://www.ameli.fr',
  },
  {
    key: 'france-travail-47',
    name: 'France Travail (ex-Pôle emploi) Lot-et-Garonne',
    kind: 'EMPLOYMENT_SERVICE',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://www.francetravail.fr',
  },
  {
    key: 'carsat-aquitaine',
    name: 'CARSAT Aquitaine',
    kind: 'SOCIAL_PROTECTION',
    roles: ['FUNDER'],
    // Seat in Bordeaux (33); attached to its Agen retirement office.
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://www.carsat-aquitaine.fr',
  },
  {
    key: 'cnsa',
    name: "CNSA (Caisse nationale de solidarité pour l'autonomie)",
    kind: 'PUBLIC_ESTABLISHMENT',
    // It funds through the Conférence des financeurs, which holds the FUNDER role here.
    roles: [],
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://www.cnsa.fr',
  },
  {
    key: 'fondation-orange',
    name: 'Fondation Orange',
    kind: 'FOUNDATION',
    roles: [],
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://www.fondationorange.com',
  },
  {
    key: 'la-poste',
    name: 'La Poste',
    kind: 'COMPANY',
    roles: ['FUNDER', 'EMPLOYER'],
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://www.laposte.fr',
    siren: LA_POSTE_SIREN,
  },
  {
    key: 'sncf',
    name: 'SNCF',
    kind: 'COMPANY',
    roles: [],
    commune: 'Agen',
    conventionSignatory: true,
    website: 'https://www.sncf.com',
    sirenPrefix: '55',
  },
  {
    key: 'mutualite-francaise-47',
    name: 'Mutualité Française Lot-et-Garonne',
    kind: 'OTHER',
    roles: ['PRESCRIBER'],
    commune: 'Agen',
    conventionSignatory: true,
  },
  {
    key: 'cap-emploi-47',
    name: 'Cap Emploi 47',
    kind: 'EMPLOYMENT_SERVICE',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Agen',
    conventionSignatory: true,
    sirenPrefix: '4',
  },
  {
    key: 'mission-locale-agenais',
    name: "Mission locale de l'Agenais, de l'Albret et du Confluent",
    kind: 'EMPLOYMENT_SERVICE',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Agen',
    conventionSignatory: true,
    sirenPrefix: '4',
  },
  {
    key: 'mission-locale-moyenne-garonne',
    name: 'Mission locale de la Moyenne Garonne',
    kind: 'EMPLOYMENT_SERVICE',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Marmande',
    conventionSignatory: true,
    sirenPrefix: '4',
  },
  {
    key: 'mission-locale-villeneuvois',
    name: 'Mission locale du Villeneuvois et du Haut Lot',
    kind: 'EMPLOYMENT_SERVICE',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Villeneuve-sur-Lot',
    conventionSignatory: true,
    sirenPrefix: '4',
  },
];

/** Public bodies that run, fund or operate the programme without being among the 14 partners. */
const PUBLIC_BODIES: OrganizationSpec[] = [
  {
    key: 'departement-47',
    name: 'Département de Lot-et-Garonne',
    kind: 'DEPARTEMENT',
    // Prescribes through its centres médico-sociaux.
    roles: ['PRESCRIBER', 'FUNDER', 'EMPLOYER'],
    commune: 'Agen',
    // It runs déClic47 and signs the convention it carries: the 15th signatory.
    conventionSignatory: true,
    website: 'https://www.lotetgaronne.fr',
    siren: DEPARTEMENT_SIREN,
  },
  {
    key: 'prefecture-47',
    name: 'Préfecture de Lot-et-Garonne (État)',
    kind: 'STATE',
    roles: ['FUNDER'],
    commune: 'Agen',
    website: 'https://www.lot-et-garonne.gouv.fr',
  },
  {
    key: 'lgnum',
    name: 'Lot-et-Garonne Numérique (LGNum), syndicat mixte',
    kind: 'PUBLIC_ESTABLISHMENT',
    // Employs conseillers numériques whose workshops redeem passes.
    roles: ['EMPLOYER', 'QUALIFIED_TRAINER'],
    commune: 'Agen',
    sirenPrefix: '2547',
  },
  {
    key: 'docaposte',
    name: 'Docaposte (opérateur du Pass numérique)',
    kind: 'COMPANY',
    // Seat outside 47 (groupe La Poste); attached to Agen, where the programme is run.
    roles: [],
    commune: 'Agen',
    website: 'https://www.docaposte.com',
  },
  {
    key: 'conference-des-financeurs-47',
    name: "Conférence des financeurs de la prévention de la perte d'autonomie de Lot-et-Garonne",
    kind: 'OTHER',
    roles: ['FUNDER'],
    commune: 'Agen',
    // Not a legal person: chaired by the Département, so it is filed as one of its establishments.
    siren: DEPARTEMENT_SIREN,
  },
  {
    key: 'afpa-foulayronnes',
    name: "Afpa – centre d'Agen-Foulayronnes",
    kind: 'TRAINING_ORGANIZATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Foulayronnes',
    website: 'https://www.afpa.fr',
  },
  {
    key: 'campus-numerique-47',
    name: 'Campus numérique 47',
    // A groupement d'intérêt public (Département, Agglomération d'Agen, chambres consulaires).
    kind: 'PUBLIC_ESTABLISHMENT',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Agen',
    sirenPrefix: '13',
  },
];

/**
 * Associations and private structures. Real names where public sources give them (Audace/s runs Le Cocon in
 * Meilhan, La Fontaine runs tiers-lieux in Agen and Villeneuve); the others' names are generated.
 */
const ASSOCIATIONS_AND_PRIVATE: OrganizationSpec[] = [
  {
    key: 'asso:le-wez',
    name: 'Association Le Wez, tiers-lieu du Confluent',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Damazan',
  },
  {
    key: 'asso:co-clic-co',
    name: 'Association Co-Clic-Co',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Sérignac-sur-Garonne',
  },
  {
    key: 'asso:audace',
    name: 'Association Audace/s',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Meilhan-sur-Garonne',
    rnaOnly: true,
  },
  {
    key: 'asso:la-fontaine',
    name: 'Association La Fontaine',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Agen',
  },
  {
    key: 'asso:le-quai-marmande',
    name: 'Le Quai, tiers-lieu numérique marmandais',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Marmande',
  },
  {
    key: 'asso:atelier-grateloup',
    name: "L'Atelier de Grateloup",
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Grateloup-Saint-Gayrand',
    rnaOnly: true,
  },
  {
    key: 'asso:epn-albret',
    name: "Espace public numérique de l'Albret",
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Nérac',
  },
  {
    key: 'asso:cyber-espace-fumelois',
    name: 'Cyber-espace du Fumélois',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Fumel',
  },
  {
    key: 'asso:connectes-tonneinquais',
    name: 'Les Connectés du Tonneinquais',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Tonneins',
  },
  {
    key: 'asso:atelier-informatique-duras',
    name: 'Atelier informatique du Pays de Duras',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Duras',
    rnaOnly: true,
  },
  {
    key: 'asso:clic-et-lien-casteljaloux',
    name: 'Clic & Lien, EPN de Casteljaloux',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Casteljaloux',
  },
  {
    key: 'asso:generations-numeriques-47',
    name: 'Générations Numériques 47',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Villeneuve-sur-Lot',
  },
  {
    key: 'asso:compagnons-du-numerique',
    name: 'Les Compagnons du numérique',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER'],
    commune: "Penne-d'Agenais",
    rnaOnly: true,
  },
  {
    key: 'asso:recup-info-47',
    name: "Récup'Info 47, ressourcerie informatique",
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Marmande',
  },
  {
    key: 'asso:familles-rurales-47',
    name: 'Familles Rurales, fédération de Lot-et-Garonne',
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'PRESCRIBER', 'EMPLOYER'],
    commune: 'Agen',
  },
  {
    key: 'asso:ligue-enseignement-47',
    name: "Ligue de l'enseignement de Lot-et-Garonne",
    kind: 'ASSOCIATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Agen',
  },
  {
    key: 'asso:centre-social-marmande',
    name: 'Centre social de Marmande',
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER', 'QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Marmande',
  },
  {
    key: 'asso:centre-social-villeneuvois',
    name: 'Centre social du Villeneuvois',
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER', 'QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Villeneuve-sur-Lot',
  },
  {
    key: 'asso:centre-social-fumel',
    name: 'Centre social du Fumélois',
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER', 'QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Fumel',
  },
  {
    key: 'asso:centre-social-tonneins',
    name: 'Centre social de Tonneins',
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Tonneins',
  },
  {
    key: 'asso:centre-social-nerac',
    name: "Centre social de l'Albret",
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Nérac',
  },
  {
    key: 'asso:secours-populaire-47',
    name: 'Secours populaire français, fédération de Lot-et-Garonne',
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER'],
    commune: 'Agen',
  },
  {
    key: 'asso:restos-du-coeur-47',
    name: 'Les Restaurants du Cœur de Lot-et-Garonne',
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER'],
    commune: 'Agen',
  },
  {
    key: 'asso:udaf-47',
    name: 'UDAF de Lot-et-Garonne',
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Agen',
  },
  {
    key: 'asso:cidff-47',
    name: 'CIDFF de Lot-et-Garonne',
    kind: 'ASSOCIATION',
    roles: ['PRESCRIBER', 'EMPLOYER'],
    commune: 'Agen',
  },
  {
    key: 'pro:numeri-pas',
    name: "Numéri'Pas, formation informatique à domicile",
    kind: 'COMPANY',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Pujols',
  },
  {
    key: 'pro:souris-verte',
    name: 'Souris Verte Formation',
    kind: 'TRAINING_ORGANIZATION',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Bon-Encontre',
  },
  {
    key: 'pro:clavier-et-co',
    name: 'Atelier Clavier & Co',
    kind: 'COMPANY',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Miramont-de-Guyenne',
  },
  {
    key: 'pro:declic-informatique-services',
    name: 'Déclic Informatique Services',
    kind: 'COMPANY',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Monflanquin',
  },
  {
    key: 'pro:formations-numeriques-confluent',
    name: 'Formations numériques du Confluent',
    kind: 'TRAINING_ORGANIZATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Aiguillon',
  },
  {
    key: 'pro:pixel-et-partage',
    name: 'Pixel & Partage',
    kind: 'COMPANY',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Boé',
  },
  {
    key: 'pro:octet-formation',
    name: 'Octet Formation',
    kind: 'TRAINING_ORGANIZATION',
    roles: ['QUALIFIED_TRAINER', 'EMPLOYER'],
    commune: 'Le Passage',
  },
  {
    key: 'pro:ecrivain-public-albret',
    name: "L'Écrivain public numérique de l'Albret",
    kind: 'COMPANY',
    roles: ['QUALIFIED_TRAINER'],
    commune: 'Lavardac',
  },
];

/** A France services site: where it is and which organization runs it (a commune, an EPCI, La Poste, the MSA). */
export interface FranceServicesSite {
  commune: string;
  operatorKey: string;
  itinerant?: boolean;
}

/**
 * France services in the bourgs-centres (generated: plausible sites, not the official list), except Agen's
 * bureau de poste Léon-Blum, which press sources describe as labelled France services.
 */
export const FRANCE_SERVICES_SITES: readonly FranceServicesSite[] = [
  { commune: 'Agen', operatorKey: 'la-poste' },
  { commune: 'Villeneuve-sur-Lot', operatorKey: 'epci:200023307' },
  { commune: 'Marmande', operatorKey: 'epci:200030674' },
  { commune: 'Marmande', operatorKey: 'epci:200030674', itinerant: true },
  { commune: 'Tonneins', operatorKey: 'commune:47310' },
  { commune: 'Nérac', operatorKey: 'epci:200068948' },
  { commune: 'Mézin', operatorKey: 'msa-dordogne-lot-et-garonne' },
  { commune: 'Casteljaloux', operatorKey: 'epci:244701355' },
  { commune: 'Houeillès', operatorKey: 'la-poste' },
  { commune: 'Fumel', operatorKey: 'epci:200068930' },
  { commune: "Penne-d'Agenais", operatorKey: 'commune:47203' },
  { commune: 'Sainte-Livrade-sur-Lot', operatorKey: 'commune:47252' },
  { commune: 'Aiguillon', operatorKey: 'epci:200068922' },
  { commune: 'Prayssas', operatorKey: 'epci:200068922' },
  { commune: 'Miramont-de-Guyenne', operatorKey: 'epci:244700464' },
  { commune: 'Duras', operatorKey: 'epci:244700449' },
  { commune: 'Monflanquin', operatorKey: 'epci:200036523' },
  { commune: 'Castelmoron-sur-Lot', operatorKey: 'epci:244701405' },
  { commune: 'Astaffort', operatorKey: 'epci:200096956' },
];

/** Communes above this population have a CCAS that hands out Pass numérique booklets. */
export const CCAS_PRESCRIBER_POPULATION = 5000;

/** Appends the one digit (0–9) that makes a digit string Luhn-valid. */
export function withLuhnDigit(body: string): string {
  for (let d = 0; d <= 9; d++) {
    if (luhnValid(body + d)) return body + d;
  }
  throw new Error(`No Luhn digit for ${body}`);
}

export function randomDigits(rand: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(rand() * 10);
  return out;
}

/** A generated SIREN (9 digits, Luhn-valid) in the given INSEE range. */
function generatedSiren(key: string, prefix: string): string {
  const rand = prng(hashSeed(`siren:${key}`));
  return withLuhnDigit(prefix + randomDigits(rand, 8 - prefix.length));
}

/** A SIRET for a known SIREN with a generated NIC ("000" + one digit + check digit, like a head office's). */
function siretWithGeneratedNic(siren: string, key: string, attempt: number): string {
  const rand = prng(hashSeed(`nic:${key}:${attempt}`));
  if (siren === LA_POSTE_SIREN) {
    // La Poste's establishments: any NIC whose 14 digits add up to a multiple of 5.
    const body = siren + randomDigits(rand, 4);
    const sum = [...body].reduce((acc, c) => acc + Number(c), 0);
    return body + ((5 - (sum % 5)) % 5);
  }
  return withLuhnDigit(siren + '000' + (1 + Math.floor(rand() * 9)));
}

/** A generated RNA number of an association declared in Lot-et-Garonne (W47 + 7 digits). */
export function generatedRna(key: string): string {
  return 'W47' + randomDigits(prng(hashSeed(`rna:${key}`)), 7);
}

/** Gives each organization a SIRET that no other one has, retrying the generated NIC deterministically. */
class SiretAllocator {
  private readonly used = new Set<string>();

  allocate(siren: string, key: string): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      const siret = siretWithGeneratedNic(siren, key, attempt);
      if (!this.used.has(siret) && isValidSiret(siret)) {
        this.used.add(siret);
        return siret;
      }
    }
    throw new Error(`Could not allocate a SIRET for ${key}`);
  }
}

function fromSpec(spec: OrganizationSpec, sirets: SiretAllocator): SeedOrganization {
  const org: SeedOrganization = {
    id: stableId('organization', spec.key),
    key: spec.key,
    name: spec.name,
    kind: spec.kind,
    roles: [...spec.roles],
    conventionSignatory: spec.conventionSignatory ?? false,
    inseeCode: inseeOf(spec.commune),
    // Every identifier below is at least partly generated (NIC, or the whole number).
    source: 'generated',
  };
  if (spec.rnaOnly) {
    org.rna = generatedRna(spec.key);
  } else {
    const siren = spec.siren ?? generatedSiren(spec.key, spec.sirenPrefix ?? DEFAULT_SIREN_PREFIX[spec.kind]);
    org.siret = sirets.allocate(siren, spec.key);
  }
  if (spec.website) org.website = spec.website;
  return org;
}

/** Builds the whole organization catalog, unmemoised (index.ts memoises it). */
export function buildOrganizations(): SeedOrganization[] {
  const sirets = new SiretAllocator();
  const fsOperators = new Set(FRANCE_SERVICES_SITES.map((s) => s.operatorKey));
  const organizations = [...CONVENTION_PARTNERS, ...PUBLIC_BODIES].map((s) => fromSpec(s, sirets));

  for (const commune of referenceCommunes()) {
    const key = `commune:${commune.code_insee}`;
    const prescribes = commune.population_municipale > CCAS_PRESCRIBER_POPULATION || fsOperators.has(key);
    organizations.push({
      id: stableId('organization', key),
      key,
      name: `Commune ${deCommune(commune.nom)}`,
      // Real SIREN from the reference file; the 5-digit NIC is generated (hence source 'generated').
      siret: sirets.allocate(commune.siren, key),
      kind: 'COMMUNE',
      roles: prescribes ? ['EMPLOYER', 'PRESCRIBER'] : ['EMPLOYER'],
      conventionSignatory: false,
      inseeCode: commune.code_insee,
      source: 'generated',
    });
  }

  for (const epci of referenceEpcis()) {
    const key = `epci:${epci.siren}`;
    organizations.push({
      id: stableId('organization', key),
      key,
      name: epci.nom,
      // Real SIREN from the reference file; the NIC is generated.
      siret: sirets.allocate(epci.siren, key),
      kind: 'EPCI',
      // EPCIs that run a France services hand out passes there.
      roles: fsOperators.has(key) ? ['EMPLOYER', 'PRESCRIBER'] : ['EMPLOYER'],
      conventionSignatory: false,
      inseeCode: epciSeatInsee(epci),
      source: 'generated',
    });
  }

  organizations.push(...ASSOCIATIONS_AND_PRIVATE.map((s) => fromSpec(s, sirets)));
  return organizations;
}
