import { hashSeed, prng, stableId } from '../ids';
import { seedOrganizations, seedPlaces } from './index';
import { normalizeScale, scaledKey } from './scale';

/**
 * The training catalog: offers of the labelled training structures (organizations with role
 * QUALIFIED_TRAINER), the weekly online "Jeudis de l'inclusion numérique" and their podcasts, the senior
 * initiation workshops of the Campus numérique 47; a year of past sessions and upcoming ones. Everything is
 * relative to a fixed "now", so the catalog never changes between runs.
 */
export const TRAINING_SEED_NOW = new Date('2026-11-21T12:00:00Z');
const FIRST_DAY = '2025-11-21';
const LAST_DAY = '2027-03-31';
export const JEUDIS_PROGRAMME = "Les Jeudis de l'inclusion numérique";
/** The conseillers numériques seeded by the people subgraph: stableId('person', 'conseiller-01'…'-39'). */
export const CONSEILLER_COUNT = 39;

export type SeedTrainingFormat = 'ON_SITE' | 'REMOTE' | 'PODCAST' | 'HYBRID';
export type SeedTrainingLevel = 'BEGINNER' | 'INTERMEDIATE' | 'ADVANCED';

export interface SeedTrainingOffer {
  /** stableId('training-offer', key) */
  id: string;
  key: string;
  title: string;
  description: string;
  /** National mediation theme codes (Coop de la médiation numérique `thematiques`). */
  themes: string[];
  level: SeedTrainingLevel;
  format: SeedTrainingFormat;
  durationMinutes: number;
  priceCents: number;
  passNumeriqueEligible: boolean;
  providerId: string;
  targetPublics: string[];
  programme: string | null;
}

export interface SeedTrainingSession {
  /** stableId('training-session', key) */
  id: string;
  key: string;
  offerId: string;
  offerKey: string;
  startsAt: Date;
  endsAt: Date;
  placeId: string | null;
  onlineUrl: string | null;
  /** Copied from the place: INSEE code and coordinates. */
  inseeCode: string | null;
  latitude: number | null;
  longitude: number | null;
  trainerId: string;
  capacity: number;
}

export interface SeedTraining {
  offers: SeedTrainingOffer[];
  sessions: SeedTrainingSession[];
}

export const conseillerId = (n: number) => stableId('person', `conseiller-${String(n).padStart(2, '0')}`);

const JEUDIS_TOPICS: { key: string; title: string; themes: string[] }[] = [
  {
    key: 'caf',
    title: 'Mon compte CAF en ligne',
    themes: ['aide_aux_demarches_administratives', 'social_sante'],
  },
  {
    key: 'france-travail',
    title: 'France Travail : mon espace personnel',
    themes: ['aide_aux_demarches_administratives', 'insertion_professionnelle', 'travail_formation'],
  },
  {
    key: 'impots',
    title: 'Déclarer ses impôts en ligne',
    themes: ['aide_aux_demarches_administratives', 'argent_impots'],
  },
  {
    key: 'ameli',
    title: "Ameli : mon compte de l'Assurance maladie",
    themes: ['aide_aux_demarches_administratives', 'sante', 'social_sante'],
  },
  { key: 'messagerie', title: 'Créer et utiliser sa messagerie', themes: ['email'] },
  { key: 'navigation', title: 'Naviguer sur internet en confiance', themes: ['navigation_sur_internet'] },
  { key: 'smartphone', title: 'Prendre en main son smartphone', themes: ['prendre_en_main_du_materiel'] },
  {
    key: 'e-reputation',
    title: 'Protéger son e-réputation',
    themes: ['reseaux_sociaux', 'securite_numerique', 'culture_numerique'],
  },
  {
    key: 'identite-numerique',
    title: 'Mon identité numérique : FranceConnect et ses garanties',
    themes: ['papiers_elections_citoyennete', 'securite_numerique'],
  },
  { key: 'ecrans', title: "Écrans : prévenir l'addiction", themes: ['parentalite', 'sante'] },
  {
    key: 'fake-news',
    title: 'Démêler le vrai du faux : les fausses informations',
    themes: ['culture_numerique', 'reseaux_sociaux'],
  },
  {
    key: 'arnaques',
    title: 'Déjouer les arnaques en ligne',
    themes: ['securite_numerique', 'banque_et_achats_en_ligne'],
  },
];

