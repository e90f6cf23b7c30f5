import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { territoryReference } from '../../shared/territory';
import { foldForSearch } from '../../shared/text';
import { checks } from '../../shared/validation';
import { isPastDate } from '../dates';
import { PersonRole } from '../vocabulary';
import { Person } from './person.entity';
import type { PersonInput } from './person.input';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks that need no database, on the person as it would be after the input is applied. */
export function checkPersonInput(input: PersonInput, current: Person | null): InputProblems {
  const problems = new InputProblems();
  const creating = current === null;
  for (const field of ['role', 'firstName', 'lastName', 'inseeCode'] as const) {
    if (creating ? input[field] == null : input[field] === null)
      problems.add(`input.${field}`, creating ? 'is required' : 'must not be null');
  }
  checks.requiredText(problems, 'input.firstName', input.firstName, 100);
  checks.requiredText(problems, 'input.lastName', input.lastName, 100);
  if (input.email != null && (!EMAIL_PATTERN.test(input.email) || input.email.length > 254))
    problems.add('input.email', 'not an e-mail address');
  checks.phone(problems, 'input.phone', input.phone);
  if (input.employerId != null && !UUID_PATTERN.test(input.employerId))
    problems.add('input.employerId', 'not an organization id');
  if (input.inseeCode != null && !territoryReference().isCommune(input.inseeCode))
    problems.add('input.inseeCode', `unknown commune ${input.inseeCode}`);

  const role = input.role !== undefined ? input.role : current?.role;
  const profession = input.profession !== undefined ? input.profession : current?.profession;
  if (role === PersonRole.AIDANT_NUMERIQUE && profession == null)
    problems.add('input.profession', 'is required for an aidant numérique');

  // A habilitation date alone implies the habilitation.
  const habilitated =
    input.aidantsConnectHabilitated ??
    (input.aidantsConnectHabilitatedOn != null || (current?.aidantsConnectHabilitated ?? false));
  const habilitatedOn =
    input.aidantsConnectHabilitatedOn !== undefined
      ? input.aidantsConnectHabilitatedOn
      : input.aidantsConnectHabilitated === false
        ? null
        : current?.aidantsConnectHabilitatedOn;
  if (input.aidantsConnectHabilitatedOn != null && !isPastDate(input.aidantsConnectHabilitatedOn))
    problems.add('input.aidantsConnectHabilitatedOn', 'must be a date (YYYY-MM-DD), not in the future');
  else if (habilitated && habilitatedOn == null)
    problems.add('input.aidantsConnectHabilitatedOn', 'is required when habilitated');
  else if (!habilitated && habilitatedOn != null)
    problems.add('input.aidantsConnectHabilitated', 'must be true when a habilitation date is given');
  return problems;
}

/** Validates (including the e-mail not being taken) and applies the input. */
export async function applyPersonInput(
  em: EntityManager,
  person: Person,
  input: PersonInput,
  current: Person | null,
): Promise<void> {
  const problems = checkPersonInput(input, current);
  problems.throwIfAny();
  if (input.email != null) {
    const [taken] = await em.execute<{ id: string }[]>(
      'select id from person where lower(email) = lower(?) and id <> ? limit 1',
      [input.email, person.id],
    );
    if (taken) problems.add('input.email', 'already registered to another person');
  }
  problems.throwIfAny();

  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const target = person as unknown as Record<string, unknown>;
    target[key] = Array.isArray(value)
      ? [...new Set(value)]
      : value === null && Array.isArray(target[key])
        ? []
        : value;
  }
  if (input.aidantsConnectHabilitated === false) person.aidantsConnectHabilitatedOn = null;
  if (input.aidantsConnectHabilitatedOn != null) person.aidantsConnectHabilitated = true;
  person.searchText = personSearchText(person);
}

/** Names only: a search never matches on e-mail or phone. */
export function personSearchText(person: Pick<Person, 'firstName' | 'lastName'>): string {
  return foldForSearch(`${person.firstName} ${person.lastName}`);
}
