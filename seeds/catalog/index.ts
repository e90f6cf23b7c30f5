import { referenceCommunes as loadReferenceCommunes } from './communes';
import { buildOrganizations } from './organizations';
import { buildPlaces } from './places';
import type { ReferenceCommune, SeedOrganization, SeedPlace } from './types';

let organizations: SeedOrganization[] | undefined;
let places: SeedPlace[] | undefined;

/** The 319 communes of département 47, from seeds/data/communes-47.json. */
export function referenceCommunes(): ReferenceCommune[] {
  return loadReferenceCommunes();
}

/** Every seed organization (partners, public bodies, 319 communes, 12 EPCIs, associations), built once. */
export function seedOrganizations(): SeedOrganization[] {
  organizations ??= buildOrganizations();
  return organizations;
}

/** Every seed place in the national standard's form, built once from seedOrganizations(). */
export function seedPlaces(): SeedPlace[] {
  places ??= buildPlaces(seedOrganizations());
  return places;
}

export { buildOrganizations } from './organizations';
export { buildPlaces, VARIANT_SPELLINGS } from './places';
export { referenceEpcis } from './communes';
export * from './types';