const STRUCTURE_TEMPLATES: {
  key: string;
  title: string;
  themes: string[];
  level: SeedTrainingLevel;
  minutes: number;
  publics: string[];
}[] = [
  {
    key: 'premiers-pas',
    title: "Premiers pas sur l'ordinateur",
    themes: ['prendre_en_main_du_materiel'],
    level: 'BEGINNER',
    minutes: 120,
    publics: ['ALL'],
  },
  {
    key: 'messagerie',
    title: 'Envoyer et recevoir des e-mails',
    themes: ['email'],
    level: 'BEGINNER',
    minutes: 120,
    publics: ['ALL', 'SENIORS'],
  },
  {
    key: 'demarches',
    title: 'Démarches en ligne : CAF, impôts, Ameli',
    themes: ['aide_aux_demarches_administratives', 'argent_impots', 'social_sante'],
    level: 'INTERMEDIATE',
    minutes: 180,
    publics: ['ALL'],
  },
  {
    key: 'smartphone',
    title: 'Smartphone et tablette au quotidien',
    themes: ['prendre_en_main_du_materiel', 'navigation_sur_internet'],
    level: 'BEGINNER',
    minutes: 120,
    publics: ['SENIORS'],
  },
  {
    key: 'securite',
    title: 'Sécurité numérique : mots de passe et arnaques',
    themes: ['securite_numerique'],
    level: 'INTERMEDIATE',
    minutes: 120,
    publics: ['ALL'],
  },
  {
    key: 'bureautique',
    title: 'Traitement de texte et tableur',
    themes: ['bureautique'],
    level: 'INTERMEDIATE',
    minutes: 240,
    publics: ['JOB_SEEKERS', 'ALL'],
  },
  {
    key: 'emploi',
    title: 'Chercher un emploi en ligne',
    themes: ['insertion_professionnelle', 'travail_formation'],
    level: 'INTERMEDIATE',
    minutes: 180,
    publics: ['JOB_SEEKERS', 'YOUNG_PEOPLE'],
  },
  {
    key: 'parentalite',
    title: 'Parents : accompagner les écrans à la maison',
    themes: ['parentalite', 'scolarite_et_numerique'],
    level: 'BEGINNER',
    minutes: 120,
    publics: ['PARENTS'],
  },
  {
    key: 'photos',
    title: 'Ranger et partager ses photos',
    themes: ['creer_avec_le_numerique', 'prendre_en_main_du_materiel'],
    level: 'INTERMEDIATE',
    minutes: 120,
    publics: ['ALL', 'SENIORS'],
  },
  {
    key: 'ia',
    title: "Comprendre l'intelligence artificielle",
    themes: ['intelligence_artificielle', 'culture_numerique'],
    level: 'ADVANCED',
    minutes: 180,
    publics: ['ALL'],
  },
];

// Europe/Paris: UTC+2 from the last Sunday of March to the last Sunday of October (01:00 UTC), else UTC+1.
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}

/** A Paris wall-clock time on a day, as an instant. */
export function parisTime(day: string, hour: number, minute = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  const asUtc = Date.UTC(y, m - 1, d, hour, minute);
  const summer = asUtc - 3_600_000 >= lastSunday(y, 2) && asUtc - 7_200_000 < lastSunday(y, 9);
  return new Date(asUtc - (summer ? 2 : 1) * 3_600_000);
}

