import type { Period } from './period';

/**
 * Periods read from rollups kept per day and per month: the whole months of a period from the month rows, the days
 * before and after them from the day rows, so that a year is 12 rows per key and 1 Jan – 10 Apr is 3 months and 10
 * days (`activity_rollup`, `pass_issued_monthly` / `pass_issued_daily`, …; see INDICATORS.md, "Rollups").
 */

/** A period as rollup rows: the whole months it covers (grain `m`), the days before and after them (grain `d`). */
export interface RollupSpans {
  /** First days of the first and last whole month, or null when the period covers no whole month. */
  months: [string, string] | null;
  /** Days before the first whole month (or the whole period when there is none). */
  head: [string, string] | null;
  /** Days after the last whole month. */
  tail: [string, string] | null;
}

const day = (date: string) => new Date(`${date}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: string, n: number) => iso(new Date(day(date).getTime() + n * 86_400_000));
const firstOfMonth = (date: string) => `${date.slice(0, 7)}-01`;
const nextMonth = (date: string) => {
  const d = day(firstOfMonth(date));
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
};

/** Splits a period (both days included) into the fewest rollup rows: whole months, then single days. */
export function rollupSpans({ from, to }: Period): RollupSpans {
  const firstWhole = from.endsWith('-01') ? from : nextMonth(from);
  const lastWholeEnd = addDays(nextMonth(to), -1) === to ? to : addDays(firstOfMonth(to), -1);
  if (firstWhole > lastWholeEnd) return { months: null, head: [from, to], tail: null };
  return {
    months: [firstWhole, firstOfMonth(lastWholeEnd)],
    head: from < firstWhole ? [from, addDays(firstWhole, -1)] : null,
    tail: lastWholeEnd < to ? [addDays(lastWholeEnd, 1), to] : null,
  };
}

/** The named bindings of a period's spans (`:monthsFrom`, `:monthsTo`, `:headFrom` … `:tailTo`; null when absent). */
export function spanBindings(period: Period): Record<string, string | null> {
  const { months, head, tail } = rollupSpans(period);
  return {
    monthsFrom: months?.[0] ?? null,
    monthsTo: months?.[1] ?? null,
    headFrom: head?.[0] ?? null,
    headTo: head?.[1] ?? null,
    tailFrom: tail?.[0] ?? null,
    tailTo: tail?.[1] ?? null,
  };
}

/**
 * The rows of a period from a rollup kept as a pair of tables, one per day (column `date`) and one per month
 * (column `month`, its first day), with the same keys and figures: `select` gives the columns to read from each,
 * given the name of its date column; `where` filters both (say, by commune). Needs `spanBindings(period)`.
 */
export function periodRows(
  tables: { daily: string; monthly: string },
  select: (dateColumn: 'date' | 'month') => string,
  where: string,
): string {
  return `select ${select('month')} from ${tables.monthly}
      where ${where} and month between :monthsFrom::date and :monthsTo::date
    union all
    select ${select('date')} from ${tables.daily}
      where ${where} and (date between :headFrom::date and :headTo::date or date between :tailFrom::date and :tailTo::date)`;
}
