import { parseArgs, rollupRounds, rotations } from '../../../bench/args';

describe('bench rounds', () => {
  it('rotates the targets so that over as many rounds as targets each runs first, second and last once', () => {
    const order = rotations(['gateway', 'direct', 'hive'], 4);
    expect(order).toEqual([
      ['gateway', 'direct', 'hive'],
      ['direct', 'hive', 'gateway'],
      ['hive', 'gateway', 'direct'],
      ['gateway', 'direct', 'hive'],
    ]);
    for (const target of ['gateway', 'direct', 'hive'])
      expect(
        order
          .slice(0, 3)
          .map((round) => round.indexOf(target))
          .sort(),
      ).toEqual([0, 1, 2]);
    expect(rotations(['gateway'], 2)).toEqual([['gateway'], ['gateway']]);
  });

  it('alternates the writes with and without the rollups', () => {
    expect(rollupRounds(2)).toEqual([true, false, false, true]);
  });

  it('reads --rounds, one round by default, and refuses less than one', () => {
    expect(parseArgs([]).rounds).toBe(1);
    expect(parseArgs(['--rounds', '3']).rounds).toBe(3);
    expect(parseArgs(['--rounds=2']).rounds).toBe(2);
    expect(() => parseArgs(['--rounds', '0'])).toThrow(/--rounds must be an integer from 1/);
  });
});