/** Every day between the two bounds with the given weekday (0 = Sunday), every `everyWeeks` weeks. */
function weekdays(weekday: number, everyWeeks = 1, offsetWeeks = 0): string[] {
  const days: string[] = [];
  const start = new Date(`${FIRST_DAY}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() + ((weekday - start.getUTCDay() + 7) % 7) + 7 * offsetWeeks);
  for (
    const d = start;
    d.toISOString().slice(0, 10) <= LAST_DAY;
    d.setUTCDate(d.getUTCDate() + 7 * everyWeeks)
  ) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

function buildTraining(): SeedTraining {
  const organizations = seedOrganizations();
  const places = seedPlaces();
  const orgId = (key: string) => {
    const org = organizations.find((o) => o.key === key);
    if (!org) throw new Error(`training seed: unknown organization ${key}`);
    return org.id;
  };
  const offers: SeedTrainingOffer[] = [];
  const sessions: SeedTrainingSession[] = [];
  const offer = (o: Omit<SeedTrainingOffer, 'id'>) => {
    const full = { id: stableId('training-offer', o.key), ...o };
    offers.push(full);
    return full;
  };
  const session = (
    o: SeedTrainingOffer,
    day: string,
    hour: number,
    s: Pick<SeedTrainingSession, 'trainerId' | 'capacity'> & { placeKey?: string; onlineUrl?: string },
  ) => {
    const place = s.placeKey ? places.find((p) => p.key === s.placeKey) : undefined;
    if (s.placeKey && !place) throw new Error(`training seed: unknown place ${s.placeKey}`);
    const startsAt = parisTime(day, hour);
    const key = `${o.key}:${day}`;
    sessions.push({
      id: stableId('training-session', key),
      key,
      offerId: o.id,
      offerKey: o.key,
      startsAt,
      endsAt: new Date(startsAt.getTime() + o.durationMinutes * 60_000),
      placeId: place?.id ?? null,
      onlineUrl: s.onlineUrl ?? null,
      inseeCode: place?.code_insee ?? null,
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
      trainerId: s.trainerId,
      capacity: s.capacity,
    });
  };

  // The Jeudis: one online offer and one podcast per topic, a live workshop every Thursday at 14:00.
  const departement = orgId('departement-47');
  const jeudis = JEUDIS_TOPICS.map((topic) => {
    offer({
      key: `podcast:${topic.key}`,
      title: `${topic.title} (podcast)`,
      description: `L'épisode podcast des Jeudis de l'inclusion numérique : ${topic.title.toLowerCase()}.`,
      themes: topic.themes,
      level: 'BEGINNER',
      format: 'PODCAST',
      durationMinutes: 30,
      priceCents: 0,
      passNumeriqueEligible: false,
      providerId: departement,
      targetPublics: ['ALL', 'PROFESSIONALS'],
      programme: JEUDIS_PROGRAMME,
    });
    return offer({
      key: `jeudis:${topic.key}`,
      title: `Jeudi de l'inclusion numérique : ${topic.title}`,
      description: `Atelier gratuit en ligne d'une heure et demie : ${topic.title.toLowerCase()}. Ouvert à tous, et aux aidants qui accompagnent.`,
      themes: topic.themes,
      level: 'BEGINNER',
      format: 'REMOTE',
      durationMinutes: 90,
      priceCents: 0,
      passNumeriqueEligible: false,
      providerId: departement,
      targetPublics: ['ALL', 'PROFESSIONALS'],
      programme: JEUDIS_PROGRAMME,
    });
  });
  weekdays(4).forEach((day, week) => {
    session(jeudis[week % jeudis.length], day, 14, {
      trainerId: conseillerId((week % CONSEILLER_COUNT) + 1),
      capacity: 100,
      onlineUrl: `https://visio.declic47.example/jeudis/${day}`,
    });
  });

  // Senior initiation at the Campus numérique 47, every Tuesday morning.
  const seniors = offer({
    key: 'campus-numerique-47:initiation-seniors',
    title: 'Initiation au numérique pour les seniors',
    description:
      "Allumer une tablette, naviguer, écrire un e-mail, appeler en vidéo ses proches : un atelier en petit groupe, à son rythme, au Campus numérique 47 d'Agen.",
    themes: ['prendre_en_main_du_materiel', 'navigation_sur_internet', 'email'],
    level: 'BEGINNER',
    format: 'ON_SITE',
    durationMinutes: 120,
    priceCents: 2000,
    passNumeriqueEligible: true,
    providerId: orgId('campus-numerique-47'),
    targetPublics: ['SENIORS'],
    programme: null,
  });
  weekdays(2).forEach((day, week) =>
    session(seniors, day, 10, {
      trainerId: conseillerId(((week * 7) % CONSEILLER_COUNT) + 1),
      capacity: 8,
      placeKey: 'tiers-lieu:campus-numerique-47',
    }),
  );

  // Two offers per labelled training structure, at its own place, every three weeks.
  const trainers = organizations.filter((o) => o.roles.includes('QUALIFIED_TRAINER'));
  for (const org of trainers) {
    const random = prng(hashSeed(`training:${org.key}`));
    const place =
      places.find((p) => p.organizationKey === org.key) ??
      places.find((p) => p.key === `mairie:${org.inseeCode}`);
    if (!place) throw new Error(`training seed: no place for ${org.key}`);
    const first = Math.floor(random() * STRUCTURE_TEMPLATES.length);
    const picks = [
      STRUCTURE_TEMPLATES[first],
      STRUCTURE_TEMPLATES[(first + 1 + Math.floor(random() * 3)) % STRUCTURE_TEMPLATES.length],
    ];
    picks.forEach((template, i) => {
      const o = offer({
        key: `${org.key}:${template.key}`,
        title: template.title,
        description: `${template.title}, avec ${org.name}. Atelier en petit groupe, payable en Pass numérique.`,
        themes: template.themes,
        level: template.level,
        format: random() < 0.15 ? 'HYBRID' : 'ON_SITE',
        durationMinutes: template.minutes,
        priceCents: 500 * (2 + Math.floor(random() * 9)),
        passNumeriqueEligible: true,
        providerId: org.id,
        targetPublics: template.publics,
        programme: null,
      });
      const weekday = 1 + Math.floor(random() * 5);
      const hour = random() < 0.5 ? 9 : 14;
      const capacity = 6 + Math.floor(random() * 7);
      const trainer = 1 + Math.floor(random() * CONSEILLER_COUNT);
      weekdays(weekday, 3, i).forEach((day) =>
        session(o, day, hour, {
          trainerId: conseillerId(trainer),
          capacity,
          placeKey: place.key,
          onlineUrl:
            o.format === 'HYBRID'
              ? `https://visio.declic47.example/${o.key.replace(/[^a-z0-9-]/g, '-')}`
              : undefined,
        }),
      );
    });
  }
  return { offers, sessions };
}

