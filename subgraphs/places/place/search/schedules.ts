import type { EntityManager, MetadataStorage } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { openAtEvaluator } from '../../../shared/opening-hours';

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
 * (and read every candidate, as without a catalogue). Each new instant evaluates every known schedule once, about
 * 10 µs each, and a statement carries the closed ones' hashes.
 */
export const MAX_SCHEDULES = 1000;

/** Instants whose closed schedules are kept: "now" changes every second, a bench's or a tool's instants vary more. */
const INSTANTS_KEPT = 16;

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
  /** Closed hashes per instant (epoch second), for the catalogue as it was (`size`) when computed. */
  private readonly closed = new Map<number, { size: number; hashes: string[] }>();
  private size = 0;

  /** Remembers a row's schedule, as the search read it with its hash. */
  learn(hash: unknown, schedule: unknown): void {
    if (typeof hash !== 'string' || !/^-?\d{1,20}$/.test(hash) || typeof schedule !== 'string') return;
    if (this.size >= MAX_SCHEDULES) return;
    const known = this.texts.get(hash);
    if (known?.includes(schedule)) return;
    if (known) known.push(schedule);
    else this.texts.set(hash, [schedule]);
    this.size++;
  }

  /**
   * The hashes whose every known schedule is closed (or unreadable) at `instant`; none when the catalogue is full.
   * Computed once per second of `instant` and catalogue size (an evaluation per known schedule).
   */
  closedAt(instant: Date): string[] {
    if (this.size >= MAX_SCHEDULES) return [];
    const second = Math.floor(instant.getTime() / 1000);
    const kept = this.closed.get(second);
    if (kept && kept.size === this.size) return kept.hashes;
    const isOpen = openAtEvaluator(instant);
    const hashes: string[] = [];
    for (const [hash, schedules] of this.texts) {
      if (!schedules.some((schedule) => isOpen(schedule) === true)) hashes.push(hash);
    }
    this.closed.delete(second);
    this.closed.set(second, { size: this.size, hashes });
    if (this.closed.size > INSTANTS_KEPT) this.closed.delete(this.closed.keys().next().value!);
    return hashes;
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
