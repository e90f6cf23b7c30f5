import type { Place } from '../place.entity';
import type { PlaceFilter } from '../place.filter';

/** A search's keyset: (distance, id) near a point, else (name, id). */
export type SortKey = [number | string, string];

export function compareKey(a: SortKey, b: SortKey): number {
  if (a[0] < b[0]) return -1;
  if (a[0] > b[0]) return 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** The keyset cursor of a place in a search: (distance, id) near a point, else (name, id). */
export function placeSortKey(place: Place, filter: PlaceFilter | undefined): SortKey {
  return [filter?.near ? (place.distanceMeters ?? 0) : place.name, place.id];
}
