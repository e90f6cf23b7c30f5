import { isOpenAt, openingHoursError, parisWallClock } from '../../../subgraphs/shared/opening-hours';

const MAIRIE = 'Mo,Tu,Th,Fr 09:00-12:00; We 14:00-17:00; PH off';

describe('opening hours in Europe/Paris', () => {
  it('reads instants as Paris wall-clock time, summer and winter', () => {
    // 2026-07-01 is a Wednesday; 12:30Z is 14:30 in Paris (UTC+2).
    expect(parisWallClock(new Date('2026-07-01T12:30:00Z')).getHours()).toBe(14);
    // 2026-12-02 is a Wednesday; 13:30Z is 14:30 in Paris (UTC+1).
    expect(parisWallClock(new Date('2026-12-02T13:30:00Z')).getHours()).toBe(14);
  });

  it('is open inside the hours and closed outside', () => {
    expect(isOpenAt(MAIRIE, new Date('2026-07-01T12:30:00Z'))).toBe(true); // We 14:30
    expect(isOpenAt(MAIRIE, new Date('2026-07-01T08:30:00Z'))).toBe(false); // We 10:30
    expect(isOpenAt(MAIRIE, new Date('2026-06-29T07:30:00Z'))).toBe(true); // Mo 09:30
    expect(isOpenAt(MAIRIE, new Date('2026-06-29T10:30:00Z'))).toBe(false); // Mo 12:30
  });

  it('knows French public holidays', () => {
    // 14 July 2026 is a Tuesday and a public holiday.
    expect(isOpenAt(MAIRIE, new Date('2026-07-14T08:00:00Z'))).toBe(false);
    expect(isOpenAt(MAIRIE, new Date('2026-07-07T08:00:00Z'))).toBe(true);
  });

  it('answers null without a schedule or with an invalid one', () => {
    expect(isOpenAt(null, new Date())).toBeNull();
    expect(isOpenAt('not a schedule', new Date())).toBeNull();
  });

  it('explains invalid syntax and accepts valid syntax', () => {
    expect(openingHoursError(MAIRIE)).toBeNull();
    expect(openingHoursError('Mo-Fr 25:00-26:00')).not.toBeNull();
    expect(openingHoursError('bogus')).toMatch(/Unexpected token/);
  });
});
