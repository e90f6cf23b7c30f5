import type { EntityManager } from '@mikro-orm/postgresql';
import { pgTextArray } from '../subgraphs/shared/sql';
import { trainingOfferSearchText } from '../subgraphs/training/offer/training-offer.write';
import { hashSeed, prng, stableId } from './ids';
import { BULK_CHUNK, bulkInsert } from './catalog/bulk-insert';
import { normalizeScale } from './catalog/scale';
import {
  seedTraining as catalogTraining,
  TRAINING_SEED_NOW,
  type SeedTrainingSession,
} from './catalog/training';

// Seeds carry a fixed creation time so that re-seeding and period indicators are deterministic.
const SEEDED_AT = new Date('2025-09-01T00:00:00Z');
const PARTICIPANTS = 2400;
const DAY_MS = 86_400_000;

export interface SeedRegistration {
  id: string;
  sessionId: string;
  participantRef: string;
  status: 'REGISTERED' | 'CANCELLED';
  attended: boolean | null;
  registeredAt: Date;
  cancelledAt: Date | null;
}

/** A pseudonymous participant reference: opaque, never a name. */
const participantRef = (n: number) => `p47-${stableId('participant', String(n)).slice(0, 13)}`;

/**
 * Registrations of one session, deterministic: past sessions (before the fixed seed "now") fill 45–100% of
 * their seats with attendance recorded; upcoming ones are partly filled, some full. A few cancel.
 */
export function sessionRegistrations(session: SeedTrainingSession): SeedRegistration[] {
  const random = prng(hashSeed(`registrations:${session.key}`));
  const past = session.startsAt < TRAINING_SEED_NOW;
  const online = session.placeId === null;
  const fill = past ? 0.45 + random() * 0.55 : random() < 0.2 ? 1 : random() * 0.7;
  const seats = Math.min(session.capacity, Math.round(session.capacity * fill * (online ? 0.6 : 1)));
  const taken = new Set<number>();
  const registrations: SeedRegistration[] = [];
  let active = 0;
  while (active < seats) {
    let n = Math.floor(random() * PARTICIPANTS);
    while (taken.has(n)) n = (n + 1) % PARTICIPANTS;
    taken.add(n);
    const registeredAt = new Date(session.startsAt.getTime() - (1 + Math.floor(random() * 20)) * DAY_MS);
    const cancelled = random() < 0.05 && registeredAt < TRAINING_SEED_NOW;
    if (!cancelled) active++;
    registrations.push({
      id: stableId('registration', `${session.key}:${n}`),
      sessionId: session.id,
      participantRef: participantRef(n),
      status: cancelled ? 'CANCELLED' : 'REGISTERED',
      attended: past && !cancelled ? random() < 0.82 : null,
      registeredAt: registeredAt < TRAINING_SEED_NOW ? registeredAt : TRAINING_SEED_NOW,
      cancelledAt: cancelled ? new Date(registeredAt.getTime() + DAY_MS / 2) : null,
    });
  }
  return registrations;
}

/**
 * Seeds the training subgraph from the catalog: offers, sessions (with the seat count of their active
 * registrations) and registrations; at scale N, N copies of each (see seeds/catalog/training.ts). Idempotent
 * (rows that exist are left alone) and deterministic; bulk inserts of 5,000 rows, in one transaction, with
 * sessions and registrations generated in batches so that scale 100 stays small in memory.
 */
export async function seedTraining(em: EntityManager, options: { scale?: number } = {}): Promise<boolean> {
  const { offers, sessions } = catalogTraining(normalizeScale(options.scale));
  const stamp = { created_at: SEEDED_AT, updated_at: SEEDED_AT };
  const offerRows = offers.map((o) => ({
    id: o.id,
    title: o.title,
    description: o.description,
    themes: pgTextArray(o.themes),
    level: o.level,
    format: o.format,
    duration_minutes: o.durationMinutes,
    price_cents: o.priceCents,
    pass_numerique_eligible: o.passNumeriqueEligible,
    provider_id: o.providerId,
    target_publics: pgTextArray(o.targetPublics),
    programme: o.programme,
    search_text: trainingOfferSearchText(o),
    ...stamp,
  }));
  let inserted = 0;
  await em.transactional(async (tx) => {
    inserted += await bulkInsert(tx, 'training_offer', 'id', offerRows);
    for (let i = 0; i < sessions.length; i += BULK_CHUNK) {
      const batch = sessions
        .slice(i, i + BULK_CHUNK)
        .map((s) => ({ session: s, registrations: sessionRegistrations(s) }));
      inserted += await bulkInsert(
        tx,
        'training_session',
        'id',
        batch.map(({ session: s, registrations: r }) => ({
          id: s.id,
          offer_id: s.offerId,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
          place_id: s.placeId,
          online_url: s.onlineUrl,
          insee_code: s.inseeCode,
          latitude: s.latitude,
          longitude: s.longitude,
          trainer_id: s.trainerId,
          capacity: s.capacity,
          registrations_count: r.filter((x) => x.status === 'REGISTERED').length,
          ...stamp,
        })),
      );
      inserted += await bulkInsert(
        tx,
        'registration',
        'id',
        batch.flatMap(({ registrations: r }) =>
          r.map((x) => ({
            id: x.id,
            session_id: x.sessionId,
            participant_ref: x.participantRef,
            status: x.status,
            attended: x.attended,
            registered_at: x.registeredAt,
            cancelled_at: x.cancelledAt,
            created_at: x.registeredAt,
            updated_at: x.cancelledAt ?? x.registeredAt,
          })),
        ),
      );
    }
  });
  return inserted > 0;
}
