import { ArgsType, Field, registerEnumType } from 'type-graphql';
import { DateScalar } from './scalars';
import { badUserInput } from './errors';

/**
 * The period every territory indicator takes: calendar days (Europe/Paris, as every date of the hub), both ends
 * included.
 */
@ArgsType()
export class PeriodArgs {
  @Field(() => DateScalar, { description: 'First day of the period (included, Europe/Paris).' })
  from!: Date;

  @Field(() => DateScalar, {
    description: 'Last day of the period (included, Europe/Paris); at most 10 years after `from`.',
  })
  to!: Date;
}

export enum SeriesInterval {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}

registerEnumType(SeriesInterval, {
  name: 'SeriesInterval',
  description: 'The buckets of a series of indicators: calendar months or quarters (Europe/Paris).',
  valuesConfig: {
    MONTH: { description: 'Mois\n\nOne bucket per calendar month.' },
    QUARTER: {
      description: 'Trimestre\n\nOne bucket per calendar quarter (January–March, April–June, …).',
    },
  },
});

/** A period cut into buckets. */
@ArgsType()
export class SeriesArgs extends PeriodArgs {
  @Field(() => SeriesInterval, { description: 'Bucket size: MONTH or QUARTER.' })
  by!: SeriesInterval;
}

export interface Period {
  /** Inclusive start, YYYY-MM-DD. */
  from: string;
  /** Inclusive end, YYYY-MM-DD. */
  to: string;
}

/** The longest period an indicator takes, in years. */
export const MAX_PERIOD_YEARS = 10;

/** Validates a period (from ≤ to, at most 10 years: `to` before `from` + 10 years) and returns it as ISO dates. */
export function toPeriod(args: PeriodArgs): Period {
  const from = args.from.toISOString().slice(0, 10);
  const to = args.to.toISOString().slice(0, 10);
  if (from > to) throw badUserInput('from', 'must not be after `to`');
  const limit = new Date(args.from.getTime());
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_PERIOD_YEARS);
  if (to >= limit.toISOString().slice(0, 10)) {
    throw badUserInput('to', `a period spans at most ${MAX_PERIOD_YEARS} years`);
  }
  return { from, to };
}

/**
 * The buckets of a period, in order: each calendar month (or quarter) it touches, clipped to the period (the first
 * bucket starts on `from`, the last ends on `to`), both ends included.
 */
export function seriesBuckets(period: Period, by: SeriesInterval): Period[] {
  const months = by === SeriesInterval.QUARTER ? 3 : 1;
  const [fromYear, fromMonth] = period.from.split('-').map(Number);
  // The start of the bucket holding `from`: months count from 0 (January of year 0).
  let index = fromYear * 12 + Math.floor((fromMonth - 1) / months) * months;
  const buckets: Period[] = [];
  for (;;) {
    const start = isoMonthStart(index);
    if (start > period.to) break;
    const end = dayBefore(isoMonthStart(index + months));
    buckets.push({ from: start < period.from ? period.from : start, to: end > period.to ? period.to : end });
    index += months;
  }
  return buckets;
}

function isoMonthStart(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The days a subgraph can hold data for: from its first day (when known) to its last (usually today). */
export interface DataWindow {
  first?: string;
  last: string;
}

/**
 * Refuses a period wholly outside the data (BAD_USER_INPUT naming the argument): starting after the last day
 * (`from`: nothing can exist yet) or ending before the first (`to`). A period overlapping the data is kept whole:
 * its days outside read zeros.
 */
export function checkPeriodWithin(period: Period, window: DataWindow, what: string): Period {
  if (period.from > window.last) throw badUserInput('from', `after ${window.last}: no ${what} can exist yet`);
  if (window.first && period.to < window.first)
    throw badUserInput('to', `before ${window.first}, the first day of ${what}`);
  return period;
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * A calendar month argument (YYYY-MM) as the period of its days, refused (BAD_USER_INPUT naming `field`) when
 * malformed or wholly outside the data window.
 */
export function toMonth(field: string, value: string, window: DataWindow, what: string): Period {
  const parsed = MONTH_PATTERN.exec(value);
  if (!parsed) throw badUserInput(field, 'expected a calendar month, YYYY-MM');
  const from = `${value}-01`;
  const [year, month] = [Number(parsed[1]), Number(parsed[2])];
  const to = dayBefore(
    month === 12 ? `${year + 1}-01-01` : `${value.slice(0, 5)}${String(month + 1).padStart(2, '0')}-01`,
  );
  if (from > window.last) throw badUserInput(field, `after ${window.last}: no ${what} can exist yet`);
  if (window.first && to < window.first)
    throw badUserInput(field, `before ${window.first.slice(0, 7)}, the first month of ${what}`);
  return { from, to };
}
