import { referenceCommunes as loadReferenceCommunes } from './communes';
import { buildOrganizations } from './organizations';
import { buildPlaces } from './places';
import { normalizeScale, scaleOrganizations, scalePlaces } from './scale';
import type { SeedOrganization, SeedPlace } from './types';
import type { ReferenceCommune } from '../../reference/communes';

// Built once per scale (scale 1 is today's catalog; see scale.ts).
const organizations = new Map<number, SeedOrganization[]>();
const places = new Map<number, SeedPlace[]>();

/** The 319 communes of département 47, from reference/communes-47.json. */
export function referenceCommunes(): ReferenceCommune[] {
  return loadReferenceCommunes();
}

/**
 * Every seed organization (partners, public bodies, 319 communes, 12 EPCIs, associations), built once; at
 * scale N the non-territorial ones are copied N-1 times.
 */
export function seedOrganizations(scale?: number): SeedOrganization[] {
  const n = normalizeScale(scale);
  let built = organizations.get(n);
  if (!built) {
    built = n === 1 ? buildOrganizations() : scaleOrganizations(seedOrganizations(1), n);
    organizations.set(n, built);
  }
  return built;
}

/** Every seed place in the national standard's form, built once; at scale N generated places are copied N-1 times. */
export function seedPlaces(scale?: number): SeedPlace[] {
  const n = normalizeScale(scale);
  let built = places.get(n);
  if (!built) {
    built = n === 1 ? buildPlaces(seedOrganizations(1)) : scalePlaces(seedPlaces(1), seedOrganizations(n), n);
    places.set(n, built);
  }
  return built;
}

export { buildOrganizations } from './organizations';
export { buildPlaces, VARIANT_SPELLINGS } from './places';
export { referenceEpcis } from './communes';
export { isScalableOrganization, isScalablePlace, normalizeScale, scaledKey, withCopies } from './scale';
export * from './types';
