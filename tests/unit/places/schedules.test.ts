import { MAX_SCHEDULES, ScheduleCatalogue } from '../../../subgraphs/places/place/search/schedules';
import { isOpenAt } from '../../../subgraphs/shared/opening-hours';
import { prng } from '../../../seeds/ids';

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

  it('leaves out a schedule only when the evaluator finds it closed, over weeks, holidays and clock changes', () => {
    const schedules = [
      'Mo-Fr 08:30-12:00,13:30-17:30; PH off',
      'Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off',
      'Tu,Th 14:00-18:00; We 10:00-12:00,14:00-18:00; Sa 09:30-12:30; PH off',
      'Mo-Su 08:00-20:00; PH 10:00-12:00',
      '24/7',
      'Mo-Fr sunrise-sunset',
      'Mo-Fr 09:00-17:00 "sur rendez-vous"',
      'Mo-Fr 09:00-12:00 unknown "appeler avant"',
      'Dec 24-26 off; Mo-Sa 09:00-19:00',
      'week 48 Mo-Fr 10:00-11:00',
      '2026 Nov 30 10:00-12:00',
      'Mo-Fr 22:00-02:00',
      'Tu 12:15-12:45',
      'Mo 10:00-10:01',
      'closed',
      'not a schedule',
    ];
    const catalogue = new ScheduleCatalogue();
    schedules.forEach((schedule, i) => catalogue.learn(String(i), schedule));
    // One hash for two schedules: left out only when both are closed.
    catalogue.learn('-1', schedules[12]);
    catalogue.learn('-1', schedules[10]);
    const hashes = new Map<string, string[]>([
      ...schedules.map((schedule, i): [string, string[]] => [String(i), [schedule]]),
      ['-1', [schedules[12], schedules[10]]],
    ]);
    const random = prng(47);
    // 20 October to 31 December 2026: the clocks go back on 25 October, 1 and 11 November and 25 December are holidays.
    const from = Date.UTC(2026, 9, 20);
    const to = Date.UTC(2026, 11, 31);
    let exact = 0;
    for (let i = 0; i < 1000; i++) {
      const instant = new Date(from + Math.floor(random() * (to - from)));
      const closed = new Set(catalogue.closedAt(instant));
      const open = (at: Date) =>
        new Set(
          [...hashes].filter(([, texts]) => texts.some((t) => isOpenAt(t, at) === true)).map(([h]) => h),
        );
      const now = open(instant);
      for (const hash of closed)
        expect([instant.toISOString(), hash, now.has(hash)]).toEqual([instant.toISOString(), hash, false]);
      // Away from any change (a minute and a second either side), every closed schedule is left out.
      const before = open(new Date(instant.getTime() - 61_000));
      const after = open(new Date(instant.getTime() + 61_000));
      const steady = [...hashes.keys()].every(
        (h) => before.has(h) === now.has(h) && after.has(h) === now.has(h),
      );
      if (!steady) continue;
      exact++;
      const expected = [...hashes.keys()].filter((h) => !now.has(h)).sort();
      expect([instant.toISOString(), [...closed].sort()]).toEqual([instant.toISOString(), expected]);
    }
    expect(exact).toBeGreaterThan(800);
  });
});
