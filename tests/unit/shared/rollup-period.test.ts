import { rollupSpans } from '../../../subgraphs/shared/rollup-period';

describe('rollupSpans: a period as whole months and the days around them', () => {
  it('reads a whole year or month as month rows only', () => {
    expect(rollupSpans({ from: '2026-01-01', to: '2026-12-31' })).toEqual({
      months: ['2026-01-01', '2026-12-01'],
      head: null,
      tail: null,
    });
    expect(rollupSpans({ from: '2028-02-01', to: '2028-02-29' })).toEqual({
      months: ['2028-02-01', '2028-02-01'],
      head: null,
      tail: null,
    });
  });

  it('adds the days before the first whole month and after the last one', () => {
    expect(rollupSpans({ from: '2025-11-15', to: '2026-04-10' })).toEqual({
      months: ['2025-12-01', '2026-03-01'],
      head: ['2025-11-15', '2025-11-30'],
      tail: ['2026-04-01', '2026-04-10'],
    });
    expect(rollupSpans({ from: '2026-02-02', to: '2026-03-31' })).toEqual({
      months: ['2026-03-01', '2026-03-01'],
      head: ['2026-02-02', '2026-02-28'],
      tail: null,
    });
  });

  it('reads a period without a whole month as days', () => {
    expect(rollupSpans({ from: '2026-03-03', to: '2026-03-20' })).toEqual({
      months: null,
      head: ['2026-03-03', '2026-03-20'],
      tail: null,
    });
    expect(rollupSpans({ from: '2026-01-31', to: '2026-03-30' })).toEqual({
      months: ['2026-02-01', '2026-02-01'],
      head: ['2026-01-31', '2026-01-31'],
      tail: ['2026-03-01', '2026-03-30'],
    });
    expect(rollupSpans({ from: '2026-01-20', to: '2026-02-10' })).toEqual({
      months: null,
      head: ['2026-01-20', '2026-02-10'],
      tail: null,
    });
    expect(rollupSpans({ from: '2026-05-07', to: '2026-05-07' })).toEqual({
      months: null,
      head: ['2026-05-07', '2026-05-07'],
      tail: null,
    });
  });

  it('covers every day of a period exactly once', () => {
    const days = (from: string, to: string) => {
      const out: string[] = [];
      for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000)
        out.push(new Date(t).toISOString().slice(0, 10));
      return out;
    };
    for (const [from, to] of [
      ['2025-12-31', '2026-01-01'],
      ['2024-02-29', '2025-03-01'],
      ['2026-06-30', '2026-09-01'],
      ['2026-01-01', '2026-01-30'],
    ]) {
      const { months, head, tail } = rollupSpans({ from, to });
      const covered = [
        ...(head ? days(...head) : []),
        ...(months
          ? days(months[0], to).filter((d) => d >= months[0] && d.slice(0, 7) <= months[1].slice(0, 7))
          : []),
        ...(tail ? days(...tail) : []),
      ].sort();
      expect(covered).toEqual(days(from, to));
    }
  });
});
