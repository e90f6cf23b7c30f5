import { hashSeed, prng, stableId } from '../ids';
import {
  DISPOSITIF_PROGRAMMES_NATIONAUX as DISPOSITIFS,
  FORMATIONS_LABELS as FORMATIONS,
  FRAIS_A_CHARGE as FRAIS,
  ITINERANCE,
  MODALITES_ACCES as ACCES,
  MODALITES_ACCOMPAGNEMENT as ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE as PRISE_EN_CHARGE,
  PUBLICS,
  SERVICES,
  TYPOLOGIES,
} from '../../subgraphs/places/place/vocabularies';
import { communeByInsee, deCommune, inseeOf, referenceCommunes, slugify } from './communes';
import { FRANCE_SERVICES_SITES } from './organizations';
import type { SeedOrganization, SeedPlace } from './types';
import type { ReferenceCommune } from '../../reference/communes';

type TypologieCode = keyof typeof TYPOLOGIES;

/** How the catalog describes a place; labels are the vocabularies' exact values, joined with `|` on output. */
interface PlaceSpec {
  key: string;
  organizationKey: string;
  nom: string;
  /** Exact commune name from the reference file. */
  commune: string;
  adresse: string;
  complement_adresse?: string;
  typologie: TypologieCode[];
  services: string[];
  horaires?: string;
  /** false for structures reached through a national number (3230, 3646, 3631…): no local line. */
  telephone?: false;
  courriels?: string[];
  site_web?: string[];
  presentation_resume?: string;
  presentation_detail?: string;
  source?: string;
  itinerance?: string[];
  structure_parente?: string;
  publics?: string[];
  prise_en_charge?: string[];
  frais?: string[];
  dispositifs?: string[];
  formations?: string[];
  modalites_acces?: string[];
  modalites_accompagnement?: string[];
  prise_rdv?: string;
}

const GENERATED = 'déClic47 (généré)';
const DEPARTEMENT = 'Département de Lot-et-Garonne';

/** Opening hours by kind of place, all valid OSM opening_hours; a place picks one deterministically. */
const HOURS = {
  mairieLarge: [
    'Mo-Fr 08:30-12:00,13:30-17:30; PH off',
    'Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off',
    'Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00,13:30-16:30; PH off',
  ],
  mairieMedium: [
    'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
    'Mo,We,Fr 08:30-12:00; Tu,Th 08:30-12:00,14:00-17:30; PH off',
    'Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We 09:00-12:00; PH off',
    'Mo-Fr 09:00-12:00,14:00-17:00 "après-midi sur rendez-vous"; PH off',
    'Mo-Fr 08:30-12:30; Th 08:30-12:30,14:00-18:00; PH off',
  ],
  mairieSmall: [
    'Mo,Tu,Th,Fr 09:00-12:00; We 14:00-17:00; PH off',
    'Tu,Fr 09:00-12:00; PH off',
    'Mo,Th 14:00-18:00; Sa 09:00-12:00; PH off',
    'Mo,We,Fr 08:30-12:30; PH off',
    'Tu 14:00-18:00; Th 09:00-12:00; Sa 10:00-12:00; PH off',
    'Mo 14:00-17:00; We 09:00-12:00; Fr 14:00-17:00; PH off',
    'Mo-Fr 09:00-12:00; Jul-Aug Tu,Th off; PH off',
    'Tu,Th 09:00-12:00,14:00-17:00; PH off',
  ],
  mediatheque: [
    'Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Sa 09:30-12:30; PH off',
    'Tu 15:00-18:00; We 09:00-12:00,14:00-18:00; Fr 15:00-18:00; Sa 09:00-12:00; PH off',
    'We 14:00-17:00; Sa 09:30-12:00; PH off',
    'Tu-Fr 13:30-18:00; We,Sa 10:00-12:30,13:30-18:00; PH off',
  ],
  cms: ['Mo-Fr 08:30-12:00,13:30-17:00; PH off'],
  antenne: ['Tu,Th 09:00-12:00,13:30-17:00; PH off', 'Mo 13:30-17:00; We 09:00-12:00; PH off'],
  franceServices: [
    'Mo-Fr 09:00-12:00,13:30-17:00; PH off',
    'Mo-Th 08:30-12:30,13:30-17:00; Fr 08:30-12:30; PH off',
    'Mo,Tu,Th,Fr 09:00-12:30,14:00-17:30; We 09:00-12:30; PH off',
    'Mo-Fr 09:00-12:00; Tu,Th 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off',
  ],
  poste: [
    'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off',
    'Mo-Fr 09:00-12:15,13:45-17:00; Sa 09:00-12:00; PH off',
    'Tu-Fr 09:00-12:00,14:00-16:30; Sa 09:00-11:30; PH off',
    'Mo-Fr 08:45-12:00,13:30-17:30; Sa 08:45-12:00; PH off',
  ],
  tiersLieu: [
    'Mo-Fr 09:00-18:00',
    'Tu-Sa 10:00-18:00; PH off',
    'Mo-Fr 09:00-12:30,14:00-18:30; Sa 08:30-12:00',
    'We 14:00-18:00; Sa 10:00-12:00',
  ],
  association: [
    'Tu,Th 14:00-17:00; PH off',
    'Mo,We 09:00-12:00; Fr 14:00-17:30; PH off',
    'Mo-Fr 09:00-12:00,14:00-17:00; Aug off; PH off',
  ],
} as const;

const MAIRIE_STREETS = [
  'Place de la Mairie',
  "1 place de l'Hôtel de Ville",
  'Le Bourg',
  '2 rue de la Mairie',
  "Place de l'Église",
  '1 place de la Halle',
  'Place du Marché',
  '3 place de la République',
  'Place du Général de Gaulle',
  '# rue Principale',
  'Place des Tilleuls',
  '# route de la Mairie',
];

const TOWN_STREETS = [
  '# rue Gambetta',
  '# boulevard de la République',
  '# avenue du Général de Gaulle',
  '# rue Nationale',
  '# rue Victor Hugo',
  '# avenue Jean Jaurès',
  '# place du Marché',
  '# rue de la Libération',
  '# rue du 14 Juillet',
  '# allée des Platanes',
];

const POSTE_STREETS = [
  'Place de la Poste',
  '# rue de la Poste',
  '# avenue de la Gare',
  ...TOWN_STREETS.slice(0, 4),
];

/** Real mairie addresses where they are known; every other address is generated. */
const KNOWN_MAIRIE_ADDRESSES: Record<string, string> = {
  '47001': 'Place du Docteur Pierre Esquirol',
};

/** Communes' own websites seen in public sources; other communes get none rather than a guessed one. */
const KNOWN_COMMUNE_SITES: Record<string, string> = {
  '47001': 'https://www.agen.fr',
  '47078': 'https://damazan.fr',
  '47323': 'https://www.ville-villeneuve-sur-lot.fr',
};

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** Fills a '#' street-number placeholder and capitalises the result. */
function streetAddress(rand: () => number, streets: readonly string[]): string {
  const street = pick(rand, streets).replace('#', String(1 + Math.floor(rand() * 38)));
  return street.charAt(0).toUpperCase() + street.slice(1);
}

/** A 05 53 number (Lot-et-Garonne) in the standard's E.164 form, +33 and nine digits. */
function generatedTelephone(key: string): string {
  const rand = prng(hashSeed(`telephone:${key}`));
  let digits = '';
  for (let i = 0; i < 6; i++) digits += Math.floor(rand() * 10);
  return `+33553${digits}`;
}

