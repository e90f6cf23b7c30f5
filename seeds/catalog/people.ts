import { hashSeed, prng, stableId } from '../ids';
import { seedOrganizations, seedPlaces } from './index';
import { normalizeScale, scaledKey, withCopies } from './scale';
import type { SeedPlace } from './types';
import { groupBy } from '../../common/group-by';

/**
 * The people of the seed catalog: the 39 conseillers numériques (ids stableId('person', 'conseiller-01') …
 * 'conseiller-39'), a few hundred aidants numériques ('aidant-001' …), a few médiateurs and coordinateurs,
 * and their weekly permanences. Other subgraphs' seeders use these ids as trainer or prescriber keys.
 * Names, e-mails (on the reserved .example domain) and phones are generated: no real person is described.
 */
export type SeedPersonRole = 'CONSEILLER_NUMERIQUE' | 'AIDANT_NUMERIQUE' | 'MEDIATEUR' | 'COORDINATEUR';
export type SeedProfession =
  | 'SOCIAL_WORKER'
  | 'RECEPTION_AGENT'
  | 'SECRETAIRE_DE_MAIRIE'
  | 'LIBRARIAN'
  | 'PUBLIC_SCRIBE'
  | 'ASSOCIATION_LEADER'
  | 'VOLUNTEER'
  | 'INDEPENDENT_TRAINER';

export interface SeedPerson {
  /** stableId('person', key) */
  id: string;
  /** 'conseiller-01' … 'conseiller-39', 'aidant-001' …, 'mediateur-01' …, 'coordinateur-01' … */
  key: string;
  role: SeedPersonRole;
  profession: SeedProfession | null;
  employerKey: string;
  employerId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  /** Commune of the main place of work (the first posting). */
  inseeCode: string;
  /** Aidants Connect habilitation date, when habilitated. */
  habilitatedOn: string | null;
  certifications: ('PIX' | 'CCP1_REMN' | 'REMN')[];
  trainingStatus: 'NOT_REQUIRED' | 'PLANNED' | 'IN_PROGRESS' | 'COMPLETED';
  /** Place keys where they hold a permanence, main one first. */
  postings: string[];
}

export interface SeedPermanence {
  /** stableId('permanence', `${personKey}@${placeKey}`) */
  id: string;
  personKey: string;
  personId: string;
  placeKey: string;
  placeId: string;
  openingHours: string;
  note: string | null;
}

/** Conseillers numériques: employer and postings (place keys), in the order of their numbers. */
const CONSEILLERS: [employer: string, postings: string[]][] = [
  ['departement-47', ['cms:agen', 'cms-antenne:aiguillon']],
  ['departement-47', ['cms:marmande', 'cms:tonneins']],
  ['departement-47', ['cms:villeneuve-sur-lot', 'mediatheque-departementale']],
  ['departement-47', ['cms:nerac', 'cms:casteljaloux']],
  ['lgnum', ['bus-numerique:lgnum', 'tiers-lieu:campus-numerique-47']],
  ['lgnum', ['bus-numerique:lgnum', 'cms:fumel']],
  ['lgnum', ['bus-numerique:lgnum', 'cms:sainte-livrade-sur-lot']],
  ['commune:47001', ['bib:47001', 'mairie:47001']],
  ['commune:47157', ['bib:47157']],
  ['commune:47323', ['bib:47323', 'mediatheque-departementale']],
  ['commune:47310', ['france-services:47310', 'bib:47310']],
  ['commune:47203', ['france-services:47203', 'bib:47203']],
  ['commune:47252', ['france-services:47252', 'bib:47252']],
  ['commune:47106', ['bib:47106', 'mairie:47106']],
  ['commune:47052', ['bib:47052']],
  ['epci:200096956', ['france-services:47015', 'mairie:47145']],
  ['epci:200096956', ['mairie:47031', 'mairie:47032']],
  ['epci:200030674', ['france-services:47157', 'france-services:47157:itinerant']],
  ['epci:200030674', ['france-services:47157:itinerant', 'bib:47159']],
  ['epci:244700464', ['france-services:47168', 'bib:47168']],
  ['epci:200068922', ['france-services:47004', 'france-services:47213']],
  ['epci:200023307', ['france-services:47323']],
  ['epci:244701355', ['france-services:47052', 'france-services:47119']],
  ['epci:200068948', ['france-services:47195', 'bib:47167']],
  ['epci:200068930', ['france-services:47106']],
  ['epci:244700449', ['france-services:47086', 'bib:47086']],
  ['epci:200036523', ['france-services:47175', 'bib:47175']],
  ['epci:244701405', ['france-services:47054', 'bib:47054']],
  ['asso:le-wez', ['tiers-lieu:le-wez', 'bib:47078']],
  ['asso:co-clic-co', ['tiers-lieu:co-clic-co']],
  ['asso:la-fontaine', ['tiers-lieu:la-fontaine-agen', 'tiers-lieu:la-fontaine-villeneuve']],
  ['asso:le-quai-marmande', ['tiers-lieu:marmande']],
  ['asso:epn-albret', ['epn:nerac', 'bib:47195']],
  ['asso:cyber-espace-fumelois', ['epn:fumel']],
  ['asso:clic-et-lien-casteljaloux', ['epn:casteljaloux']],
  ['asso:generations-numeriques-47', ['asso:generations-numeriques-47']],
  ['asso:centre-social-marmande', ['centre-social:marmande']],
  ['asso:familles-rurales-47', ['asso:familles-rurales-47', 'centre-social:tonneins']],
  ['pro:formations-numeriques-confluent', ['formateur:formations-numeriques-confluent', 'bib:47210']],
];

