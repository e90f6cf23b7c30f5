import { EARTH_RADIUS_M } from '../../shared/geography';

export const unitVector = (lat: string, lon: string) =>
  `public.cube(array[cos(radians(${lat})) * cos(radians(${lon})), cos(radians(${lat})) * sin(radians(${lon})), sin(radians(${lat}))])`;

/** A place's position on the unit sphere, as the expression `place_earth_index` is built on (Migration20261123000000_places_nearest: keep them equal). */
export const EARTH_CUBE_OF_COLUMNS = unitVector('latitude', 'longitude');

/** The same expression on the `p` alias of search queries (the planner matches it to the index). */
export const EARTH_CUBE_OF_PLACE = unitVector('p.latitude', 'p.longitude');

/** A point's position on the unit sphere, as a cube literal's three coordinates. */
export function unitVectorOf(latitude: number, longitude: number): [number, number, number] {
  const lat = (latitude * Math.PI) / 180;
  const lon = (longitude * Math.PI) / 180;
  return [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
}

/** The straight-line distance through the unit sphere between two points `metres` apart on its surface. */
export function chordOf(metres: number): number {
  return 2 * Math.sin(Math.min(metres / EARTH_RADIUS_M, Math.PI) / 2);
}