const EARTH_KM_PER_DEGREE = 111.32;

/** A point 0.15–1.35 km from the commune's centroid, so places of one commune do not pile up on one spot. */
export function jitteredPosition(
  key: string,
  commune: ReferenceCommune,
): { latitude: number; longitude: number } {
  const rand = prng(hashSeed(`position:${key}`));
  const distanceKm = 0.15 + 1.2 * rand();
  const bearing = 2 * Math.PI * rand();
  const dLat = (distanceKm * Math.cos(bearing)) / EARTH_KM_PER_DEGREE;
  const dLon =
    (distanceKm * Math.sin(bearing)) / (EARTH_KM_PER_DEGREE * Math.cos((commune.centre_lat * Math.PI) / 180));
  return {
    latitude: Math.round((commune.centre_lat + dLat) * 1e5) / 1e5,
    longitude: Math.round((commune.centre_lon + dLon) * 1e5) / 1e5,
  };
}

const DAY_MS = 86_400_000;

function dateBetween(rand: () => number, from: string, to: string): string {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS);
  return new Date(start + Math.floor(rand() * (days + 1)) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * date_maj spread so that, seen from any day of November 2026, about 55% of places are fresh (< 12 months), 20%
 * are "to check" (12–18 months) and 25% are "to update" (> 18 months); bucket edges keep a margin of a month.
 */
function generatedDateMaj(key: string): string {
  const rand = prng(hashSeed(`date_maj:${key}`));
  const bucket = rand();
  if (bucket < 0.55) return dateBetween(rand, '2025-12-01', '2026-10-31');
  if (bucket < 0.75) return dateBetween(rand, '2025-06-05', '2025-10-31');
  return dateBetween(rand, '2023-01-01', '2025-04-30');
}

function joined(values: readonly string[] | undefined): string | undefined {
  return values && values.length > 0 ? values.join('|') : undefined;
}

function toPlace(spec: PlaceSpec, organizations: ReadonlyMap<string, SeedOrganization>): SeedPlace {
  const organization = organizations.get(spec.organizationKey);
  if (!organization) throw new Error(`Place ${spec.key}: unknown organization ${spec.organizationKey}`);
  const pivot = organization.siret ?? organization.rna;
  if (!pivot) throw new Error(`Place ${spec.key}: ${spec.organizationKey} has neither SIRET nor RNA`);
  const commune = communeByInsee(inseeOf(spec.commune));
  const rand = prng(hashSeed(`code_postal:${spec.key}`));
  const place: SeedPlace = {
    id: stableId('place', spec.key),
    key: spec.key,
    organizationKey: spec.organizationKey,
    pivot,
    nom: spec.nom,
    commune: commune.nom,
    code_postal: pick(rand, commune.codes_postaux),
    code_insee: commune.code_insee,
    adresse: spec.adresse,
    ...jitteredPosition(spec.key, commune),
    typologie: spec.typologie.join('|'),
    source: spec.source ?? GENERATED,
    date_maj: generatedDateMaj(spec.key),
    services: spec.services.join('|'),
    accepte_pass_numerique: organization.roles.includes('QUALIFIED_TRAINER'),
  };
  const optional: Partial<SeedPlace> = {
    complement_adresse: spec.complement_adresse,
    telephone: spec.telephone === false ? undefined : generatedTelephone(spec.key),
    courriels: joined(spec.courriels),
    site_web: joined(spec.site_web),
    horaires: spec.horaires,
    presentation_resume: spec.presentation_resume,
    presentation_detail: spec.presentation_detail,
    itinerance: joined(spec.itinerance ?? [ITINERANCE.FIXE]),
    structure_parente: spec.structure_parente,
    publics_specifiquement_adresses: joined(spec.publics),
    prise_en_charge_specifique: joined(spec.prise_en_charge),
    frais_a_charge: joined(spec.frais),
    dispositif_programmes_nationaux: joined(spec.dispositifs),
    formations_labels: joined(spec.formations),
    modalites_acces: joined(spec.modalites_acces),
    modalites_accompagnement: joined(spec.modalites_accompagnement),
    prise_rdv: spec.prise_rdv,
  };
  for (const [field, value] of Object.entries(optional)) {
    if (value !== undefined) (place as unknown as Record<string, unknown>)[field] = value;
  }
  return place;
}

/** The mairie of every commune: the densest layer of the map, mostly open a few half-days a week. */
function mairieSpecs(prescribers: ReadonlySet<string>): PlaceSpec[] {
  return referenceCommunes().map((c) => {
    const key = `mairie:${c.code_insee}`;
    const rand = prng(hashSeed(key));
    const population = c.population_municipale;
    const tier = population >= 5000 ? 'mairieLarge' : population >= 1000 ? 'mairieMedium' : 'mairieSmall';
    // About one mairie in 14 publishes no opening hours at all.
    const horaires = rand() < 0.07 ? undefined : pick(rand, HOURS[tier]);
    const large = population >= 5000;
    const services: string[] = [SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES];
    if (population >= 1500) services.push(SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE);
    const site = KNOWN_COMMUNE_SITES[c.code_insee];
    return {
      key,
      organizationKey: `commune:${c.code_insee}`,
      nom: `Mairie ${deCommune(c.nom)}`,
      commune: c.nom,
      adresse: KNOWN_MAIRIE_ADDRESSES[c.code_insee] ?? streetAddress(rand, MAIRIE_STREETS),
      typologie: prescribers.has(`commune:${c.code_insee}`) && large ? ['MUNI', 'CCAS'] : ['MUNI'],
      services,
      horaires,
      courriels: [`accueil@mairie-${slugify(c.nom)}.fr`],
      site_web: site ? [site] : undefined,
      presentation_resume: large
        ? 'Accueil de la mairie et du CCAS: état civil, urbanisme, aide aux démarches en ligne et remise de chèques Pass numérique sur orientation.'
        : 'Secrétariat de mairie: état civil, urbanisme, aide aux démarches administratives en ligne sur rendez-vous.',
      frais: [FRAIS.GRATUIT],
      dispositifs: large ? [DISPOSITIFS.AIDANTS_CONNECT] : undefined,
      modalites_acces: [ACCES.SE_PRESENTER, ACCES.TELEPHONER],
      modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
    };
  });
}

/** Post offices in every commune of at least 2,000 inhabitants (generated addresses; hours typical of La Poste). */
function posteSpecs(): PlaceSpec[] {
  return referenceCommunes()
    .filter((c) => c.population_municipale >= 2000)
    .map((c) => {
      const key = `poste:${c.code_insee}`;
      const rand = prng(hashSeed(key));
      const etapes = rand() < 0.5;
      return {
        key,
        organizationKey: 'la-poste',
        nom: `Bureau de poste ${deCommune(c.nom)}`,
        commune: c.nom,
        adresse: streetAddress(rand, POSTE_STREETS),
        typologie: ['LA_POSTE'],
        services: etapes
          ? [
              SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
              SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
            ]
          : [SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE],
        horaires: pick(rand, HOURS.poste),
        telephone: false,
        site_web: ['https://www.laposte.fr'],
        presentation_resume: etapes
          ? 'Bureau de poste avec îlot numérique en libre accès et agents formés aux Étapes numériques pour accompagner les premiers pas en ligne.'
          : 'Bureau de poste avec îlot numérique en libre accès (tablette, imprimante) pour les démarches du quotidien.',
        frais: [FRAIS.GRATUIT],
        formations: etapes ? [FORMATIONS.ETAPES_NUMERIQUES_LA_POSTE] : undefined,
        modalites_acces: [ACCES.SE_PRESENTER],
        modalites_accompagnement: [ACCOMPAGNEMENT.EN_AUTONOMIE],
      };
    });
}

interface CmsSite {
  commune: string;
  /** True when the CMS is certain enough to cite the Département as source. */
  known: boolean;
}

/** The Département's 8 CMS (the count is public; the three arrondissement towns are sure, the others plausible). */
const CMS_SITES: CmsSite[] = [
  { commune: 'Agen', known: true },
  { commune: 'Marmande', known: true },
  { commune: 'Villeneuve-sur-Lot', known: true },
  { commune: 'Nérac', known: false },
  { commune: 'Fumel', known: false },
  { commune: 'Tonneins', known: false },
  { commune: 'Sainte-Livrade-sur-Lot', known: false },
  { commune: 'Casteljaloux', known: false },
];

/** Antennes of the CMS in smaller towns (generated), each tied to its parent CMS. */
const CMS_ANTENNES: { commune: string; parent: string }[] = [
  { commune: 'Aiguillon', parent: 'Agen' },
  { commune: 'Miramont-de-Guyenne', parent: 'Marmande' },
  { commune: 'Duras', parent: 'Marmande' },
  { commune: 'Monflanquin', parent: 'Villeneuve-sur-Lot' },
  { commune: 'Mézin', parent: 'Nérac' },
  { commune: "Penne-d'Agenais", parent: 'Fumel' },
];

function cmsSpecs(): PlaceSpec[] {
  const cms = CMS_SITES.map((site, i): PlaceSpec => {
    const slug = slugify(site.commune);
    const key = `cms:${slug}`;
    return {
      key,
      organizationKey: 'departement-47',
      nom: `Centre médico-social ${deCommune(site.commune)}`,
      commune: site.commune,
      adresse: streetAddress(prng(hashSeed(key)), TOWN_STREETS),
      complement_adresse: site.commune === 'Marmande' ? 'Centre-ville' : undefined,
      typologie: ['CMS', 'DEPT'],
      services: [
        SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
      ],
      horaires: HOURS.cms[0],
      courriels: [`cms.${slug}@lotetgaronne.fr`],
      site_web: ['https://www.lotetgaronne.fr'],
      presentation_resume:
        'Centre médico-social du Département: accueil social, PMI, autonomie. Les travailleurs sociaux aident aux démarches en ligne et orientent vers les ateliers avec le Pass numérique.',
      source: site.known ? DEPARTEMENT : GENERATED,
      publics: [PUBLICS.FAMILLES_ET_OU_ENFANTS, PUBLICS.SENIORS],
      frais: [FRAIS.GRATUIT],
      // Every other CMS hosts a conseiller numérique of the Département.
      dispositifs:
        i % 2 === 0
          ? [DISPOSITIFS.AIDANTS_CONNECT, DISPOSITIFS.CONSEILLERS_NUMERIQUES]
          : [DISPOSITIFS.AIDANTS_CONNECT],
      modalites_acces: [ACCES.SE_PRESENTER, ACCES.TELEPHONER],
      modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
    };
  });
  const antennes = CMS_ANTENNES.map((a): PlaceSpec => {
    const key = `cms-antenne:${slugify(a.commune)}`;
    const rand = prng(hashSeed(key));
    return {
      key,
      organizationKey: 'departement-47',
      nom: `Antenne médico-sociale ${deCommune(a.commune)}`,
      commune: a.commune,
      adresse: streetAddress(rand, TOWN_STREETS),
      typologie: ['CMS', 'DEPT'],
      services: [SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES],
      horaires: pick(rand, HOURS.antenne),
      presentation_resume: `Permanences des travailleurs sociaux du CMS ${deCommune(a.parent)}, sur rendez-vous.`,
      structure_parente: `Centre médico-social ${deCommune(a.parent)}`,
      frais: [FRAIS.GRATUIT],
      dispositifs: [DISPOSITIFS.AIDANTS_CONNECT],
      modalites_acces: [ACCES.TELEPHONER],
      modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
    };
  });
  return [...cms, ...antennes];
}

/** Town libraries; those of communes under 10,000 inhabitants belong to the Médiathèque départementale's network. */
const LIBRARY_TOWNS = [
  'Agen',
  'Villeneuve-sur-Lot',
  'Marmande',
  'Tonneins',
  'Nérac',
  'Casteljaloux',
  'Fumel',
  'Sainte-Livrade-sur-Lot',
  'Aiguillon',
  'Miramont-de-Guyenne',
  'Monflanquin',
  'Castelmoron-sur-Lot',
  'Duras',
  'Mézin',
  'Port-Sainte-Marie',
  "Le Mas-d'Agenais",
  "Penne-d'Agenais",
  'Damazan',
];

const MEDIATHEQUE_DEPARTEMENTALE = 'Médiathèque départementale de Lot-et-Garonne';

function librarySpecs(): PlaceSpec[] {
  const departementale: PlaceSpec = {
    key: 'mediatheque-departementale',
    organizationKey: 'departement-47',
    nom: MEDIATHEQUE_DEPARTEMENTALE,
    commune: 'Villeneuve-sur-Lot',
    adresse: 'Quartier du Pont de Marot',
    typologie: ['BIB', 'CD'],
    services: [SERVICES.COMPREHENSION_DU_MONDE_NUMERIQUE, SERVICES.LOISIRS_ET_CREATIONS_NUMERIQUES],
    presentation_resume:
      'Bibliothèque des bibliothèques du département: conseil, formation des équipes, collections et ressources numériques en ligne (films, livres numériques) pour le réseau des bibliothèques. Pas d’accueil du public.',
    presentation_detail:
      "Service du Département installé à Villeneuve-sur-Lot depuis 1974 et rénové en 2021-2022. Elle dessert les bibliothèques municipales et intercommunales du réseau; les tournées de bibliobus ont cessé en 2019 au profit de l'accueil des bibliothécaires sur place.",
    source: DEPARTEMENT,
    site_web: ['https://www.lotetgaronne.fr'],
    frais: [FRAIS.GRATUIT],
    modalites_acces: [ACCES.CE_LIEU_N_ACCUEILLE_PAS_DE_PUBLIC],
    modalites_accompagnement: [ACCOMPAGNEMENT.A_DISTANCE],
  };
  const towns = LIBRARY_TOWNS.map((nom): PlaceSpec => {
    const c = communeByInsee(inseeOf(nom));
    const key = `bib:${c.code_insee}`;
    const rand = prng(hashSeed(key));
    const inNetwork = c.population_municipale < 10000;
    return {
      key,
      organizationKey: `commune:${c.code_insee}`,
      // The Lacépède name is public (Agen's digital-inclusion plan); other libraries carry a generic name.
      nom: nom === 'Agen' ? 'Médiathèque Lacépède' : `Médiathèque ${deCommune(nom)}`,
      commune: nom,
      adresse: streetAddress(rand, TOWN_STREETS),
      typologie: ['BIB'],
      services: [
        SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
        SERVICES.LOISIRS_ET_CREATIONS_NUMERIQUES,
      ],
      horaires: pick(rand, HOURS.mediatheque),
      courriels: [`mediatheque@mairie-${slugify(nom)}.fr`],
      presentation_resume:
        'Postes informatiques en accès libre, wifi, ateliers numériques réguliers et prêt de ressources en ligne.',
      structure_parente: inNetwork ? MEDIATHEQUE_DEPARTEMENTALE : undefined,
      publics: rand() < 0.5 ? [PUBLICS.FAMILLES_ET_OU_ENFANTS, PUBLICS.SENIORS] : undefined,
      frais: [FRAIS.GRATUIT],
      dispositifs: nom === 'Agen' ? [DISPOSITIFS.CONSEILLERS_NUMERIQUES] : undefined,
      modalites_acces: [ACCES.SE_PRESENTER],
      modalites_accompagnement: [ACCOMPAGNEMENT.EN_AUTONOMIE, ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF],
    };
  });
  return [departementale, ...towns];
}

const OPERATOR_TYPOLOGIE: Record<string, TypologieCode> = {
  'la-poste': 'LA_POSTE',
  'msa-dordogne-lot-et-garonne': 'MSA',
};

function franceServicesSpecs(organizations: ReadonlyMap<string, SeedOrganization>): PlaceSpec[] {
  return FRANCE_SERVICES_SITES.map((site): PlaceSpec => {
    const insee = inseeOf(site.commune);
    const key = site.itinerant ? `france-services:${insee}:itinerant` : `france-services:${insee}`;
    const rand = prng(hashSeed(key));
    const operator = organizations.get(site.operatorKey);
    const kind = operator?.kind;
    const extra: TypologieCode =
      OPERATOR_TYPOLOGIE[site.operatorKey] ??
      (kind === 'EPCI' ? 'EPCI' : kind === 'COMMUNE' ? 'MUNI' : 'Autre');
    const dispositifs: string[] = [DISPOSITIFS.FRANCE_SERVICES, DISPOSITIFS.AIDANTS_CONNECT];
    if (rand() < 0.6) dispositifs.push(DISPOSITIFS.CONSEILLERS_NUMERIQUES);
    if (rand() < 0.5) dispositifs.push(DISPOSITIFS.POINT_D_ACCES_NUMERIQUE_CAF);
    const common = {
      key,
      organizationKey: site.operatorKey,
      commune: site.commune,
      services: [
        SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
      ],
      frais: [FRAIS.GRATUIT],
      dispositifs,
      formations: rand() < 0.4 ? [FORMATIONS.FORME_A_MON_ESPACE_SANTE] : undefined,
      modalites_acces: [ACCES.SE_PRESENTER, ACCES.TELEPHONER, ACCES.PRENDRE_UN_RDV_EN_LIGNE],
      modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL, ACCOMPAGNEMENT.EN_AUTONOMIE],
      prise_rdv: 'https://www.france-services.gouv.fr',
    };
    if (site.itinerant) {
      return {
        ...common,
        nom: 'France services itinérant de Val de Garonne',
        adresse: 'Place du Marché',
        complement_adresse: 'Départ du bus; tournée hebdomadaire dans les communes de l’agglomération',
        typologie: ['RFS', 'ENM', 'EPCI'],
        presentation_resume:
          'Bus France services qui s’arrête chaque semaine dans les villages de Val de Garonne: démarches administratives, accès à un poste connecté et aide à l’usage du smartphone.',
        itinerance: [ITINERANCE.ITINERANT],
      };
    }
    const nom =
      site.operatorKey !== 'la-poste'
        ? `France services ${deCommune(site.commune)}`
        : `France services, La Poste ${site.commune}${site.commune === 'Agen' ? ' Léon-Blum' : ''}`;
    return {
      ...common,
      nom,
      // Agen's bureau de poste Léon-Blum is the labelled one named in press sources.
      adresse: site.commune === 'Agen' ? 'Avenue Léon Blum' : streetAddress(rand, TOWN_STREETS),
      typologie: ['RFS', extra],
      horaires: pick(rand, HOURS.franceServices),
      presentation_resume:
        'Guichet France services: un accueil unique pour les démarches CAF, CPAM, MSA, retraite, impôts, ANTS et France Travail, avec des agents formés et des postes en libre accès.',
    };
  });
}

