import type { GraphQLError } from 'graphql';
import { checkTrainingOfferInput } from '../../../subgraphs/training/offer/training-offer.write';
import {
  TrainingFormat,
  TrainingLevel,
  TrainingTheme,
} from '../../../subgraphs/training/offer/training-offer.enums';
import { PARTICIPANT_REF_PATTERN } from '../../../subgraphs/training/registration/registration.write';
import { parisTime } from '../../../seeds/catalog/training';

const valid = {
  title: 'Atelier',
  description: 'Un atelier.',
  themes: [TrainingTheme.EMAIL],
  level: TrainingLevel.BEGINNER,
  format: TrainingFormat.ON_SITE,
  durationMinutes: 60,
  priceCents: 0,
  providerId: '2b7e8f0a-4c1d-5e6f-8a9b-0c1d2e3f4a5b',
};

/** The fields named by the BAD_USER_INPUT error an input gets, in order. */
function fields(input: object, creating = true): string[] {
  try {
    checkTrainingOfferInput(input, creating).throwIfAny();
    return [];
  } catch (error) {
    const problems = (error as GraphQLError).extensions.problems as { field: string }[];
    return problems.map((p) => p.field);
  }
}

describe('training offer input checks', () => {
  it('accepts a complete offer', () => {
    expect(checkTrainingOfferInput(valid, true).isEmpty).toBe(true);
  });

  it('names every missing field of a new offer', () => {
    expect(fields({})).toEqual([
      'input.title',
      'input.description',
      'input.themes',
      'input.level',
      'input.format',
      'input.durationMinutes',
      'input.priceCents',
      'input.providerId',
    ]);
  });

  it('lets an update leave fields out but not null them', () => {
    expect(fields({ priceCents: 100 }, false)).toEqual([]);
    expect(fields({ title: null }, false)).toContain('input.title');
  });

  it('stores the national theme codes', () => {
    expect(TrainingTheme.AIDE_AUX_DEMARCHES_ADMINISTRATIVES).toBe('aide_aux_demarches_administratives');
  });
});

describe('participant references', () => {
  it.each(['p47-1a2b3c', 'anon-42', 'CAF:0001'])('accepts the pseudonym %s', (ref) => {
    expect(PARTICIPANT_REF_PATTERN.test(ref)).toBe(true);
  });

  it.each(['Jean Dupont', 'jean@example.org', 'abc'])('refuses %s', (ref) => {
    expect(PARTICIPANT_REF_PATTERN.test(ref)).toBe(false);
  });
});

describe('seed clock', () => {
  it('reads Paris wall-clock time across daylight saving changes', () => {
    expect(parisTime('2026-07-02', 14).toISOString()).toBe('2026-07-02T12:00:00.000Z');
    expect(parisTime('2026-12-03', 14).toISOString()).toBe('2026-12-03T13:00:00.000Z');
    expect(parisTime('2026-03-29', 10).toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(parisTime('2026-10-25', 10).toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });
});
