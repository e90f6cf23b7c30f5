import OpeningHours from 'opening_hours';

export const PARIS = 'Europe/Paris';

/**
 * Longest schedule accepted: the parser is super-linear (16,000 characters took 3.4 s), so length is checked before
 * parsing. OpenStreetMap itself caps a tag value at 255 characters; 500 leaves room for sources outside OSM.
 */
export const MAX_OPENING_HOURS_LENGTH = 500;
/** A schedule whose parse and first evaluation take longer is refused as too complex (it would slow every read). */
export const OPENING_HOURS_BUDGET_MS = 1000;

const OPTIONS = { address: { country_code: 'fr', state: 'Nouvelle-Aquitaine' } } as never;

const parsed = new Map<string, OpeningHours | null>();
const PARSE_CACHE_LIMIT = 5000;

/** Parses an OSM `opening_hours` value once; null when the syntax is invalid. */
function parse(value: string): OpeningHours | null {
  if (value.length > MAX_OPENING_HOURS_LENGTH) return null;
  let oh = parsed.get(value);
  if (oh === undefined) {
    try {
      // Public holidays need a country: France, with Lot-et-Garonne in Nouvelle-Aquitaine.
      oh = new OpeningHours(value, OPTIONS);
    } catch {
      oh = null;
    }
    if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
    parsed.set(value, oh);
  }
  return oh;
}

const verdicts = new Map<string, string | null>();

/**
 * The syntax error of an OSM `opening_hours` value (or why it is refused unparsed), or null when it is valid.
 * Remembered per value, so that the same schedule gets the same verdict (an import checks each row twice), and
 * timed twice before it is called too complex: one slow run on a busy machine is not the schedule's fault.
 */
export function openingHoursError(value: string): string | null {
  let verdict = verdicts.get(value);
  if (verdict === undefined) {
    verdict = evaluate(value);
    if (verdict?.startsWith('too complex')) verdict = evaluate(value);
    if (verdicts.size >= PARSE_CACHE_LIMIT) verdicts.clear();
    verdicts.set(value, verdict);
  }
  return verdict;
}

function evaluate(value: string): string | null {
  if (value.length > MAX_OPENING_HOURS_LENGTH) return `at most ${MAX_OPENING_HOURS_LENGTH} characters`;
  try {
    const started = performance.now();
    new OpeningHours(value, OPTIONS).getState(new Date());
    if (performance.now() - started > OPENING_HOURS_BUDGET_MS)
      return `too complex: evaluating it took over ${OPENING_HOURS_BUDGET_MS} ms`;
    return null;
  } catch (error) {
    return String(error).split('\n')[0].slice(0, 200);
  }
}

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * The wall-clock time in Paris as a Date whose local fields carry it: opening_hours reads local fields
 * (getDay, getHours), so this makes the evaluation independent of the server's own time zone.
 */
export function parisWallClock(instant: Date): Date {
  const p: Record<string, number> = {};
  for (const part of parisParts.formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/**
 * When a schedule is open (not unknown: `isOpenAt` answers false then) between two wall-clock dates (from
 * `parisWallClock`), as [start, end) pairs of their times, from the same evaluator as `isOpenAt`; null when the
 * schedule is invalid (never open).
 */
export function openIntervals(value: string, from: Date, to: Date): [number, number][] | null {
  const oh = parse(value);
  if (!oh) return null;
  return oh
    .getOpenIntervals(from, to)
    .filter(([, , unknown]) => !unknown)
    .map(([start, end]) => [start.getTime(), end.getTime()]);
}

/**
 * `isOpenAt` for many schedules at one instant: the Paris wall clock is computed once and each distinct
 * schedule evaluated once (a search holds thousands of rows but a few dozen schedules). Keep it per instant.
 */
export function openAtEvaluator(instant: Date): (value: string | null | undefined) => boolean | null {
  const wallClock = parisWallClock(instant);
  const answers = new Map<string, boolean | null>();
  return (value) => {
    if (!value) return null;
    let answer = answers.get(value);
    if (answer === undefined) {
      const oh = parse(value);
      answer = oh ? oh.getState(new Date(wallClock)) : null;
      answers.set(value, answer);
    }
    return answer;
  };
}

// The wall clock has a one-second resolution, so answers for the current second are exact for any instant in it.
let currentSecond = NaN;
let currentWallClock = new Date(0);
let currentAnswers = new Map<string, boolean>();

/** Whether a schedule is open at an instant, in Europe/Paris; null when there is no (valid) schedule. */
export function isOpenAt(value: string | null | undefined, instant: Date): boolean | null {
  if (!value) return null;
  const oh = parse(value);
  if (!oh) return null;
  // `openNow` on every row of a page asks within the same second: one wall clock, one answer per schedule.
  const second = Math.floor(instant.getTime() / 1000);
  if (second !== currentSecond) {
    currentWallClock = parisWallClock(instant);
    currentSecond = second;
    currentAnswers = new Map();
  }
  let answer = currentAnswers.get(value);
  if (answer === undefined) {
    answer = oh.getState(new Date(currentWallClock));
    currentAnswers.set(value, answer);
  }
  return answer;
}
