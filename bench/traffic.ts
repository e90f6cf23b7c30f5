import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReferenceCommune } from '../reference/communes';
import { prng } from '../seeds/ids';

/**
 * Varied traffic for the read workloads: each request draws its variables from a seeded distribution, so that
 * in-flight deduplication and the response cache help only as much as they would in production. The same seed gives
 * the same sequence of requests to every target (gateway, subgraph directly, Hive Gateway), so they are compared on
 * the same traffic.
 */

/** A uniform number in [0, 1). */
export type Random = () => number;

/** mulberry32, the seeds' PRNG: small, fast, and good enough to spread requests. */
export const seededRandom: (seed: number) => Random = prng;

/** A stable seed for a text (a workload's name and the run's phase). */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** What varied requests are drawn from: the communes (reference data) and the places the hub serves. */
export interface TrafficSample {
  communes: ReferenceCommune[];
  /** Cumulative population shares of `communes`, for weighted draws. */
  cumulative: number[];
  epciSirens: string[];
  /** Every place id the hub serves at this scale. */
  placeIds: string[];
}

export function referenceCommunes(root: string): ReferenceCommune[] {
  return JSON.parse(readFileSync(join(root, 'reference', 'communes-47.json'), 'utf8')) as ReferenceCommune[];
}

export function trafficSample(communes: ReferenceCommune[], placeIds: string[]): TrafficSample {
  const total = communes.reduce((sum, c) => sum + c.population_municipale, 0);
  let running = 0;
  const cumulative = communes.map((c) => (running += c.population_municipale / total));
  return {
    communes,
    cumulative,
    epciSirens: [...new Set(communes.map((c) => c.epci_siren))].sort(),
    placeIds,
  };
}

/** A commune drawn with a probability proportional to its population (where the users are). */
export function commune(random: Random, sample: TrafficSample): ReferenceCommune {
  const r = random();
  let lo = 0;
  let hi = sample.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sample.cumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return sample.communes[lo];
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * A map view: 30 % the default view of a commune (its centre at the default zoom: the same box for everyone who opens
 * the map there), 70 % panned and zoomed from it (every box different). Half-heights 0.02°–0.16° (a town to an
 * arrondissement), a 4:3 screen.
 */
export function mapBox(random: Random, sample: TrafficSample) {
  const c = commune(random, sample);
  if (random() < 0.3) {
    return {
      south: round(c.centre_lat - 0.08, 5),
      west: round(c.centre_lon - 0.14, 5),
      north: round(c.centre_lat + 0.08, 5),
      east: round(c.centre_lon + 0.14, 5),
    };
  }
  const half = 0.02 + random() * 0.14;
  const lat = c.centre_lat + (random() - 0.5) * half;
  const lon = c.centre_lon + (random() - 0.5) * half * 1.4;
  return {
    south: round(lat - half, 5),
    west: round(lon - half * 1.4, 5),
    north: round(lat + half, 5),
    east: round(lon + half * 1.4, 5),
  };
}

/**
 * A near-me search: half from a commune typed in the search box (its centre), half from a phone's position (within
 * about 3 km of a commune's centre, every point different); radius 5, 10, 20 or 30 km.
 */
export function nearPoint(random: Random, sample: TrafficSample) {
  const c = commune(random, sample);
  const radiusKm = pick(random, [5, 10, 20, 30]);
  if (random() < 0.5) return { latitude: c.centre_lat, longitude: c.centre_lon, radiusKm };
  return {
    latitude: round(c.centre_lat + (random() - 0.5) * 0.05, 6),
    longitude: round(c.centre_lon + (random() - 0.5) * 0.07, 6),
    radiusKm,
  };
}

/** "Now" during opening hours: a minute between 8:00 and 19:00 (Paris, winter: UTC+1), Monday to Saturday of a week. */
export function openAt(random: Random): string {
  // Monday 23 November 2026, 07:00 UTC = 08:00 in Paris.
  const start = Date.UTC(2026, 10, 23, 7, 0);
  const day = Math.floor(random() * 6);
  const minute = Math.floor(random() * 11 * 60);
  return new Date(start + day * 86_400_000 + minute * 60_000).toISOString();
}

/** A place, some far more often than others (a few popular places get most visits): index n × r². */
export function popularPlace(random: Random, sample: TrafficSample): string {
  const r = random();
  return sample.placeIds[Math.floor(sample.placeIds.length * r * r)];
}

/** A reporting period: a month start from January 2025, lasting 1, 3, 6 or 12 months, within the seeds' calendar. */
export function period(random: Random): { from: string; to: string } {
  const first = Math.floor(random() * 22);
  const months = pick(random, [1, 3, 6, 12]);
  const last = Math.min(first + months, 22);
  const date = (index: number, end: boolean) => {
    const d = new Date(Date.UTC(2025, index + (end ? 1 : 0), end ? 0 : 1));
    return d.toISOString().slice(0, 10);
  };
  return { from: date(first, false), to: date(last - 1, true) };
}
