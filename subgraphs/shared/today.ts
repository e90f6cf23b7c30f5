/**
 * Today's date in Europe/Paris, YYYY-MM-DD: the hub's days are French days (between midnight and 1–2 am in
 * Paris, the UTC date is still yesterday's). Every "today" of the hub is this one.
 */
export function todayInParis(now: Date = new Date()): string {
  return parisDate.format(now);
}

// Built once: a formatter costs far more to create than to use (4 % of funding's time on the FNE report).
const parisDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
