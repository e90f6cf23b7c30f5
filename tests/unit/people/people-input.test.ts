import { checkActivityInput } from '../../../subgraphs/people/activity/activity.write';
import type { ActivityInput } from '../../../subgraphs/people/activity/activity.input';
import { checkPermanenceInput } from '../../../subgraphs/people/permanence/permanence.write';
import { checkPersonInput } from '../../../subgraphs/people/person/person.write';
import { Person } from '../../../subgraphs/people/person/person.entity';
import { isIsoDate, isPastDate } from '../../../subgraphs/people/dates';
import {
  ActivityLocationType,
  ActivityTheme,
  ActivityType,
  PersonProfession,
  PersonRole,
} from '../../../subgraphs/people/vocabulary';

const ID = '6f1c3c1e-8a9b-4d2e-9f4a-0c5b7d3e2a10';
const fields = (problems: { isEmpty: boolean; throwIfAny(): void }) => {
  try {
    problems.throwIfAny();
    return [];
  } catch (error) {
    return ((error as { extensions: { problems: { field: string }[] } }).extensions.problems ?? []).map(
      (p) => p.field,
    );
  }
};

const activity = (change: Partial<ActivityInput> = {}): ActivityInput => ({
  personId: ID,
  locationType: ActivityLocationType.A_DISTANCE,
  participantInseeCode: '47157',
  date: '2026-01-15',
  type: ActivityType.INDIVIDUEL,
  durationMinutes: 30,
  themes: [ActivityTheme.EMAIL],
  ...change,
});

describe('activity input checks', () => {
  it('accepts remote help placed by the participant’s commune', () => {
    expect(fields(checkActivityInput(activity()))).toEqual([]);
  });

  it('asks for a commune when remote help has no participant commune', () => {
    expect(fields(checkActivityInput(activity({ participantInseeCode: null })))).toEqual(['input.inseeCode']);
  });

  it('reports every problem at once', () => {
    const problems = fields(
      checkActivityInput(activity({ personId: 'x', durationMinutes: 0, themes: [], date: '2026-13-01' })),
    );
    expect(problems).toEqual(['input.personId', 'input.date', 'input.durationMinutes', 'input.themes']);
  });

  it('accepts a workshop of twelve at a place', () => {
    const input = activity({
      type: ActivityType.COLLECTIF,
      participantsCount: 12,
      locationType: ActivityLocationType.LIEU_ACTIVITE,
      placeId: ID,
      inseeCode: '47001',
    });
    expect(fields(checkActivityInput(input))).toEqual([]);
  });
});

describe('person input checks', () => {
  const aidant = { role: PersonRole.AIDANT_NUMERIQUE, firstName: 'A', lastName: 'B', inseeCode: '47001' };

  it('requires a profession of an aidant, not of a conseiller', () => {
    expect(fields(checkPersonInput(aidant, null))).toEqual(['input.profession']);
    expect(fields(checkPersonInput({ ...aidant, role: PersonRole.CONSEILLER_NUMERIQUE }, null))).toEqual([]);
  });

  it('takes the current profession into account on update', () => {
    const current = Object.assign(new Person(), {
      role: PersonRole.AIDANT_NUMERIQUE,
      profession: PersonProfession.LIBRARIAN,
    });
    expect(fields(checkPersonInput({ firstName: 'C' }, current))).toEqual([]);
    expect(fields(checkPersonInput({ profession: null }, current))).toEqual(['input.profession']);
  });

  it('treats a habilitation date alone as a habilitation', () => {
    const input = {
      ...aidant,
      profession: PersonProfession.LIBRARIAN,
      aidantsConnectHabilitatedOn: '2024-05-02',
    };
    expect(fields(checkPersonInput(input, null))).toEqual([]);
    expect(fields(checkPersonInput({ ...input, aidantsConnectHabilitated: false }, null))).toEqual([
      'input.aidantsConnectHabilitated',
    ]);
  });
});

describe('permanence input checks', () => {
  it('requires person, place and a valid schedule to create', () => {
    expect(fields(checkPermanenceInput({}, true))).toEqual([
      'input.personId',
      'input.placeId',
      'input.openingHours',
    ]);
    expect(fields(checkPermanenceInput({ openingHours: 'Tu 9h' }, false))).toEqual(['input.openingHours']);
  });
});

describe('dates', () => {
  it('knows real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isPastDate('2026-01-01', '2026-11-22')).toBe(true);
    expect(isPastDate('2026-11-23', '2026-11-22')).toBe(false);
  });
});