const MEDIATEURS: [employer: string, postings: string[]][] = [
  ['asso:le-wez', ['tiers-lieu:le-wez']],
  ['asso:co-clic-co', ['tiers-lieu:co-clic-co']],
  ['campus-numerique-47', ['tiers-lieu:campus-numerique-47']],
  ['asso:recup-info-47', ['ressourcerie:marmande']],
];

const COORDINATEURS: [employer: string, postings: string[]][] = [
  ['departement-47', ['mediatheque-departementale']],
  ['lgnum', ['tiers-lieu:campus-numerique-47']],
];

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Inès',
  'Sarah',
  'Julie',
  'Laura',
  'Émilie',
  'Marion',
  'Pauline',
  'Claire',
  'Sophie',
  'Nathalie',
  'Isabelle',
  'Sandrine',
  'Valérie',
  'Céline',
  'Aurélie',
  'Élodie',
  'Mélanie',
  'Audrey',
  'Fatima',
  'Nadia',
  'Christine',
  'Martine',
  'Hélène',
  'Anaïs',
  'Océane',
  'Lucie',
  'Thomas',
  'Nicolas',
  'Julien',
  'Maxime',
  'Alexandre',
  'Antoine',
  'Romain',
  'Kévin',
  'Mathieu',
  'Sébastien',
  'Guillaume',
  'Florian',
  'Jérôme',
  'Christophe',
  'Olivier',
  'Philippe',
  'Laurent',
  'Stéphane',
  'Pierre',
  'Jean',
  'Karim',
  'Mehdi',
  'Bastien',
  'Quentin',
  'Hugo',
  'Lucas',
  'Théo',
  'Baptiste',
  'Damien',
  'Fabien',
];

const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Durand',
  'Lefebvre',
  'Moreau',
  'Laurent',
  'Garcia',
  'Roux',
  'Fournier',
  'Girard',
  'Lambert',
  'Bonnet',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefèvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Perrin',
  'Robin',
  'Clément',
  'Morin',
  'Nicolas',
  'Henry',
  'Roussel',
  'Mathieu',
  'Gautier',
  'Masson',
  'Marchand',
  'Duval',
  'Denis',
  'Dumont',
  'Marie',
  'Lemaire',
  'Noël',
  'Meyer',
  'Dufour',
  'Meunier',
  'Brun',
  'Lacoste',
  'Labat',
  'Dupuy',
  'Lafargue',
  'Cazenave',
  'Castaing',
  'Dubourg',
  'Lalanne',
  'Sarrazin',
  'Bordes',
  'Delmas',
  'Laborde',
  'Ducos',
  'Pujol',
  'Barrère',
  'Lagarde',
  'Bousquet',
  'Fabre',
  'Rivière',
  'Capdeville',
  'Soulé',
  'Tessier',
  'Ferrer',
  'Lopez',
  'Martinez',
  'Sanchez',
  'Fernandes',
  'Da Silva',
  'Rossi',
  'Benali',
];

