import type { EntityManager } from '@mikro-orm/postgresql';
import { pgTextArray } from '../subgraphs/shared/sql';
import { territoryReference } from '../subgraphs/shared/territory';
import { personSearchText } from '../subgraphs/people/person/person.write';
import { hashSeed, prng, stableId } from './ids';
import { normalizeScale, seedPlaces } from './catalog';
import { bulkInsert } from './catalog/bulk-insert';
import { postingOn, seedPeople as catalogPeople, seedPermanences, type SeedPerson } from './catalog/people';

// Seeds carry a fixed creation time so that re-seeding and period indicators are deterministic.
const SEEDED_AT = new Date('2024-01-01T00:00:00Z');
/** About a year of activity reports, from November 2025 to the seeds' "today" in November 2026. */
export const ACTIVITY_PERIOD = { from: '2025-11-01', to: '2026-11-20' };

type Weighted<T> = [T, number][];

function weighted<T>(random: () => number, table: Weighted<T>): T {
  const total = table.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [value, weight] of table) {
    r -= weight;
    if (r < 0) return value;
  }
  return table[table.length - 1][0];
}

/** 1 to `max` distinct values drawn by weight. */
function several<T>(random: () => number, table: Weighted<T>, max: number): T[] {
  const count = 1 + Math.floor(random() * max);
  const chosen = new Set<T>();
  for (let i = 0; i < count * 3 && chosen.size < count; i++) chosen.add(weighted(random, table));
  return [...chosen];
}

// Plausible shares of the national report's vocabularies, for the seeds only.
const MEDIATION_THEMES: Weighted<string> = [
  ['prendre_en_main_du_materiel', 14],
  ['email', 12],
  ['navigation_sur_internet', 10],
  ['securite_numerique', 8],
  ['diagnostic_numerique', 6],
  ['sante', 6],
  ['aide_aux_demarches_administratives', 6],
  ['bureautique', 5],
  ['banque_et_achats_en_ligne', 5],
  ['insertion_professionnelle', 5],
  ['reseaux_sociaux', 4],
  ['maintenance_de_materiel', 3],
  ['scolarite_et_numerique', 2],
  ['culture_numerique', 2],
  ['intelligence_artificielle', 2],
  ['parentalite', 1],
  ['creer_avec_le_numerique', 1],
  ['entrepreneuriat', 1],
];
const PROCEDURE_THEMES: Weighted<string> = [
  ['social_sante', 12],
  ['argent_impots', 10],
  ['papiers_elections_citoyennete', 8],
  ['travail_formation', 8],
  ['logement', 5],
  ['famille_scolarite', 5],
  ['transports_mobilite', 3],
  ['etrangers_europe', 2],
  ['justice', 1],
  ['loisirs_sports_culture', 1],
];
const AGE_BANDS: Weighted<string> = [
  ['age_moins_12_ans', 1],
  ['age_de_12_a_18_ans', 3],
  ['age_de_18_a_35_ans', 15],
  ['age_de_35_a_60_ans', 35],
  ['age_plus_60_ans', 46],
];
const SOCIAL_STATUSES: Weighted<string> = [
  ['statut_retraite', 45],
  ['statut_sans_emploi', 25],
  ['statut_en_emploi', 20],
  ['statut_heterogene', 6],
  ['statut_etudiant', 4],
];
const LOCATIONS: Weighted<string> = [
  ['lieu_activite', 78],
  ['a_distance', 12],
  ['domicile', 6],
  ['autre', 4],
];

/** Who fills in activity reports: every conseiller and médiateur, and some aidants of front-line structures. */
function recordsActivities(person: SeedPerson): boolean {
  if (person.role === 'CONSEILLER_NUMERIQUE' || person.role === 'MEDIATEUR') return true;
  if (person.role !== 'AIDANT_NUMERIQUE') return false;
  const frontLine = ['SOCIAL_WORKER', 'RECEPTION_AGENT', 'LIBRARIAN', 'PUBLIC_SCRIBE'];
  return frontLine.includes(person.profession ?? '') && prng(hashSeed(`cra:${person.key}`))() < 0.3;
}

/** The activity reports of the seed period, generated day by day per person (deterministic). */
export function activityRows(people: SeedPerson[] = catalogPeople(), scale = 1): Record<string, unknown>[] {
  return [...activities(people, scale)];
}