/** The partners' own front offices (generated addresses), where their agents help and prescribe passes. */
function partnerSpecs(): PlaceSpec[] {
  const office = (
    key: string,
    organizationKey: string,
    nom: string,
    commune: string,
    typologie: TypologieCode[],
    rest: Partial<PlaceSpec>,
  ): PlaceSpec => ({
    key,
    organizationKey,
    nom,
    commune,
    adresse: streetAddress(prng(hashSeed(key)), TOWN_STREETS),
    typologie,
    services: [SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES],
    frais: [FRAIS.GRATUIT],
    modalites_acces: [ACCES.SE_PRESENTER, ACCES.PRENDRE_UN_RDV_EN_LIGNE],
    modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
    ...rest,
  });
  const franceTravail = ['Agen', 'Marmande', 'Villeneuve-sur-Lot', 'Fumel'].map((commune) =>
    office(
      `france-travail:${slugify(commune)}`,
      'france-travail-47',
      `France Travail ${commune}`,
      commune,
      ['FT'],
      {
        services: [
          SERVICES.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE,
          SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        ],
        horaires: 'Mo-We 08:30-16:30; Th 08:30-12:30; Fr 08:30-15:30; PH off',
        telephone: false,
        site_web: ['https://www.francetravail.fr'],
        presentation_resume:
          'Agence France Travail: inscription, espace personnel et candidatures en ligne, avec un accueil libre le matin et sur rendez-vous l’après-midi.',
        modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL, ACCOMPAGNEMENT.EN_AUTONOMIE],
      },
    ),
  );
  const missionsLocales: [string, string, string][] = [
    ['mission-locale-agenais', 'Agen', "Mission locale de l'Agenais, de l'Albret et du Confluent"],
    ['mission-locale-agenais', 'Nérac', 'Mission locale, antenne de Nérac'],
    ['mission-locale-moyenne-garonne', 'Marmande', 'Mission locale de la Moyenne Garonne'],
    ['mission-locale-moyenne-garonne', 'Tonneins', 'Mission locale, antenne de Tonneins'],
    ['mission-locale-villeneuvois', 'Villeneuve-sur-Lot', 'Mission locale du Villeneuvois et du Haut Lot'],
    ['mission-locale-villeneuvois', 'Fumel', 'Mission locale, antenne de Fumel'],
  ];
  const missions = missionsLocales.map(([org, commune, nom]) =>
    office(`mission-locale:${slugify(commune)}`, org, nom, commune, ['ML'], {
      services: [
        SERVICES.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE,
        SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
      ],
      horaires: 'Mo-Fr 09:00-12:30,13:30-17:30; PH off',
      presentation_resume:
        'Accompagnement des 16-25 ans vers l’emploi et la formation: CV en ligne, candidatures, démarches et remise de Pass numérique.',
      publics: [PUBLICS.JEUNES],
      dispositifs: [DISPOSITIFS.PROMENEURS_DU_NET],
      modalites_acces: [ACCES.SE_PRESENTER, ACCES.TELEPHONER],
    }),
  );
  return [
    office('caf:agen', 'caf-47', "Caf de Lot-et-Garonne, accueil d'Agen", 'Agen', ['CAF'], {
      services: [
        SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
      ],
      horaires: 'Mo-Fr 08:30-12:30,13:30-16:00; PH off',
      telephone: false,
      site_web: ['https://www.caf.fr'],
      prise_rdv: 'https://www.caf.fr',
      presentation_resume:
        'Accueil de la Caf: bornes en libre accès pour les démarches en ligne, accompagnement sur rendez-vous et remise de Pass numérique aux allocataires.',
      publics: [PUBLICS.FAMILLES_ET_OU_ENFANTS],
      dispositifs: [DISPOSITIFS.POINT_D_ACCES_NUMERIQUE_CAF],
      modalites_accompagnement: [ACCOMPAGNEMENT.EN_AUTONOMIE, ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
    }),
    office('cpam:agen', 'cpam-47', "CPAM de Lot-et-Garonne, accueil d'Agen", 'Agen', ['CPAM'], {
      horaires: 'Mo-Fr 08:30-12:00,13:30-16:30 "l’après-midi sur rendez-vous"; PH off',
      telephone: false,
      site_web: ['https://www.ameli.fr'],
      prise_rdv: 'https://www.ameli.fr',
      presentation_resume:
        'Accueil de l’Assurance maladie: compte ameli, Mon espace santé, démarches en ligne.',
      formations: [FORMATIONS.FORME_A_MON_ESPACE_SANTE],
    }),
    office(
      'msa:agen',
      'msa-dordogne-lot-et-garonne',
      "MSA Dordogne Lot-et-Garonne, site d'Agen",
      'Agen',
      ['MSA'],
      {
        horaires: 'Mo-Fr 08:30-12:00,13:30-16:30; PH off',
        telephone: false,
        site_web: ['https://dordogne-lot-et-garonne.msa.fr'],
        presentation_resume:
          'Accueil MSA pour les exploitants et salariés agricoles: espace privé en ligne, démarches, remise de Pass numérique.',
        publics: [PUBLICS.SENIORS, PUBLICS.FAMILLES_ET_OU_ENFANTS],
      },
    ),
    office('carsat:agen', 'carsat-aquitaine', "CARSAT Aquitaine, agence retraite d'Agen", 'Agen', ['Autre'], {
      horaires: 'Mo-Fr 08:30-12:00 "l’après-midi sur rendez-vous"; PH off',
      telephone: false,
      site_web: ['https://www.carsat-aquitaine.fr'],
      presentation_resume:
        'Agence retraite: demande de retraite en ligne et espace personnel, sur rendez-vous.',
      publics: [PUBLICS.SENIORS],
      modalites_acces: [ACCES.PRENDRE_UN_RDV_EN_LIGNE, ACCES.TELEPHONER],
    }),
    office('cap-emploi:agen', 'cap-emploi-47', 'Cap Emploi 47', 'Agen', ['CAP_EMPLOI'], {
      services: [
        SERVICES.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE,
        SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
      ],
      horaires: 'Mo-Th 09:00-12:30,13:30-17:00; Fr 09:00-12:30; PH off',
      presentation_resume:
        'Accompagnement vers l’emploi des personnes en situation de handicap, dont les outils numériques de recherche d’emploi.',
      prise_en_charge: [
        PRISE_EN_CHARGE.HANDICAPS_MOTEURS,
        PRISE_EN_CHARGE.HANDICAPS_MENTAUX,
        PRISE_EN_CHARGE.SURDITE,
        PRISE_EN_CHARGE.DEFICIENCE_VISUELLE,
      ],
      modalites_acces: [ACCES.TELEPHONER, ACCES.ENVOYER_UN_MAIL_AVEC_UNE_FICHE_DE_PRESCRIPTION],
    }),
    office(
      'mutualite:agen',
      'mutualite-francaise-47',
      'Mutualité Française Lot-et-Garonne, espace prévention',
      'Agen',
      ['Autre'],
      {
        services: [
          SERVICES.UTILISATION_SECURISEE_DU_NUMERIQUE,
          SERVICES.PARENTALITE_ET_EDUCATION_AVEC_LE_NUMERIQUE,
        ],
        presentation_resume:
          'Ateliers de prévention: exposition aux écrans, santé connectée, arnaques en ligne. Sur inscription.',
        publics: [PUBLICS.SENIORS, PUBLICS.FAMILLES_ET_OU_ENFANTS],
        modalites_acces: [ACCES.TELEPHONER, ACCES.CONTACTER_PAR_MAIL],
        modalites_accompagnement: [ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF],
      },
    ),
    {
      key: 'prefecture:agen',
      organizationKey: 'prefecture-47',
      nom: 'Point numérique de la préfecture de Lot-et-Garonne',
      commune: 'Agen',
      adresse: 'Place de Verdun',
      typologie: ['PREF'],
      services: [
        SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
      ],
      horaires: 'Mo-Fr 09:00-12:00; PH off',
      telephone: false,
      site_web: ['https://www.lot-et-garonne.gouv.fr'],
      presentation_resume:
        'Postes en libre accès et médiateur pour les démarches en ligne de l’ANTS: titres d’identité, permis de conduire, certificat d’immatriculation.',
      frais: [FRAIS.GRATUIT],
      modalites_acces: [ACCES.SE_PRESENTER],
      modalites_accompagnement: [ACCOMPAGNEMENT.EN_AUTONOMIE, ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
    },
    ...franceTravail,
    ...missions,
  ];
}

/** Tiers-lieux, training centres and the LGNum bus: the places that redeem the Pass numérique. */
function trainingSpecs(): PlaceSpec[] {
  const tiersLieuServices = [
    SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
    SERVICES.COMPREHENSION_DU_MONDE_NUMERIQUE,
    SERVICES.LOISIRS_ET_CREATIONS_NUMERIQUES,
    SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
  ];
  const tiersLieu = (
    key: string,
    organizationKey: string,
    nom: string,
    commune: string,
    rest: Partial<PlaceSpec>,
  ): PlaceSpec => {
    const rand = prng(hashSeed(key));
    return {
      key,
      organizationKey,
      nom,
      commune,
      adresse: streetAddress(rand, TOWN_STREETS),
      typologie: ['TIERS_LIEUX', 'ASSO'],
      services: tiersLieuServices,
      horaires: pick(rand, HOURS.tiersLieu),
      courriels: [`contact@${slugify(nom)}.fr`],
      frais: [FRAIS.GRATUIT_SOUS_CONDITION, FRAIS.PAYANT],
      modalites_acces: [ACCES.SE_PRESENTER, ACCES.TELEPHONER, ACCES.CONTACTER_PAR_MAIL],
      modalites_accompagnement: [
        ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF,
        ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL,
        ACCOMPAGNEMENT.EN_AUTONOMIE,
      ],
      ...rest,
    };
  };
  return [
    tiersLieu('tiers-lieu:le-wez', 'asso:le-wez', 'Le Wez', 'Damazan', {
      presentation_resume:
        'Tiers-lieu du Confluent: coworking, ateliers numériques pour tous les âges, accompagnement aux démarches et formations payables avec le Pass numérique.',
      dispositifs: [DISPOSITIFS.CONSEILLERS_NUMERIQUES],
    }),
    tiersLieu('tiers-lieu:co-clic-co', 'asso:co-clic-co', 'Co-Clic-Co', 'Sérignac-sur-Garonne', {
      presentation_resume:
        'Tiers-lieu associatif: espace partagé, ateliers d’initiation à l’ordinateur et au smartphone, café numérique du samedi.',
      publics: [PUBLICS.SENIORS],
    }),
    tiersLieu('tiers-lieu:meilhan-le-cocon', 'asso:audace', 'Le Cocon', 'Meilhan-sur-Garonne', {
      presentation_resume:
        'Tiers-lieu rural ouvert par l’association Audace/s: coworking, animations culturelles et ateliers numériques.',
      presentation_detail:
        'Ouvert en 2018 par l’association Audace/s pour donner pignon sur rue aux entrepreneurs locaux; les ateliers numériques y sont animés par des bénévoles.',
    }),
    tiersLieu('tiers-lieu:marmande', 'asso:le-quai-marmande', 'Le Quai', 'Marmande', {
      typologie: ['TIERS_LIEUX', 'FABLAB', 'ASSO'],
      services: [...tiersLieuServices, SERVICES.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE],
      presentation_resume:
        'Tiers-lieu et fablab en centre-ville: impression 3D, découpe laser, ateliers numériques et accompagnement des demandeurs d’emploi.',
      formations: [FORMATIONS.FABRIQUES_DE_TERRITOIRE],
      publics: [PUBLICS.JEUNES],
    }),
    tiersLieu('tiers-lieu:grateloup', 'asso:atelier-grateloup', "L'Atelier", 'Grateloup-Saint-Gayrand', {
      adresse: 'Le Bourg',
      horaires: 'We 14:00-18:00; Sa 10:00-12:00',
      presentation_resume:
        'Petit tiers-lieu rural: ordinateurs en libre accès, ateliers du mercredi et entraide entre habitants.',
      publics: [PUBLICS.SENIORS, PUBLICS.FAMILLES_ET_OU_ENFANTS],
    }),
    tiersLieu('tiers-lieu:la-fontaine-agen', 'asso:la-fontaine', 'La Fontaine, tiers-lieu agenais', 'Agen', {
      presentation_resume:
        'Espace de coworking et tiers-lieu de l’économie sociale et solidaire, avec des ateliers d’animation numérique.',
    }),
    tiersLieu(
      'tiers-lieu:la-fontaine-villeneuve',
      'asso:la-fontaine',
      'La Fontaine, tiers-lieu villeneuvois',
      'Villeneuve-sur-Lot',
      {
        presentation_resume:
          'Tiers-lieu du centre-ville confié par l’Agglomération du Grand Villeneuvois à l’association La Fontaine.',
      },
    ),
    {
      key: 'tiers-lieu:campus-numerique-47',
      organizationKey: 'campus-numerique-47',
      nom: 'Campus numérique 47',
      commune: 'Agen',
      adresse: 'Avenue Jean Jaurès',
      complement_adresse: 'Ancienne École normale',
      typologie: ['TIERS_LIEUX', 'OF'],
      services: [
        SERVICES.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE,
        SERVICES.COMPREHENSION_DU_MONDE_NUMERIQUE,
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
      ],
      horaires: 'Mo-Fr 08:30-18:00; PH off',
      presentation_resume:
        'Campus du Département dans l’ancienne École normale d’Agen: école d’informatique, incubateur de start-up, tiers-lieu et ateliers ouverts au public.',
      presentation_detail:
        "Groupement d'intérêt public entre le Département, l'Agglomération d'Agen et les chambres consulaires, ouvert en 2017. Il accueille une école d'ingénierie informatique et un incubateur d'une dizaine de projets par an.",
      publics: [PUBLICS.JEUNES, PUBLICS.ETUDIANTS],
      frais: [FRAIS.GRATUIT_SOUS_CONDITION, FRAIS.PAYANT],
      dispositifs: [DISPOSITIFS.GRANDE_ECOLE_DU_NUMERIQUE, DISPOSITIFS.CERTIFICATION_PIX],
      modalites_acces: [ACCES.SE_PRESENTER, ACCES.CONTACTER_PAR_MAIL],
      modalites_accompagnement: [ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF],
    },
    {
      key: 'afpa:foulayronnes',
      organizationKey: 'afpa-foulayronnes',
      nom: 'Afpa Agen-Foulayronnes',
      commune: 'Foulayronnes',
      adresse: 'Route de Villeneuve',
      typologie: ['AFPA', 'OF'],
      services: [
        SERVICES.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE,
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
        SERVICES.COMPREHENSION_DU_MONDE_NUMERIQUE,
      ],
      horaires: 'Mo-Fr 08:00-12:00,13:00-17:00; PH off',
      site_web: ['https://www.afpa.fr'],
      presentation_resume:
        'Centre de formation professionnelle: formation des conseillers numériques du département, titres professionnels et modules de remise à niveau numérique.',
      frais: [FRAIS.GRATUIT_SOUS_CONDITION, FRAIS.PAYANT],
      dispositifs: [DISPOSITIFS.CERTIFICATION_PIX],
      modalites_acces: [ACCES.TELEPHONER, ACCES.ENVOYER_UN_MAIL_AVEC_UNE_FICHE_DE_PRESCRIPTION],
      modalites_accompagnement: [ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF, ACCOMPAGNEMENT.A_DISTANCE],
    },
    {
      key: 'bus-numerique:lgnum',
      organizationKey: 'lgnum',
      nom: 'Bus numérique de Lot-et-Garonne Numérique',
      commune: 'Agen',
      adresse: 'Place du Marché',
      complement_adresse: 'Point de départ; le bus stationne chaque jour dans une commune différente',
      typologie: ['ENM'],
      services: [
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
        SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
      ],
      presentation_resume:
        'Espace numérique mobile: des conseillers numériques sillonnent les communes rurales avec ordinateurs et tablettes pour des ateliers et de l’aide aux démarches.',
      itinerance: [ITINERANCE.ITINERANT],
      frais: [FRAIS.GRATUIT],
      dispositifs: [DISPOSITIFS.CONSEILLERS_NUMERIQUES],
      modalites_acces: [ACCES.SE_PRESENTER, ACCES.TELEPHONER],
      modalites_accompagnement: [
        ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF,
        ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL,
      ],
    },
  ];
}

/** Associations' and independent trainers' places (all generated but the organization names noted in organizations.ts). */
function associationSpecs(): PlaceSpec[] {
  const place = (
    key: string,
    organizationKey: string,
    nom: string,
    commune: string,
    typologie: TypologieCode[],
    services: string[],
    rest: Partial<PlaceSpec>,
  ): PlaceSpec => {
    const rand = prng(hashSeed(key));
    return {
      key,
      organizationKey,
      nom,
      commune,
      adresse: streetAddress(rand, TOWN_STREETS),
      typologie,
      services,
      horaires: pick(rand, HOURS.association),
      courriels: [`contact@${slugify(nom)}.fr`],
      frais: [FRAIS.GRATUIT],
      modalites_acces: [ACCES.SE_PRESENTER, ACCES.TELEPHONER],
      modalites_accompagnement: [
        ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF,
        ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL,
      ],
      ...rest,
    };
  };
  const epnServices = [
    SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
    SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
    SERVICES.UTILISATION_SECURISEE_DU_NUMERIQUE,
  ];
  const epnResume =
    'Espace public numérique associatif: ateliers d’initiation (ordinateur, smartphone, messagerie), postes en libre accès et aide ponctuelle.';
  const epn = (key: string, org: string, nom: string, commune: string, rest: Partial<PlaceSpec> = {}) =>
    place(key, org, nom, commune, ['EPN', 'ASSO'], epnServices, {
      presentation_resume: epnResume,
      frais: [FRAIS.GRATUIT_SOUS_CONDITION],
      ...rest,
    });
  const centreSocial = (
    slug: string,
    org: string,
    nom: string,
    commune: string,
    rest: Partial<PlaceSpec> = {},
  ) =>
    place(
      `centre-social:${slug}`,
      org,
      nom,
      commune,
      ['CS'],
      [
        SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
        SERVICES.PARENTALITE_ET_EDUCATION_AVEC_LE_NUMERIQUE,
      ],
      {
        horaires: 'Mo-Fr 09:00-12:00,13:30-18:00; PH off',
        presentation_resume:
          'Centre social: permanences d’aide aux démarches, ateliers parents-enfants autour des écrans, remise de Pass numérique.',
        publics: [PUBLICS.FAMILLES_ET_OU_ENFANTS],
        prise_en_charge: [PRISE_EN_CHARGE.ILLETTRISME, PRISE_EN_CHARGE.LANGUES_ETRANGERES_AUTRES],
        dispositifs: [DISPOSITIFS.POINT_D_ACCES_NUMERIQUE_CAF, DISPOSITIFS.PROMENEURS_DU_NET],
        ...rest,
      },
    );
  const trainerServices = [
    SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
    SERVICES.UTILISATION_SECURISEE_DU_NUMERIQUE,
    SERVICES.LOISIRS_ET_CREATIONS_NUMERIQUES,
  ];
  const trainer = (slug: string, org: string, nom: string, commune: string, rest: Partial<PlaceSpec> = {}) =>
    place(`formateur:${slug}`, org, nom, commune, ['OF'], trainerServices, {
      // Independent trainers work by appointment, often at the learner's home: no public opening hours.
      horaires: undefined,
      presentation_resume:
        'Formateur indépendant labellisé: cours individuels à domicile ou en petit groupe, réglables en chèques Pass numérique.',
      publics: [PUBLICS.SENIORS],
      frais: [FRAIS.PAYANT, FRAIS.GRATUIT_SOUS_CONDITION],
      modalites_acces: [ACCES.TELEPHONER, ACCES.CONTACTER_PAR_MAIL],
      modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL, ACCOMPAGNEMENT.A_DISTANCE],
      ...rest,
    });
  const secoursPopulaire = ['Agen', 'Marmande', 'Villeneuve-sur-Lot'].map((commune) =>
    place(
      `secours-populaire:${slugify(commune)}`,
      'asso:secours-populaire-47',
      `Secours populaire, comité ${deCommune(commune)}`,
      commune,
      ['ASSO'],
      [SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES, SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE],
      {
        horaires: 'Tu,Th 14:00-17:00; PH off',
        courriels: undefined,
        presentation_resume:
          'Permanence solidaire: aide aux démarches en ligne par des bénévoles et orientation vers les ateliers numériques.',
        prise_en_charge: [PRISE_EN_CHARGE.LANGUES_ETRANGERES_AUTRES, PRISE_EN_CHARGE.ILLETTRISME],
        modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
      },
    ),
  );
  const restos = ['Agen', 'Tonneins'].map((commune) =>
    place(
      `restos-du-coeur:${slugify(commune)}`,
      'asso:restos-du-coeur-47',
      `Restos du Cœur, centre ${deCommune(commune)}`,
      commune,
      ['ASSO'],
      [SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES],
      {
        // Distribution days of the winter campaign only.
        horaires: 'Nov-Mar Tu,Fr 09:00-11:30; PH off',
        telephone: false,
        courriels: undefined,
        presentation_resume:
          'Pendant la campagne d’hiver, des bénévoles aident les personnes accueillies dans leurs démarches en ligne.',
        modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
      },
    ),
  );
  return [
    epn('epn:nerac', 'asso:epn-albret', "Espace public numérique de l'Albret", 'Nérac', {
      dispositifs: [DISPOSITIFS.CONSEILLERS_NUMERIQUES],
    }),
    epn('epn:fumel', 'asso:cyber-espace-fumelois', 'Cyber-espace du Fumélois', 'Fumel'),
    epn('epn:tonneins', 'asso:connectes-tonneinquais', 'Les Connectés du Tonneinquais', 'Tonneins', {
      horaires: undefined,
      publics: [PUBLICS.SENIORS],
    }),
    epn('epn:duras', 'asso:atelier-informatique-duras', 'Atelier informatique du Pays de Duras', 'Duras', {
      horaires: 'We 14:00-17:00; Sa 09:30-12:00; PH off',
      courriels: undefined,
    }),
    epn('epn:casteljaloux', 'asso:clic-et-lien-casteljaloux', 'Clic & Lien', 'Casteljaloux', {
      dispositifs: [DISPOSITIFS.CONSEILLERS_NUMERIQUES, DISPOSITIFS.AIDANTS_CONNECT],
    }),
    place(
      'asso:generations-numeriques-47',
      'asso:generations-numeriques-47',
      'Générations Numériques 47',
      'Villeneuve-sur-Lot',
      ['ASSO', 'EPN'],
      [SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN, SERVICES.UTILISATION_SECURISEE_DU_NUMERIQUE],
      {
        presentation_resume:
          'Ateliers pour les seniors: tablette, visio avec les petits-enfants, repérer les arnaques. Parcours de 5 séances.',
        publics: [PUBLICS.SENIORS],
        prise_en_charge: [PRISE_EN_CHARGE.SURDITE, PRISE_EN_CHARGE.DEFICIENCE_VISUELLE],
        frais: [FRAIS.GRATUIT_SOUS_CONDITION],
      },
    ),
    place(
      'asso:compagnons-du-numerique',
      'asso:compagnons-du-numerique',
      'Les Compagnons du numérique',
      "Penne-d'Agenais",
      ['ASSO'],
      [SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN, SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES],
      {
        horaires: undefined,
        presentation_resume:
          'Bénévoles qui animent des ateliers dans leur local et, sur demande, dans les salles des fêtes des villages voisins.',
        itinerance: [ITINERANCE.FIXE, ITINERANCE.ITINERANT],
        frais: [FRAIS.GRATUIT_SOUS_CONDITION],
        modalites_acces: [ACCES.TELEPHONER],
      },
    ),
    place(
      'ressourcerie:marmande',
      'asso:recup-info-47',
      "Récup'Info 47",
      'Marmande',
      ['RESSOURCERIE', 'ASSO'],
      [
        SERVICES.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE,
        SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE,
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
      ],
      {
        horaires: 'We-Sa 10:00-12:30,14:00-18:00; PH off',
        presentation_resume:
          'Ressourcerie informatique: ordinateurs reconditionnés à prix solidaire, prise en main à l’achat et ateliers de découverte.',
        frais: [FRAIS.PAYANT, FRAIS.GRATUIT_SOUS_CONDITION],
      },
    ),
    place(
      'asso:familles-rurales-47',
      'asso:familles-rurales-47',
      'Familles Rurales Lot-et-Garonne',
      'Agen',
      ['ASSO'],
      [
        SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
        SERVICES.PARENTALITE_ET_EDUCATION_AVEC_LE_NUMERIQUE,
      ],
      {
        presentation_resume:
          'Fédération départementale: ateliers numériques dans les associations locales du réseau et soutien à la parentalité face aux écrans.',
        publics: [PUBLICS.FAMILLES_ET_OU_ENFANTS, PUBLICS.SENIORS],
        frais: [FRAIS.GRATUIT_SOUS_CONDITION],
      },
    ),
    place(
      'asso:ligue-enseignement-47',
      'asso:ligue-enseignement-47',
      "Ligue de l'enseignement 47",
      'Agen',
      ['ASSO'],
      [SERVICES.COMPREHENSION_DU_MONDE_NUMERIQUE, SERVICES.UTILISATION_SECURISEE_DU_NUMERIQUE],
      {
        presentation_resume:
          'Ateliers d’éducation aux médias: fausses informations, e-réputation, identité numérique, usage raisonné des écrans.',
        publics: [PUBLICS.JEUNES],
        dispositifs: [DISPOSITIFS.PROMENEURS_DU_NET],
        modalites_acces: [ACCES.CONTACTER_PAR_MAIL, ACCES.TELEPHONER],
        modalites_accompagnement: [ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF],
      },
    ),
    centreSocial('marmande', 'asso:centre-social-marmande', 'Centre social de Marmande', 'Marmande'),
    centreSocial(
      'villeneuve-sur-lot',
      'asso:centre-social-villeneuvois',
      'Centre social du Villeneuvois',
      'Villeneuve-sur-Lot',
    ),
    centreSocial('fumel', 'asso:centre-social-fumel', 'Centre social du Fumélois', 'Fumel'),
    centreSocial('tonneins', 'asso:centre-social-tonneins', 'Centre social de Tonneins', 'Tonneins'),
    centreSocial('nerac', 'asso:centre-social-nerac', "Centre social de l'Albret", 'Nérac', {
      dispositifs: [DISPOSITIFS.POINT_D_ACCES_NUMERIQUE_CAF],
    }),
    ...secoursPopulaire,
    ...restos,
    place(
      'udaf:agen',
      'asso:udaf-47',
      'UDAF de Lot-et-Garonne',
      'Agen',
      ['UDAF'],
      [SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES, SERVICES.UTILISATION_SECURISEE_DU_NUMERIQUE],
      {
        horaires: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
        presentation_resume:
          'Point conseil budget et accompagnement des familles: démarches en ligne, prévention des arnaques et du surendettement.',
        publics: [PUBLICS.FAMILLES_ET_OU_ENFANTS],
        modalites_acces: [ACCES.TELEPHONER],
        modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
      },
    ),
    place(
      'cidff:agen',
      'asso:cidff-47',
      'CIDFF de Lot-et-Garonne',
      'Agen',
      ['CIDFF'],
      [SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES, SERVICES.UTILISATION_SECURISEE_DU_NUMERIQUE],
      {
        horaires: 'Mo-Th 09:00-12:30,13:30-17:00; PH off',
        presentation_resume:
          'Information juridique des femmes et des familles; accompagnement aux démarches en ligne et à la sécurité numérique (cyberviolences).',
        publics: [PUBLICS.FEMMES],
        modalites_acces: [ACCES.TELEPHONER, ACCES.CONTACTER_PAR_MAIL],
        modalites_accompagnement: [ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL],
      },
    ),
    trainer('numeri-pas', 'pro:numeri-pas', "Numéri'Pas", 'Pujols'),
    trainer('souris-verte', 'pro:souris-verte', 'Souris Verte Formation', 'Bon-Encontre', {
      horaires: 'Mo-Fr 09:00-12:00,14:00-18:00; PH off',
      modalites_accompagnement: [
        ACCOMPAGNEMENT.DANS_UN_ATELIER_COLLECTIF,
        ACCOMPAGNEMENT.ACCOMPAGNEMENT_INDIVIDUEL,
      ],
    }),
    trainer('clavier-et-co', 'pro:clavier-et-co', 'Atelier Clavier & Co', 'Miramont-de-Guyenne'),
    trainer(
      'declic-informatique-services',
      'pro:declic-informatique-services',
      'Déclic Informatique Services',
      'Monflanquin',
    ),
    trainer(
      'formations-numeriques-confluent',
      'pro:formations-numeriques-confluent',
      'Formations numériques du Confluent',
      'Aiguillon',
      {
        horaires: 'Mo-Th 09:00-12:30,13:30-17:30; PH off',
        services: [...trainerServices, SERVICES.INSERTION_PROFESSIONNELLE_VIA_LE_NUMERIQUE],
        publics: undefined,
      },
    ),
    trainer('pixel-et-partage', 'pro:pixel-et-partage', 'Pixel & Partage', 'Boé', {
      publics: [PUBLICS.SENIORS, PUBLICS.FAMILLES_ET_OU_ENFANTS],
    }),
    trainer('octet-formation', 'pro:octet-formation', 'Octet Formation', 'Le Passage', {
      horaires: 'Mo-Fr 09:00-17:00; PH off',
      publics: undefined,
      prise_en_charge: [PRISE_EN_CHARGE.LANGUES_ETRANGERES_ANGLAIS],
    }),
    trainer(
      'ecrivain-public-albret',
      'pro:ecrivain-public-albret',
      "L'Écrivain public numérique",
      'Lavardac',
      {
        services: [
          SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES,
          SERVICES.MAITRISE_DES_OUTILS_NUMERIQUES_DU_QUOTIDIEN,
        ],
        presentation_resume:
          'Écrivain public: aide à la rédaction de courriers et aux démarches en ligne, initiation à l’usage de la messagerie.',
        prise_en_charge: [PRISE_EN_CHARGE.ILLETTRISME],
      },
    ),
  ];
}

