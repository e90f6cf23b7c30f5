import { checkPlaceInput, isValidPivot } from '../../../subgraphs/places/place/place.write';
import { checkOrganizationInput } from '../../../subgraphs/places/organization/organization.write';

const fields = (problems: ReturnType<typeof checkPlaceInput>) => {
  try {
    problems.throwIfAny();
    return [];
  } catch (error) {
    return ((error as { extensions: { problems: { field: string }[] } }).extensions.problems ?? []).map(
      (p) => p.field,
    );
  }
};

describe('place input checks', () => {
  it('requires the standard’s mandatory fields on create', () => {
    expect(fields(checkPlaceInput({}, true))).toEqual(
      expect.arrayContaining([
        'input.name',
        'input.address',
        'input.postalCode',
        'input.inseeCode',
        'input.pivot',
      ]),
    );
  });

  it('names every invalid field', () => {
    const problems = checkPlaceInput(
      {
        pivot: '12345678901234',
        latitude: 123,
        longitude: 0.6,
        postalCode: '4700',
        phone: '05 53 00 00 00',
        emails: ['nope'],
        websites: ['ftp://x'],
        openingHours: 'lundi matin',
        summary: 'x'.repeat(281),
      },
      false,
    );
    expect(fields(problems)).toEqual(
      expect.arrayContaining([
        'input.pivot',
        'input.latitude',
        'input.postalCode',
        'input.phone',
        'input.emails',
        'input.websites',
        'input.openingHours',
        'input.summary',
      ]),
    );
  });

  it('accepts a SIRET, a SIREN or an RNA as pivot', () => {
    expect(isValidPivot('73282932000074')).toBe(true);
    expect(isValidPivot('214700015')).toBe(true);
    expect(isValidPivot('W471234567')).toBe(true);
    expect(isValidPivot('12345678901234')).toBe(false);
  });

  it('refuses an organization with an invalid SIRET', () => {
    expect(
      fields(checkOrganizationInput({ name: 'X', kind: 'ASSOCIATION', siret: '12345678901234' }, true)),
    ).toEqual(['input.siret']);
  });
});
