import { todayInParis } from '../shared/today';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A YYYY-MM-DD date not after today (UTC), and not before 2000. */
export function isPastDate(value: string, today = todayInParis()): boolean {
  return isIsoDate(value) && value >= '2000-01-01' && value <= today;
}