/** A real-world spelling applied to one field of one place, to exercise the import's normalisation. */
interface VariantSpelling {
  key: string;
  field: keyof SeedPlace;
  apply: (value: string) => string;
}

const curlyApostrophes = (value: string) => value.replace(/'/g, '’');
const doubleSpace = (value: string) => value.replace(' ', '  ');
const spacedEtapes = (value: string) =>
  value.replace(FORMATIONS.ETAPES_NUMERIQUES_LA_POSTE, 'Étapes numériques (La Poste)');

/** Five places keep spellings seen in partners' exports; every other label is the standard's exact value. */
export const VARIANT_SPELLINGS: readonly VariantSpelling[] = [
  { key: 'mediatheque-departementale', field: 'modalites_acces', apply: curlyApostrophes },
  { key: 'caf:agen', field: 'dispositif_programmes_nationaux', apply: curlyApostrophes },
  { key: 'mairie:47078', field: 'services', apply: doubleSpace },
  { key: 'centre-social:tonneins', field: 'modalites_accompagnement', apply: doubleSpace },
  { key: 'poste:47157', field: 'formations_labels', apply: spacedEtapes },
];

function applyVariantSpellings(places: SeedPlace[]): void {
  const byKey = new Map(places.map((p) => [p.key, p]));
  for (const variant of VARIANT_SPELLINGS) {
    const place = byKey.get(variant.key) as unknown as Record<string, unknown> | undefined;
    const value = place?.[variant.field];
    const changed = typeof value === 'string' ? variant.apply(value) : undefined;
    if (!place || changed === undefined || changed === value) {
      throw new Error(`Variant spelling for ${variant.key}.${String(variant.field)} does not apply`);
    }
    place[variant.field] = changed;
  }
}

/** Builds the whole place catalog for the given organizations, unmemoised (index.ts memoises it). */
export function buildPlaces(organizations: readonly SeedOrganization[]): SeedPlace[] {
  const byKey = new Map(organizations.map((o) => [o.key, o]));
  const prescribers = new Set(organizations.filter((o) => o.roles.includes('PRESCRIBER')).map((o) => o.key));
  const specs = [
    ...trainingSpecs(),
    ...cmsSpecs(),
    ...librarySpecs(),
    ...franceServicesSpecs(byKey),
    ...partnerSpecs(),
    ...associationSpecs(),
    ...posteSpecs(),
    ...mairieSpecs(prescribers),
  ];
  const places = specs.map((spec) => toPlace(spec, byKey));
  const seen = new Set<string>();
  for (const place of places) {
    if (seen.has(place.key)) throw new Error(`Duplicate place key ${place.key}`);
    seen.add(place.key);
  }
  applyVariantSpellings(places);
  return places;
}
