import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { foldForSearch } from '../../shared/text';
import { checks } from '../../shared/validation';
import type { TrainingOffer } from './training-offer.entity';
import type { TrainingOfferInput } from './training-offer.input';

const REQUIRED = [
  'title',
  'description',
  'themes',
  'level',
  'format',
  'durationMinutes',
  'priceCents',
  'providerId',
] as const;

/** Checks an offer input (all of it needs no database: the provider belongs to places, checked for shape only). */
export function checkTrainingOfferInput(input: TrainingOfferInput, creating: boolean): InputProblems {
  const problems = new InputProblems();
  for (const field of REQUIRED) {
    if (creating && input[field] == null) problems.add(`input.${field}`, 'is required');
    if (!creating && input[field] === null) problems.add(`input.${field}`, 'must not be null');
  }
  checks.requiredText(problems, 'input.title', input.title);
  checks.requiredText(problems, 'input.description', input.description, 5000);
  checks.optionalText(problems, 'input.programme', input.programme, 300);
  if (input.themes != null && input.themes.length === 0) problems.add('input.themes', 'at least one theme');
  if (input.durationMinutes != null && !(input.durationMinutes >= 1 && input.durationMinutes <= 100_000))
    problems.add('input.durationMinutes', 'must be between 1 and 100000 minutes');
  if (input.priceCents != null && !(input.priceCents >= 0 && input.priceCents <= 10_000_000))
    problems.add('input.priceCents', 'must be between 0 and 10000000 cents');
  if (input.providerId != null && !UUID_PATTERN.test(input.providerId))
    problems.add('input.providerId', 'not an organization id');
  return problems;
}

/** Validates and applies an offer input; throws one BAD_USER_INPUT naming every bad field. */
export function applyTrainingOfferInput(
  offer: TrainingOffer,
  input: TrainingOfferInput,
  creating: boolean,
): void {
  checkTrainingOfferInput(input, creating).throwIfAny();
  const target = offer as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    target[key] = Array.isArray(value)
      ? [...new Set(value)]
      : value === null && key === 'targetPublics'
        ? []
        : value;
  }
  offer.programme = offer.programme?.trim() || null;
  offer.searchText = trainingOfferSearchText(offer);
}

export function trainingOfferSearchText(
  offer: Pick<TrainingOffer, 'title' | 'description' | 'programme'>,
): string {
  return foldForSearch([offer.title, offer.description, offer.programme ?? ''].join(' '));
}
