import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { openIntervals, parisWallClock } from '../../../shared/opening-hours';

/** A place's schedule as a 64-bit hash of its text (PostgreSQL's own text hash), as SQL of the `p` alias. */
const SCHEDULE_HASH = 'hashtextextended(p.opening_hours, 0)';

/** The column a search selects with each row (`schedule_hash`) for `ScheduleCatalogue.learn`. */
export const SCHEDULE_HASH_COLUMN = `${SCHEDULE_HASH}::text as schedule_hash`;

/** Leaves out the places whose schedule hash is one of `closed` (from `closedAt`), and those without a schedule. */
export function whereScheduleMayBeOpen(qb: Knex.QueryBuilder, closed: readonly string[]): void {
  qb.whereNotNull('p.opening_hours');
  if (closed.length) qb.whereRaw(`${SCHEDULE_HASH} <> all(?::bigint[])`, [`{${closed.join(',')}}`]);
}

/**
 * Distinct schedules a catalogue learns at most: past that, searches stop excluding known-closed schedules in SQL
 * (and read every candidate, as without a catalogue), and a statement carries at most this many hashes.
 */
export const MAX_SCHEDULES = 1000;

const DAY = 86_400_000;
/** A schedule counts as maybe open this long either side of its open times: an instant at a change is never left out. */
const MARGIN = 60_000;
/** Windows of days kept: "now" needs one a week; a tool asking other weeks, a few. */
const WINDOWS_KEPT = 4;

/**
 * Each schedule's open times over nine days of wall clock, computed once per schedule and window:
 * whether a schedule may be open at an instant of the window's middle seven days is then a look-up, not an
 * evaluation (about 10 µs each, for every known schedule at every new instant).
 */
class Window {
  private readonly intervals = new Map<string, [number, number][] | null>();

  constructor(
    readonly from: number,
    readonly to: number,
  ) {}

  /** Whether an instant of the middle days (wall clock) is within a minute of the schedule's open times. */
  mayBeOpen(schedule: string, wallClock: number): boolean {
    let intervals = this.intervals.get(schedule);
    if (intervals === undefined) {
      intervals = openIntervals(schedule, new Date(this.from), new Date(this.to));
      this.intervals.set(schedule, intervals);
    }
    return !!intervals?.some(([start, end]) => start - MARGIN <= wallClock && wallClock < end + MARGIN);
  }

  covers(wallClock: number): boolean {
    return this.from + DAY <= wallClock && wallClock < this.to - DAY;
  }
}

/**
 * The distinct schedules (`opening_hours` values) of one database's places, learnt from the rows searches read, so
 * that a search open at an instant can leave out in SQL the places whose schedule is known to be closed then,
 * instead of reading them all and dropping them in Node. Schedules are known by their hash, which the search
 * statement returns with each row; a hash never seen passes (the row is read and checked, and its schedule learnt),
 * so a schedule written since, by any process, is never left out. What passes is still checked with its text, so
 * a page is the same with or without the catalogue. The one approximation: two schedule texts with one 64-bit hash,
 * the second never read before and open while the first is closed (odds about n² / 2^65 for n schedules).
 */
export class ScheduleCatalogue {
  /** Hash → the schedule texts read with it (one, but for a collision). */
  private readonly texts = new Map<string, string[]>();
  private size = 0;
  private readonly windows: Window[] = [];

  /** Remembers a row's schedule, as the search read it with its hash. */
  learn(hash: unknown, schedule: unknown): void {
    if (typeof hash !== 'string' || typeof schedule !== 'string') return;
    const known = this.texts.get(hash);
    // Most rows carry a known schedule: the hash's form is checked only before it is kept.
    if (known?.includes(schedule) || !/^-?\d{1,20}$/.test(hash) || this.size >= MAX_SCHEDULES) return;
    if (known) known.push(schedule);
    else this.texts.set(hash, [schedule]);
    this.size++;
  }

  /**
   * The hashes whose every known schedule is closed (or invalid) at `instant` and for a minute either side of it;
   * none when the catalogue is full.
   */
  closedAt(instant: Date): string[] {
    if (this.size >= MAX_SCHEDULES) return [];
    const wallClock = parisWallClock(instant).getTime();
    const window = this.windowOf(wallClock);
    const hashes: string[] = [];
    for (const [hash, schedules] of this.texts) {
      if (!schedules.some((schedule) => window.mayBeOpen(schedule, wallClock))) hashes.push(hash);
    }
    return hashes;
  }

  private windowOf(wallClock: number): Window {
    const kept = this.windows.find((w) => w.covers(wallClock));
    if (kept) return kept;
    const day = new Date(wallClock);
    const midnight = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
    const window = new Window(midnight - DAY, midnight + 8 * DAY);
    this.windows.unshift(window);
    this.windows.length = Math.min(this.windows.length, WINDOWS_KEPT);
    return window;
  }
}

/** One catalogue per ORM instance (its database): a process may serve two in tests. */
const catalogues = new WeakMap<MetadataStorage, ScheduleCatalogue>();

export function scheduleCatalogue(em: EntityManager): ScheduleCatalogue {
  const storage = em.getMetadata();
  let catalogue = catalogues.get(storage);
  if (!catalogue) {
    catalogue = new ScheduleCatalogue();
    catalogues.set(storage, catalogue);
  }
  return catalogue;
}
