import { isValidRna, isValidSiren, isValidSiret, luhnValid } from '../../../subgraphs/shared/siret';

describe('SIRET, SIREN and RNA checks', () => {
  it('accepts a Luhn-valid SIRET and refuses one with a changed digit', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
  });

  it('refuses anything but 14 digits', () => {
    expect(isValidSiret('7328293200007')).toBe(false);
    expect(isValidSiret('7328293200007A')).toBe(false);
    expect(isValidSiret(' 73282932000074')).toBe(false);
  });

  it('applies La Poste’s digit-sum rule to SIREN 356000000', () => {
    // 3+5+6 + 0… + 4+0+0+0+1 = 19 → not a multiple of 5; 356000000 00015 sums to 20.
    expect(isValidSiret('35600000000015')).toBe(true);
    expect(isValidSiret('35600000040001')).toBe(false);
    expect(luhnValid('35600000000015')).toBe(false);
  });

  it('checks SIREN with Luhn and RNA by shape', () => {
    expect(isValidSiren('214700015')).toBe(true);
    expect(isValidSiren('214700016')).toBe(false);
    expect(isValidRna('W471234567')).toBe(true);
    expect(isValidRna('W47123456')).toBe(false);
  });
});
