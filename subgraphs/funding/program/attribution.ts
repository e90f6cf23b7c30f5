/**
 * Splits `total` cents in proportion to `weights` (the largest-remainder method): each part is the floor of its
 * exact share, and the cents left go one each to the largest remainders (ties: the earlier weight), so the parts
 * are whole cents and always add up to `total`. Exact on big numbers (BigInt). When every weight is 0 the whole
 * goes to the last part.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.map((x) => BigInt(x));
  const sum = w.reduce((a, b) => a + b, 0n);
  const t = BigInt(total);
  if (sum === 0n) return weights.map((_, i) => (i === weights.length - 1 ? total : 0));
  const parts = w.map((x) => (t * x) / sum);
  const remainders = w.map((x, i) => ({ i, r: (t * x) % sum }));
  let left = t - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map(Number);
}
