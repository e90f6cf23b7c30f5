import { Field, Float, InputType } from 'type-graphql';
import type { Knex } from '@mikro-orm/knex';
import type { InputProblems } from './errors';

/** Mean Earth radius (IUGG), the sphere of every distance the hub computes. */
export const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE = 111_320;
/** The largest radius a near-me search accepts. */
export const MAX_RADIUS_KM = 200;
/** The radius of a near-me search that does not give one. */
export const DEFAULT_RADIUS_KM = 10;

/** The one near-me input of the API: places, sessions… within a radius of a point. */
@InputType({
  description: `A point and a radius: what lies within ${DEFAULT_RADIUS_KM} km of it unless \`radiusKm\` says otherwise.`,
})
export class NearInput {
  @Field(() => Float, { description: 'Latitude of the point (WGS 84 degrees, -90 to 90).' })
  latitude!: number;

  @Field(() => Float, { description: 'Longitude of the point (WGS 84 degrees, -180 to 180).' })
  longitude!: number;

  @Field(() => Float, {
    defaultValue: DEFAULT_RADIUS_KM,
    description: `Radius in kilometres, above 0 and at most ${MAX_RADIUS_KM}. Default ${DEFAULT_RADIUS_KM}.`,
  })
  radiusKm: number = DEFAULT_RADIUS_KM;
}

/** Adds the problems of a near-me input (point on Earth, radius in range) under `field`. */
export function checkNear(problems: InputProblems, near: NearInput, field = 'filter.near'): void {
  problems.check(
    Number.isFinite(near.latitude) && Math.abs(near.latitude) <= 90,
    `${field}.latitude`,
    'latitude must be between -90 and 90',
  );
  problems.check(
    Number.isFinite(near.longitude) && Math.abs(near.longitude) <= 180,
    `${field}.longitude`,
    'longitude must be between -180 and 180',
  );
  problems.check(
    near.radiusKm > 0 && near.radiusKm <= MAX_RADIUS_KM,
    `${field}.radiusKm`,
    `must be above 0 and at most ${MAX_RADIUS_KM}`,
  );
}

/** Great-circle distance in metres from a point to the `alias` row's latitude/longitude columns, as SQL. */
export function distanceSql(knex: Knex, alias: string, latitude: number, longitude: number): Knex.Raw {
  const [lat, lon] = [`${alias}.latitude`, `${alias}.longitude`];
  return knex.raw(
    `(2 * ${EARTH_RADIUS_M} * asin(sqrt(power(sin(radians(${lat} - ?) / 2), 2) + cos(radians(?)) * cos(radians(${lat})) * power(sin(radians(${lon} - ?) / 2), 2))))`,
    [latitude, latitude, longitude],
  );
}

/** Great-circle distance in metres between two points (the JavaScript twin of `distanceSql`). */
export function greatCircleMeters(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
    Math.cos(a.latitude * rad) *
      Math.cos(b.latitude * rad) *
      Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** A longitude/latitude box holding the circle of `meters` around a point (its corners are farther). */
export function boxAround(
  latitude: number,
  longitude: number,
  meters: number,
): { west: number; south: number; east: number; north: number } {
  const dLat = meters / METRES_PER_DEGREE;
  const dLon = dLat / Math.max(Math.cos((latitude * Math.PI) / 180), 0.01);
  return { west: longitude - dLon, south: latitude - dLat, east: longitude + dLon, north: latitude + dLat };
}

/**
 * Keeps the `alias` rows within a near-me input: a box around the circle (through the GiST index on
 * point(longitude, latitude)), then the great-circle distance trims its corners.
 */
export function whereNear(knex: Knex, qb: Knex.QueryBuilder, alias: string, near: NearInput): void {
  const { latitude, longitude, radiusKm } = near;
  const radius = radiusKm * 1000;
  const { west, south, east, north } = boxAround(latitude, longitude, radius);
  qb.whereRaw(`point(${alias}.longitude, ${alias}.latitude) <@ box(point(?, ?), point(?, ?))`, [
    west,
    south,
    east,
    north,
  ]);
  qb.where(distanceSql(knex, alias, latitude, longitude), '<=', radius);
}