/** Weekday groups when a person splits the week between postings (OSM day abbreviations). */
const DAY_GROUPS: Record<number, string[][]> = {
  1: [['Mo', 'Tu', 'We', 'Th', 'Fr']],
  2: [
    ['Mo', 'Tu', 'Th'],
    ['We', 'Fr'],
  ],
  3: [['Mo', 'Tu'], ['We', 'Th'], ['Fr']],
};

/** The posting a person works at on a weekday (0 Sunday … 6 Saturday), following their permanences. */
export function postingOn(person: SeedPerson, weekday: number): string | null {
  const day = ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'][weekday];
  const groups = DAY_GROUPS[person.postings.length] ?? DAY_GROUPS[1];
  const index = groups.findIndex((g) => g.includes(day));
  return index < 0 ? null : (person.postings[index] ?? null);
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function habilitationDate(random: () => number): string {
  // Between 2022-01-01 and 2026-06-30, when Aidants Connect habilitations spread in the département.
  const start = Date.UTC(2022, 0, 1);
  const days = Math.floor(random() * 1642);
  return new Date(start + days * 86_400_000).toISOString().slice(0, 10);
}

interface PersonSpec {
  key: string;
  role: SeedPersonRole;
  profession: SeedProfession | null;
  employerKey: string;
  postings: string[];
  habilitationRate: number;
  /** Fixed when the posting's commune is not the main place of work (e.g. the bus numérique). */
  inseeCode?: string;
}

function buildPerson(
  spec: PersonSpec,
  places: Map<string, SeedPlace>,
  orgIds: Map<string, string>,
): SeedPerson {
  const random = prng(hashSeed(`person:${spec.key}`));
  for (const key of spec.postings)
    if (!places.has(key)) throw new Error(`seed person ${spec.key}: unknown place ${key}`);
  const employerId = orgIds.get(spec.employerKey);
  if (!employerId) throw new Error(`seed person ${spec.key}: unknown organization ${spec.employerKey}`);
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  const short = spec.key
    .replace('conseiller-', 'cn')
    .replace('aidant-', 'ad')
    .replace('mediateur-', 'md')
    .replace('coordinateur-', 'co');
  // Some aidants leave no professional contact in the directory.
  const contactable = spec.role !== 'AIDANT_NUMERIQUE' || random() < 0.8;
  const habilitated = random() < spec.habilitationRate;
  const conseiller = spec.role === 'CONSEILLER_NUMERIQUE';
  const trained = random() < 0.85;
  const pix = random() < (conseiller ? 0.6 : 0.15);
  return {
    id: stableId('person', spec.key),
    key: spec.key,
    role: spec.role,
    profession: spec.profession,
    employerKey: spec.employerKey,
    employerId,
    firstName,
    lastName,
    email: contactable ? `${ascii(firstName)}.${ascii(lastName)}.${short}@declic47.example` : null,
    phone:
      contactable && random() < 0.7 ? `+33553${String(Math.floor(random() * 1e6)).padStart(6, '0')}` : null,
    inseeCode: spec.inseeCode ?? places.get(spec.postings[0])!.code_insee,
    habilitatedOn: habilitated ? habilitationDate(random) : null,
    certifications: [
      ...(pix ? (['PIX'] as const) : []),
      ...(conseiller && trained ? (['CCP1_REMN'] as const) : []),
      ...(spec.role === 'COORDINATEUR' || spec.role === 'MEDIATEUR' ? (['REMN'] as const) : []),
    ],
    trainingStatus: conseiller
      ? trained
        ? 'COMPLETED'
        : 'IN_PROGRESS'
      : habilitated || spec.role !== 'AIDANT_NUMERIQUE'
        ? 'COMPLETED'
        : random() < 0.2
          ? 'PLANNED'
          : 'NOT_REQUIRED',
    postings: spec.postings,
  };
}

/** Aidants by partner structure, in a fixed order so that their numbers never change. */
function aidantSpecs(places: SeedPlace[]): Omit<PersonSpec, 'key'>[] {
  const specs: Omit<PersonSpec, 'key'>[] = [];
  const add = (place: SeedPlace, profession: SeedProfession, count: number, habilitationRate: number) => {
    for (let i = 0; i < count; i++)
      specs.push({
        role: 'AIDANT_NUMERIQUE',
        profession,
        employerKey: place.organizationKey,
        postings: [place.key],
        habilitationRate,
      });
  };
  const byPrefix = (prefix: string) => places.filter((p) => p.key.startsWith(prefix));
  // Secrétaires de mairie in about a third of the communes, picked once and for all.
  for (const mairie of byPrefix('mairie:')) {
    if (prng(hashSeed(`secretaire:${mairie.key}`))() < 0.34) add(mairie, 'SECRETAIRE_DE_MAIRIE', 1, 0.3);
  }
  for (const cms of byPrefix('cms:')) add(cms, 'SOCIAL_WORKER', 4, 0.5);
  for (const antenne of byPrefix('cms-antenne:')) add(antenne, 'SOCIAL_WORKER', 2, 0.5);
  for (const key of ['caf:', 'msa:', 'cpam:', 'carsat:'])
    for (const p of byPrefix(key)) add(p, 'RECEPTION_AGENT', 4, 0.4);
  for (const p of byPrefix('poste:')) add(p, 'RECEPTION_AGENT', 1, 0.25);
  for (const p of byPrefix('france-services:')) add(p, 'RECEPTION_AGENT', 2, 0.75);
  for (const p of byPrefix('france-travail:')) add(p, 'RECEPTION_AGENT', 2, 0.3);
  for (const p of byPrefix('mission-locale:')) add(p, 'RECEPTION_AGENT', 1, 0.3);
  for (const p of [...byPrefix('bib:'), ...byPrefix('mediatheque-departementale')])
    add(p, 'LIBRARIAN', 1, 0.2);
  for (const p of [...byPrefix('centre-social:'), ...byPrefix('formateur:ecrivain-public')])
    add(p, 'PUBLIC_SCRIBE', 1, 0.4);
  for (const key of [
    'secours-populaire:',
    'restos-du-coeur:',
    'udaf:',
    'cidff:',
    'epn:tonneins',
    'epn:duras',
  ]) {
    for (const p of byPrefix(key)) {
      add(p, 'ASSOCIATION_LEADER', 1, 0.2);
      add(p, 'VOLUNTEER', 1, 0.1);
    }
  }
  for (const p of byPrefix('formateur:').filter((p) => !p.key.startsWith('formateur:ecrivain-public')))
    add(p, 'INDEPENDENT_TRAINER', 1, 0.1);
  return specs;
}

const people = new Map<number, SeedPerson[]>();
const permanences = new Map<number, SeedPermanence[]>();
let specs: PersonSpec[] | undefined;

/** The specs of the scale-1 people, in a fixed order so that their numbers never change. */
function personSpecs(): PersonSpec[] {
  if (specs) return specs;
  const allPlaces = seedPlaces();
  const places = new Map(allPlaces.map((p) => [p.key, p]));
  const two = (n: number) => String(n).padStart(2, '0');
  specs = [
    ...CONSEILLERS.map(([employerKey, postings], i) => ({
      key: `conseiller-${two(i + 1)}`,
      role: 'CONSEILLER_NUMERIQUE' as const,
      profession: null,
      employerKey,
      postings,
      habilitationRate: 0.6,
      // The bus numérique has no fixed commune: LGNum's conseillers are placed at its Agen head office.
      ...(postings[0] === 'bus-numerique:lgnum' ? { inseeCode: places.get(postings[1])!.code_insee } : {}),
    })),
    ...aidantSpecs(allPlaces).map((spec, i) => ({
      ...spec,
      key: `aidant-${String(i + 1).padStart(3, '0')}`,
    })),
    ...MEDIATEURS.map(([employerKey, postings], i) => ({
      key: `mediateur-${two(i + 1)}`,
      role: 'MEDIATEUR' as const,
      profession: null,
      employerKey,
      postings,
      habilitationRate: 0.5,
    })),
    ...COORDINATEURS.map(([employerKey, postings], i) => ({
      key: `coordinateur-${two(i + 1)}`,
      role: 'COORDINATEUR' as const,
      profession: null,
      employerKey,
      postings,
      habilitationRate: 0,
    })),
  ];
  return specs;
}

/**
 * Every seed person, built once per scale from the catalog's organizations and places. At scale N, copy k
 * of each person (key `scaledKey(key, k)`) works for copy k of their employer and at copy k of their places,
 * or at the originals when those are real and never copied (territorial bodies, named places).
 */
export function seedPeople(scale?: number): SeedPerson[] {
  const n = normalizeScale(scale);
  const built = people.get(n);
  if (built) return built;
  const places = new Map(seedPlaces(n).map((p) => [p.key, p]));
  const orgIds = new Map(seedOrganizations(n).map((o) => [o.key, o.id]));
  const copyOf = (key: string, k: number, known: Map<string, unknown>) =>
    known.has(scaledKey(key, k)) ? scaledKey(key, k) : key;
  // Named real places are never copied: copy k of someone posted at one goes to a generated place of copy k,
  // in the same commune when there is one, so that a real place keeps its real staff at every scale.
  const generated = groupBy(
    [...places.values()].flatMap((place) => {
      const k = /~(\d+)$/.exec(place.key)?.[1];
      return k ? [`${k}`, `${k}:${place.code_insee}`].map((group) => ({ group, place })) : [];
    }),
    (g) => g.group,
    (g) => g.place,
  );
  const postingOf = (personKey: string, placeKey: string, k: number): string => {
    if (places.has(scaledKey(placeKey, k))) return scaledKey(placeKey, k);
    const commune = places.get(placeKey)?.code_insee;
    const pool = generated.get(`${k}:${commune}`) ?? generated.get(`${k}`);
    return pool ? pool[hashSeed(`posting:${personKey}@${placeKey}`) % pool.length].key : placeKey;
  };
  const scaled = withCopies(personSpecs(), n, (spec, k) => ({
    ...spec,
    key: scaledKey(spec.key, k),
    employerKey: copyOf(spec.employerKey, k, orgIds),
    postings: [...new Set(spec.postings.map((key) => postingOf(scaledKey(spec.key, k), key, k)))],
  }));
  const result = scaled.map((spec) => buildPerson(spec, places, orgIds));
  people.set(n, result);
  return result;
}

/**
 * Weekly permanences: a conseiller, médiateur or coordinateur splits the working week between their postings;
 * an aidant is there during their place's opening hours, when the place publishes them.
 */
export function seedPermanences(scale?: number): SeedPermanence[] {
  const n = normalizeScale(scale);
  const built = permanences.get(n);
  if (built) return built;
  const places = new Map(seedPlaces(n).map((p) => [p.key, p]));
  const result = seedPeople(n).flatMap((person) => {
    const groups = DAY_GROUPS[person.postings.length];
    return person.postings.flatMap((placeKey, i) => {
      const place = places.get(placeKey)!;
      const random = prng(hashSeed(`permanence:${person.key}@${placeKey}`));
      let openingHours: string | undefined;
      let note: string | null = null;
      if (person.role !== 'AIDANT_NUMERIQUE') {
        const afternoon = random() < 0.3 ? '13:30-17:00' : '13:30-17:30';
        openingHours = `${groups[i].join(',')} 09:00-12:30,${afternoon}; PH off`;
        if (random() < 0.3) note = 'Sur rendez-vous l’après-midi';
      } else openingHours = place.horaires;
      if (!openingHours) return [];
      return [
        {
          id: stableId('permanence', `${person.key}@${placeKey}`),
          personKey: person.key,
          personId: person.id,
          placeKey,
          placeId: place.id,
          openingHours,
          note,
        },
      ];
    });
  });
  permanences.set(n, result);
  return result;
}
