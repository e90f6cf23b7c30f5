import { largestRemainder } from '../../../subgraphs/funding/program/attribution';

describe('largest-remainder attribution', () => {
  it('gives whole cents that add up to the total, each within a cent of its exact share', () => {
    const weights = [15_000_000, 6_000_000, 2_500_000, 1_500_000, 1_500_000, 1_500_000, 1_000_000, 1_000_000];
    const budget = weights.reduce((a, b) => a + b, 0);
    for (const total of [0, 1, 7, 999, 1_000_001, 23_420_000, 9_007_199_254_740_991]) {
      const parts = largestRemainder(total, weights);
      expect(parts.every(Number.isInteger)).toBe(true);
      expect(parts.reduce((a, b) => BigInt(a) + BigInt(b), 0n)).toBe(BigInt(total));
      parts.forEach((p, i) =>
        expect(Math.abs(p - (total * weights[i]) / budget)).toBeLessThan(1 + total / 2 ** 52),
      );
    }
  });

  it('hands the cents left to the largest remainders, ties to the earlier weight', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(largestRemainder(5, [1, 3])).toEqual([1, 4]);
    expect(largestRemainder(7, [0, 0])).toEqual([0, 7]);
    expect(largestRemainder(7, [])).toEqual([]);
  });
});
