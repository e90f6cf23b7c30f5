import type { EntityManager } from '@mikro-orm/postgresql';
import { seedOrganizations, seedPlaces } from '../../seeds/catalog';
import {
  CONSEILLER_COUNT,
  JEUDIS_PROGRAMME,
  TRAINING_SEED_NOW,
  conseillerId,
  seedTraining,
} from '../../seeds/catalog/training';
import { stableId } from '../../seeds/ids';
import { seedTraining as seedTrainingDatabase, sessionRegistrations } from '../../seeds/training.seeder';
import { territoryReference } from '../../subgraphs/shared/territory';
import { TrainingTheme } from '../../subgraphs/training/offer/training-offer.enums';
import { trainingSubgraph } from '../../subgraphs/training';
import { openTestDatabase } from '../helpers/database';

const { offers, sessions } = seedTraining();
const offerById = new Map(offers.map((o) => [o.id, o]));
const parisClock = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);

describe('training seed catalog', () => {
  it('derives every id from its natural key', () => {
    for (const o of offers) expect(o.id).toBe(stableId('training-offer', o.key));
    for (const s of sessions) expect(s.id).toBe(stableId('training-session', s.key));
    expect(new Set(offers.map((o) => o.key)).size).toBe(offers.length);
    expect(new Set(sessions.map((s) => s.key)).size).toBe(sessions.length);
  });

  it('gives offers to 25 or more labelled training structures, and only to them or the Jeudis', () => {
    const trainers = new Set(
      seedOrganizations()
        .filter((o) => o.roles.includes('QUALIFIED_TRAINER'))
        .map((o) => o.id),
    );
    const labelled = offers.filter((o) => o.programme !== JEUDIS_PROGRAMME);
    expect(new Set(labelled.map((o) => o.providerId)).size).toBeGreaterThanOrEqual(25);
    for (const o of labelled) expect(trainers.has(o.providerId)).toBe(true);
  });

  it('uses only national mediation themes', () => {
    const codes = new Set<string>(Object.values(TrainingTheme));
    for (const o of offers) {
      expect(o.themes.length).toBeGreaterThan(0);
      for (const t of o.themes) expect(codes.has(t)).toBe(true);
    }
  });

  it('holds a weekly online Jeudi at 14:00 Paris time, with podcasts and prevention topics', () => {
    const jeudis = sessions.filter((s) => offerById.get(s.offerId)!.programme === JEUDIS_PROGRAMME);
    expect(jeudis.length).toBeGreaterThanOrEqual(52);
    for (const s of jeudis) {
      expect(parisClock(s.startsAt)).toBe('Thu 14:00');
      expect(s).toMatchObject({
        placeId: null,
        inseeCode: null,
        onlineUrl: expect.stringMatching(/^https:\/\//),
      });
    }
    const programme = offers.filter((o) => o.programme === JEUDIS_PROGRAMME);
    expect(programme.filter((o) => o.format === 'PODCAST').length).toBeGreaterThanOrEqual(10);
    const themes = new Set(programme.flatMap((o) => o.themes));
    for (const theme of [
      'aide_aux_demarches_administratives',
      'argent_impots',
      'securite_numerique',
      'reseaux_sociaux',
      'parentalite',
      'culture_numerique',
    ])
      expect(themes.has(theme)).toBe(true);
    expect(sessions.some((s) => offerById.get(s.offerId)!.format === 'PODCAST')).toBe(false);
  });

  it('holds senior initiation workshops at the Campus numérique 47', () => {
    const campus = stableId('place', 'tiers-lieu:campus-numerique-47');
    const seniors = sessions.filter(
      (s) => s.placeId === campus && offerById.get(s.offerId)!.targetPublics.includes('SENIORS'),
    );
    expect(seniors.length).toBeGreaterThanOrEqual(52);
  });

  it('copies each place’s INSEE code and coordinates onto its sessions', () => {
    const places = new Map(seedPlaces().map((p) => [p.id, p]));
    for (const s of sessions.filter((x) => x.placeId)) {
      const place = places.get(s.placeId!)!;
      expect(place).toBeDefined();
      expect(s).toMatchObject({
        inseeCode: place.code_insee,
        latitude: place.latitude,
        longitude: place.longitude,
      });
      expect(territoryReference().isCommune(s.inseeCode!)).toBe(true);
    }
  });

  it('is led by the 39 conseillers numériques of the people seeds', () => {
    const conseillers = new Set(Array.from({ length: CONSEILLER_COUNT }, (_, i) => conseillerId(i + 1)));
    expect(conseillerId(1)).toBe(stableId('person', 'conseiller-01'));
    for (const s of sessions) expect(conseillers.has(s.trainerId)).toBe(true);
  });

  it('spans a year of past sessions and upcoming ones until March 2027, relative to a fixed now', () => {
    const past = sessions.filter((s) => s.startsAt < TRAINING_SEED_NOW);
    const upcoming = sessions.filter((s) => s.startsAt >= TRAINING_SEED_NOW);
    expect(past.length).toBeGreaterThan(upcoming.length);
    expect(upcoming.length).toBeGreaterThan(100);
    expect(Math.min(...past.map((s) => s.startsAt.getTime()))).toBeLessThan(Date.parse('2025-12-01'));
    expect(Math.max(...upcoming.map((s) => s.startsAt.getTime()))).toBeGreaterThan(Date.parse('2027-03-01'));
    for (const s of sessions) expect(s.startsAt.getTime()).toBeLessThan(Date.parse('2027-04-01'));
  });

  it('registers pseudonymous participants within capacity, with attendance for past sessions only', () => {
    for (const s of sessions) {
      const regs = sessionRegistrations(s);
      const active = regs.filter((r) => r.status === 'REGISTERED');
      expect(active.length).toBeLessThanOrEqual(s.capacity);
      expect(new Set(active.map((r) => r.participantRef)).size).toBe(active.length);
      for (const r of regs) {
        expect(r.participantRef).toMatch(/^p47-[0-9a-f-]+$/);
        if (s.startsAt >= TRAINING_SEED_NOW) expect(r.attended).toBeNull();
      }
    }
    expect(sessionRegistrations(sessions[10])).toEqual(sessionRegistrations(sessions[10]));
  });
});

describe('training seeder', () => {
  it('is idempotent: a second run writes nothing', async () => {
    const db = await openTestDatabase(trainingSubgraph);
    try {
      expect(await seedTrainingDatabase(db.orm.em.fork() as EntityManager)).toBe(true);
      expect(await seedTrainingDatabase(db.orm.em.fork() as EntityManager)).toBe(false);
      const [{ n }] = await db.orm.em
        .fork()
        .getConnection()
        .execute<{ n: string }[]>('select count(*) as n from training_session');
      expect(Number(n)).toBe(sessions.length);
      const [{ bad }] = await db.orm.em
        .fork()
        .getConnection()
        .execute<{ bad: string }[]>(
          `select count(*) as bad from training_session s where s.registrations_count <> (select count(*) from registration r where r.session_id = s.id and r.status = 'REGISTERED')`,
        );
      expect(Number(bad)).toBe(0);
    } finally {
      await db.close();
    }
  });
});
