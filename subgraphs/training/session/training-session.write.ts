import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { territoryReference } from '../../shared/territory';
import { checks, isHttpUrl } from '../../shared/validation';
import { TrainingOffer } from '../offer/training-offer.entity';
import { TrainingFormat } from '../offer/training-offer.enums';
import { TrainingSession } from './training-session.entity';
import type { TrainingSessionInput } from './training-session.input';

const MAX_SESSION_MS = 14 * 24 * 3_600_000;
const NEVER_NULL = ['offerId', 'startsAt', 'endsAt', 'capacity'] as const;

const FIELDS = [
  'offerId',
  'startsAt',
  'endsAt',
  'placeId',
  'inseeCode',
  'latitude',
  'longitude',
  'onlineUrl',
  'trainerId',
  'capacity',
] as const;
type SessionFields = Pick<TrainingSession, (typeof FIELDS)[number]>;

/**
 * Validates a session input against the session it changes (the whole result is checked, so an update
 * cannot leave a session without a place or link) and applies it. One BAD_USER_INPUT names every bad field.
 */
export async function applyTrainingSessionInput(
  em: EntityManager,
  session: TrainingSession,
  input: TrainingSessionInput,
  creating: boolean,
): Promise<void> {
  const problems = new InputProblems();
  for (const field of NEVER_NULL) {
    if (creating && input[field] == null) problems.add(`input.${field}`, 'is required');
    if (!creating && input[field] === null) problems.add(`input.${field}`, 'must not be null');
  }
  problems.throwIfAny();

  const next = Object.fromEntries(
    FIELDS.map((field) => [field, input[field] !== undefined ? input[field] : session[field]]),
  ) as SessionFields;
  // A new place's coordinates are the ones given with it, or none: never the old place's.
  if (
    !creating &&
    input.placeId !== undefined &&
    input.placeId !== session.placeId &&
    input.latitude === undefined
  )
    next.latitude = next.longitude = null;
  // Without a place the session has no territory: the place's copies go with it.
  if (next.placeId == null) {
    for (const field of ['inseeCode', 'latitude', 'longitude'] as const) {
      if (input[field] != null) problems.add(`input.${field}`, 'only with a place');
    }
    next.inseeCode = next.latitude = next.longitude = null;
  }

  if (next.offerId != null && !UUID_PATTERN.test(next.offerId))
    problems.add('input.offerId', 'not an offer id');
  if (next.placeId != null && !UUID_PATTERN.test(next.placeId))
    problems.add('input.placeId', 'not a place id');
  if (next.trainerId != null && !UUID_PATTERN.test(next.trainerId))
    problems.add('input.trainerId', 'not a person id');
  if (next.startsAt && next.endsAt) {
    if (next.endsAt <= next.startsAt) problems.add('input.endsAt', 'must be after startsAt');
    else if (next.endsAt.getTime() - next.startsAt.getTime() > MAX_SESSION_MS)
      problems.add('input.endsAt', 'a session lasts at most 14 days');
  }
  if (next.capacity != null) {
    if (!(next.capacity >= 1 && next.capacity <= 10_000))
      problems.add('input.capacity', 'must be between 1 and 10000');
    else if (next.capacity < session.registrationsCount)
      problems.add('input.capacity', `${session.registrationsCount} participants are already registered`);
  }
  if (next.onlineUrl != null && !isHttpUrl(next.onlineUrl))
    problems.add('input.onlineUrl', 'not an http(s) URL');
  checks.optionalText(problems, 'input.onlineUrl', next.onlineUrl, 2000);
  if (next.placeId != null) {
    // A new place brings its own INSEE code: the old place's copy must not stay behind.
    if (!creating && input.placeId != null && input.placeId !== session.placeId && input.inseeCode == null)
      problems.add('input.inseeCode', "the new place's INSEE code is required when the place changes");
    if (next.inseeCode == null)
      problems.add('input.inseeCode', "the place's INSEE code is required with a place");
    else if (!territoryReference().isCommune(next.inseeCode))
      problems.add('input.inseeCode', `unknown commune ${next.inseeCode}`);
    if ((next.latitude == null) !== (next.longitude == null))
      problems.add('input.latitude', 'latitude and longitude go together');
    checks.latitude(problems, 'input.latitude', next.latitude);
    checks.longitude(problems, 'input.longitude', next.longitude);
  }
  problems.throwIfAny();

  const offer = await em.findOne(TrainingOffer, { id: next.offerId });
  if (!offer) problems.add('input.offerId', 'unknown training offer');
  else if (offer.format === TrainingFormat.PODCAST)
    problems.add('input.offerId', 'a podcast has no sessions');
  else if (offer.format === TrainingFormat.REMOTE) {
    if (next.onlineUrl == null) problems.add('input.onlineUrl', 'a remote session needs an online link');
    if (next.placeId != null) problems.add('input.placeId', 'a remote session has no place');
  } else if (next.placeId == null) {
    problems.add(
      'input.placeId',
      `a ${offer.format === TrainingFormat.HYBRID ? 'hybrid' : 'on-site'} session needs a place`,
    );
  }
  problems.throwIfAny();
  Object.assign(session, next);
}
