import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, InputProblems, refusal } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { TrainingSession } from '../session/training-session.entity';
import { Registration, RegistrationStatus } from './registration.entity';
import { lockedRow } from '../../shared/locked-row';

/** An opaque pseudonym: 4 to 64 letters, digits or `._:-`, so that a name or an e-mail does not fit. */
export const PARTICIPANT_REF_PATTERN = /^[A-Za-z0-9._:-]{4,64}$/;

/**
 * Registers a participant, inside the caller's transaction. The registration is inserted first and the session's
 * seat is taken last, by one conditional update (not started yet, a seat left): the session's row lock, where
 * concurrent registrations to one session queue, is held from that statement to the commit only, not across the
 * checks, the insert and their round trips (the rollup's append from the registration's trigger included). The
 * database's checks (count ≤ capacity, one active seat per participant) stand behind it.
 */
export async function register(
  em: EntityManager,
  sessionId: string,
  participantRef: string,
): Promise<Registration> {
  const problems = new InputProblems();
  problems.check(UUID_PATTERN.test(sessionId), 'sessionId', 'not a session id');
  problems.check(
    PARTICIPANT_REF_PATTERN.test(participantRef),
    'participantRef',
    'an opaque reference of 4 to 64 letters, digits or ._:- (never a name or an e-mail)',
  );
  problems.throwIfAny();
  // Read without a lock: the refusals below are answered early, and taking the seat checks them again.
  const [session] = await em.execute<{ starts_at: Date; registrations_count: number; capacity: number }[]>(
    'select starts_at, registrations_count, capacity from training_session where id = ?',
    [sessionId],
  );
  if (!session) throw badUserInput('sessionId', 'unknown training session');
  const now = new Date();
  if (new Date(session.starts_at) <= now) throw sessionPast();
  const existing = await em.count(Registration, {
    sessionId,
    participantRef,
    status: RegistrationStatus.REGISTERED,
  });
  if (existing > 0) throw alreadyRegistered();
  if (session.registrations_count >= session.capacity) throw sessionFull(session.capacity);
  const registration = Object.assign(new Registration(), { sessionId, participantRef });
  em.persist(registration);
  await em.flush();
  // The seat, last: the session's row stays locked from here to the commit.
  const taken = await em.execute<{ id: string }[]>(
    `update training_session set registrations_count = registrations_count + 1, updated_at = ?
     where id = ? and starts_at > ? and registrations_count < capacity returning id`,
    [now, sessionId, now],
  );
  if (taken.length === 0) {
    // Another registration took the last seat, or the session was moved, since the read above.
    const [latest] = await em.execute<{ past: boolean; capacity: number }[]>(
      'select starts_at <= ? as past, capacity from training_session where id = ?',
      [now, sessionId],
    );
    throw latest.past ? sessionPast() : sessionFull(latest.capacity);
  }
  return registration;
}

const sessionPast = () =>
  refusal('SESSION_PAST', 'This session has already started: registrations are closed.', 'sessionId');
const sessionFull = (capacity: number) =>
  refusal('SESSION_FULL', `This session is full: all ${capacity} seats are taken.`, 'sessionId');
const alreadyRegistered = () =>
  refusal('ALREADY_REGISTERED', 'This participant is already registered to this session.', 'participantRef');

/** Cancels a registration and frees its seat, inside the caller's transaction. */
export async function cancelRegistration(em: EntityManager, id: string): Promise<Registration> {
  if (!UUID_PATTERN.test(id)) throw badUserInput('id', 'not a registration id');
  const found = await em.findOne(Registration, { id });
  if (!found) throw badUserInput('id', 'unknown registration');
  const session = (await lockedRow(em, TrainingSession, found.sessionId))!;
  const registration = (await em.findOne(Registration, { id }, { refresh: true }))!;
  if (registration.status === RegistrationStatus.CANCELLED)
    throw refusal('REGISTRATION_CANCELLED', 'This registration is already cancelled.', 'id');
  if (session.startsAt <= new Date())
    throw refusal(
      'SESSION_PAST',
      'This session has already started: the registration can no longer be cancelled.',
      'id',
    );
  registration.status = RegistrationStatus.CANCELLED;
  registration.cancelledAt = new Date();
  session.registrationsCount -= 1;
  return registration;
}

/** Records whether a participant attended, once the session has started. */
export async function recordAttendance(
  em: EntityManager,
  id: string,
  attended: boolean,
): Promise<Registration> {
  if (!UUID_PATTERN.test(id)) throw badUserInput('id', 'not a registration id');
  const found = await em.findOne(Registration, { id });
  if (!found) throw badUserInput('id', 'unknown registration');
  // Locks in the order every writer of an existing registration takes them (the training rollup's triggers too):
  // the session, then the seat. A new registration holds only its own row before it takes its session's.
  // The session for update, not for share: the registration's trigger updates its attendance counts, and two
  // recordings of one session each upgrading a share lock would deadlock.
  const session = (await em.findOne(
    TrainingSession,
    { id: found.sessionId },
    { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
  ))!;
  const registration = (await lockedRow(em, Registration, id))!;
  if (registration.status === RegistrationStatus.CANCELLED)
    throw refusal('REGISTRATION_CANCELLED', 'A cancelled registration has no attendance.', 'id');
  if (session.startsAt > new Date())
    throw refusal('SESSION_NOT_STARTED', 'Attendance is recorded once the session has started.', 'id');
  registration.attended = attended;
  return registration;
}

/** The database's last word when two requests race past the checks above. */
export function asRegistrationRefusal(error: unknown): unknown {
  if (error instanceof UniqueConstraintViolationException) return alreadyRegistered();
  if (/training_session_seats_check/.test(String((error as Error)?.message)))
    return refusal('SESSION_FULL', 'This session is full.', 'sessionId');
  return error;
}
