import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { openingHoursError } from '../../shared/opening-hours';
import { checks } from '../../shared/validation';
import { Person } from '../person/person.entity';
import { Permanence } from './permanence.entity';
import type { PermanenceInput } from './permanence.input';

/** Checks that need no database. */
export function checkPermanenceInput(input: PermanenceInput, creating: boolean): InputProblems {
  const problems = new InputProblems();
  for (const field of ['personId', 'placeId', 'openingHours'] as const) {
    if (creating ? input[field] == null : input[field] === null)
      problems.add(`input.${field}`, creating ? 'is required' : 'must not be null');
  }
  if (input.personId != null && !UUID_PATTERN.test(input.personId))
    problems.add('input.personId', 'not a person id');
  if (input.placeId != null && !UUID_PATTERN.test(input.placeId))
    problems.add('input.placeId', 'not a place id');
  if (input.openingHours != null) {
    const error = openingHoursError(input.openingHours);
    if (error) problems.add('input.openingHours', `not a valid opening_hours value: ${error}`);
  }
  checks.optionalText(problems, 'input.note', input.note, 280);
  return problems;
}

/** Validates against the database (the person exists, one permanence per person and place) and applies. */
export async function applyPermanenceInput(
  em: EntityManager,
  permanence: Permanence,
  input: PermanenceInput,
  creating: boolean,
): Promise<void> {
  const problems = checkPermanenceInput(input, creating);
  problems.throwIfAny();
  if (input.personId != null && !(await em.findOne(Person, { id: input.personId })))
    problems.add('input.personId', 'unknown person');
  const personId = input.personId ?? permanence.personId;
  const placeId = input.placeId ?? permanence.placeId;
  if (personId && placeId) {
    const other = await em.findOne(Permanence, { personId, placeId, id: { $ne: permanence.id } });
    if (other) problems.add('input.placeId', `this person already has permanence ${other.id} at this place`);
  }
  problems.throwIfAny();
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) (permanence as unknown as Record<string, unknown>)[key] = value;
  }
}
