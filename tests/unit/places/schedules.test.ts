import { MAX_SCHEDULES, ScheduleCatalogue } from '../../../subgraphs/places/place/search/schedules';

// Tuesday 24 November 2026 at 10:30 and Sunday 29 November at 10:00, Paris.
const TUESDAY = new Date('2026-11-24T09:30:00Z');
const SUNDAY = new Date('2026-11-29T09:00:00Z');

describe('the schedule catalogue', () => {
  it('knows closed the hashes whose every schedule is closed (or unreadable) at an instant', () => {
    const catalogue = new ScheduleCatalogue();
    catalogue.learn('1', 'Mo-Fr 09:00-12:00');
    catalogue.learn('2', 'Sa 09:00-12:00');
    catalogue.learn('-3', 'not a schedule');
    expect(catalogue.closedAt(TUESDAY).sort()).toEqual(['-3', '2']);
    expect(catalogue.closedAt(SUNDAY).sort()).toEqual(['-3', '1', '2']);
  });

  it('keeps a hash shared by two schedules out of the closed ones while either is open', () => {
    const catalogue = new ScheduleCatalogue();
    catalogue.learn('7', 'Sa 09:00-12:00');
    expect(catalogue.closedAt(TUESDAY)).toEqual(['7']);
    catalogue.learn('7', 'Tu 10:00-11:00');
    expect(catalogue.closedAt(TUESDAY)).toEqual([]);
    expect(catalogue.closedAt(SUNDAY)).toEqual(['7']);
  });

  it('answers an instant again after learning a schedule since', () => {
    const catalogue = new ScheduleCatalogue();
    catalogue.learn('1', 'Mo-Fr 09:00-12:00');
    expect(catalogue.closedAt(SUNDAY)).toEqual(['1']);
    catalogue.learn('2', 'Sa 09:00-12:00');
    expect(catalogue.closedAt(SUNDAY).sort()).toEqual(['1', '2']);
  });

  it('learns only hashes as PostgreSQL writes them, with their schedule', () => {
    const catalogue = new ScheduleCatalogue();
    for (const hash of ['1} or true', '', '12a', null, 12, '123456789012345678901'])
      catalogue.learn(hash, 'Sa 09:00-12:00');
    catalogue.learn('5', null);
    expect(catalogue.closedAt(TUESDAY)).toEqual([]);
  });

  it('stops leaving places out once it knows MAX_SCHEDULES schedules', () => {
    const catalogue = new ScheduleCatalogue();
    for (let i = 0; i < MAX_SCHEDULES - 1; i++)
      catalogue.learn(String(i), `Sa 09:00-12:${String(i % 60).padStart(2, '0')}`);
    expect(catalogue.closedAt(TUESDAY)).toHaveLength(MAX_SCHEDULES - 1);
    catalogue.learn('-1', 'Su 10:00-12:00');
    expect(catalogue.closedAt(TUESDAY)).toEqual([]);
  });
});