/** The activity reports, lazily (millions at scale 100): the places of the scaled catalog, person by person. */
function* activities(people: SeedPerson[], scale: number): Generator<Record<string, unknown>> {
  const territory = territoryReference();
  const places = new Map(seedPlaces(scale).map((p) => [p.key, p]));
  const start = Date.parse(`${ACTIVITY_PERIOD.from}T00:00:00Z`);
  const end = Date.parse(`${ACTIVITY_PERIOD.to}T00:00:00Z`);
  for (const person of people.filter(recordsActivities)) {
    const random = prng(hashSeed(`activities:${person.key}`));
    const aidant = person.role === 'AIDANT_NUMERIQUE';
    const workshopDay = 2 + Math.floor(random() * 3);
    const holidayWeek = 31 + Math.floor(random() * 3);
    let n = 0;
    for (let t = start; t <= end; t += 86_400_000) {
      const day = new Date(t);
      const weekday = day.getUTCDay();
      const week = Math.floor((t - Date.UTC(day.getUTCFullYear(), 0, 1)) / (7 * 86_400_000));
      const posting = postingOn(person, weekday);
      if (
        !posting ||
        (week >= holidayWeek && week < holidayWeek + 3) ||
        (day.getUTCMonth() === 11 && day.getUTCDate() > 24)
      )
        continue;
      const place = places.get(posting)!;
      const date = day.toISOString().slice(0, 10);
      const created = new Date(t + 17 * 3_600_000);
      const base = { person_id: person.id, date, created_at: created, updated_at: created };
      const individual = aidant
        ? random() < 0.15
          ? 1
          : 0
        : weighted(random, [
            [0, 2],
            [1, 3],
            [2, 1],
          ] as Weighted<number>);
      for (let i = 0; i < individual; i++) {
        const procedure = random() < 0.35;
        const location = weighted(random, LOCATIONS);
        const epciCommunes = territory.communesOf('epci', territory.epciOf(place.code_insee) ?? '');
        const residence =
          random() < 0.75 || !epciCommunes.length
            ? place.code_insee
            : epciCommunes[Math.floor(random() * epciCommunes.length)];
        const atPlace = location === 'lieu_activite';
        yield {
          id: stableId('activity', `${person.key}:${++n}`),
          ...base,
          location_type: location,
          place_id: atPlace ? place.id : null,
          insee_code: atPlace ? place.code_insee : residence,
          type: procedure ? 'demarche_administrative' : 'individuel',
          duration_minutes: weighted(random, [
            [15, 2],
            [30, 4],
            [45, 3],
            [60, 3],
            [90, 1],
          ] as Weighted<number>),
          themes: pgTextArray(
            several(random, procedure ? PROCEDURE_THEMES : MEDIATION_THEMES, procedure ? 2 : 3),
          ),
          participants_count: 1,
          equipment: pgTextArray([
            weighted(random, [
              ['ordinateur', 40],
              ['telephone', 40],
              ['tablette', 10],
              ['aucun', 5],
              ['autre', 5],
            ] as Weighted<string>),
          ]),
          autonomy: weighted(random, [
            ['entierement_accompagne', 35],
            ['partiellement_autonome', 45],
            ['autonome', 20],
          ] as Weighted<string>),
          workshop_level: null,
          participant_age_band: weighted(random, AGE_BANDS),
          participant_social_status: weighted(random, SOCIAL_STATUSES),
          participant_insee_code: residence,
        };
      }
      if (!aidant && weekday === workshopDay && random() < 0.6) {
        yield {
          id: stableId('activity', `${person.key}:${++n}`),
          ...base,
          location_type: 'lieu_activite',
          place_id: place.id,
          insee_code: place.code_insee,
          type: 'collectif',
          duration_minutes: weighted(random, [
            [60, 2],
            [90, 3],
            [120, 3],
            [180, 1],
          ] as Weighted<number>),
          themes: pgTextArray(several(random, MEDIATION_THEMES, 2)),
          participants_count: 3 + Math.floor(random() * 10),
          equipment: pgTextArray([random() < 0.7 ? 'ordinateur' : 'tablette']),
          autonomy: null,
          workshop_level: weighted(random, [
            ['debutant', 6],
            ['intermediaire', 3],
            ['avance', 1],
          ] as Weighted<string>),
          participant_age_band: null,
          participant_social_status: 'statut_heterogene',
          participant_insee_code: null,
        };
      }
    }
  }
}

/** The catalog's people as rows of the person table. */
export function personRows(people: SeedPerson[] = catalogPeople()) {
  return people.map((p) => ({
    id: p.id,
    role: p.role,
    profession: p.profession,
    employer_id: p.employerId,
    first_name: p.firstName,
    last_name: p.lastName,
    email: p.email,
    phone: p.phone,
    insee_code: p.inseeCode,
    aidants_connect_habilitated: p.habilitatedOn !== null,
    aidants_connect_habilitated_on: p.habilitatedOn,
    certifications: pgTextArray(p.certifications),
    training_status: p.trainingStatus,
    search_text: personSearchText(p),
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  }));
}

/**
 * Seeds the people subgraph: the catalog's people, their permanences and a year of activity reports; at scale
 * N, N copies of the generated people (see seeds/catalog/people.ts) with theirs. Idempotent (rows that exist
 * are left alone) and deterministic; bulk inserts of 5,000 rows (activities generated lazily), in one transaction.
 */
export async function seedPeople(em: EntityManager, options: { scale?: number } = {}): Promise<boolean> {
  const scale = normalizeScale(options.scale);
  const people = catalogPeople(scale);
  const permanences = seedPermanences(scale).map((p) => ({
    id: p.id,
    person_id: p.personId,
    place_id: p.placeId,
    opening_hours: p.openingHours,
    note: p.note,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
  }));
  let inserted = 0;
  await em.transactional(async (tx) => {
    inserted += await bulkInsert(tx, 'person', 'id', personRows(people));
    inserted += await bulkInsert(tx, 'permanence', 'id', permanences);
    inserted += await bulkInsert(tx, 'activity', 'id', activities(people, scale));
  });
  return inserted > 0;
}