const training = new Map<number, SeedTraining>();

/**
 * The seed offers and sessions, built once per scale; funding seeds link Pass redemptions to these sessions.
 * At scale N, copy k of each offer (key `scaledKey(key, k)`) is given by copy k of its provider, and copy k of
 * each of its sessions is held at copy k of the place by copy k of the conseiller; real, never-copied
 * organizations and places (territorial bodies, named places) stay the originals.
 */
export function seedTraining(scale?: number): SeedTraining {
  const n = normalizeScale(scale);
  let built = training.get(n);
  if (!built) {
    built = n === 1 ? buildTraining() : scaleTraining(seedTraining(1), n);
    training.set(n, built);
  }
  return built;
}

function scaleTraining(base: SeedTraining, scale: number): SeedTraining {
  const organizations = seedOrganizations(1);
  const orgKeyOf = new Map(organizations.map((o) => [o.id, o.key]));
  const scaledOrgIds = new Map(seedOrganizations(scale).map((o) => [o.key, o.id]));
  const placeKeyOf = new Map(seedPlaces(1).map((p) => [p.id, p.key]));
  const scaledPlaces = new Map(seedPlaces(scale).map((p) => [p.key, p]));
  const conseillerKeys = new Map(
    Array.from({ length: CONSEILLER_COUNT }, (_, i) => [
      conseillerId(i + 1),
      `conseiller-${String(i + 1).padStart(2, '0')}`,
    ]),
  );
  const offers = [...base.offers];
  const sessions = [...base.sessions];
  for (let k = 1; k < scale; k++) {
    const offerIds = new Map<string, string>();
    for (const o of base.offers) {
      const key = scaledKey(o.key, k);
      const id = stableId('training-offer', key);
      offerIds.set(o.id, id);
      const providerKey = scaledKey(orgKeyOf.get(o.providerId)!, k);
      offers.push({ ...o, id, key, providerId: scaledOrgIds.get(providerKey) ?? o.providerId });
    }
    for (const s of base.sessions) {
      const key = scaledKey(s.key, k);
      const place = s.placeId ? scaledPlaces.get(scaledKey(placeKeyOf.get(s.placeId)!, k)) : undefined;
      const trainer = conseillerKeys.get(s.trainerId);
      sessions.push({
        ...s,
        id: stableId('training-session', key),
        key,
        offerId: offerIds.get(s.offerId)!,
        offerKey: scaledKey(s.offerKey, k),
        ...(place
          ? {
              placeId: place.id,
              inseeCode: place.code_insee,
              latitude: place.latitude,
              longitude: place.longitude,
            }
          : {}),
        trainerId: trainer ? stableId('person', scaledKey(trainer, k)) : s.trainerId,
      });
    }
  }
  return { offers, sessions };
}
