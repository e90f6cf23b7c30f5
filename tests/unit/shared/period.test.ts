import { GraphQLError } from 'graphql';
import { SeriesInterval, seriesBuckets, toPeriod } from '../../../subgraphs/shared/period';

const period = (from: string, to: string) => toPeriod({ from: new Date(from), to: new Date(to) });

function refusal(from: string, to: string): { code: unknown; field: unknown } {
  try {
    period(from, to);
  } catch (e) {
    const error = e as GraphQLError;
    return { code: error.extensions.code, field: error.extensions.field };
  }
  throw new Error('accepted');
}

describe('periods of indicators', () => {
  it('refuses `from` after `to`, naming `from`', () => {
    expect(refusal('2026-02-01', '2026-01-31')).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it('takes up to 10 years and refuses a day more, naming `to`', () => {
    expect(period('2016-01-01', '2025-12-31')).toEqual({ from: '2016-01-01', to: '2025-12-31' });
    expect(refusal('2016-01-01', '2026-01-01')).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('takes a single day', () => {
    expect(period('2026-03-01', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
  });
});

describe('series buckets', () => {
  it('cuts a year into its 12 calendar months, in order, both ends included', () => {
    const months = seriesBuckets({ from: '2024-01-01', to: '2024-12-31' }, SeriesInterval.MONTH);
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ from: '2024-01-01', to: '2024-01-31' });
    expect(months[1]).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(months[11]).toEqual({ from: '2024-12-01', to: '2024-12-31' });
  });

  it('clips the first and last quarter to the period, across a year end', () => {
    expect(seriesBuckets({ from: '2025-11-15', to: '2026-04-10' }, SeriesInterval.QUARTER)).toEqual([
      { from: '2025-11-15', to: '2025-12-31' },
      { from: '2026-01-01', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-04-10' },
    ]);
  });

  it('gives one bucket for a period inside one month', () => {
    expect(seriesBuckets({ from: '2026-05-03', to: '2026-05-09' }, SeriesInterval.MONTH)).toEqual([
      { from: '2026-05-03', to: '2026-05-09' },
    ]);
  });

  it('gives 120 monthly buckets for the longest period', () => {
    expect(seriesBuckets(period('2016-01-01', '2025-12-31'), SeriesInterval.MONTH)).toHaveLength(120);
  });
});
