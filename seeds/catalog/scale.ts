import { hashSeed, prng, stableId } from '../ids';
import { isValidSiret } from '../../subgraphs/shared/siret';
import { communeByInsee } from './communes';
import { generatedRna, randomDigits, withLuhnDigit } from './organizations';
import { jitteredPosition } from './places';
import type { SeedOrganization, SeedPlace } from './types';
import type { OrganizationKindCode } from '../../reference/organization-vocabularies';

/**
 * `--scale N`: the benchmark's national-size data. Generated rows are copied N-1 times under new natural keys
 * (`${key}~${k}`, k = 1..N-1), so ids stay stable and every seeder can derive its own copies from the same
 * keys; the real territory (communes, EPCIs, Département, State) and the named real places are never copied.
 *
 * Another seeder scales the same way: take `seedPlaces(scale)` / `seedOrganizations(scale)` (copies included)
 * and derive its rows from them, or copy its own generated rows with `withCopies(rows, scale, (row, k) => …)`,
 * keying copy k with `scaledKey(key, k)` and pointing it at copy k of its place (`scaledKey(placeKey, k)`).
 */

/** The natural key of copy k of a generated row (copy 0 is the row itself). */
export function scaledKey(key: string, k: number): string {
  return k === 0 ? key : `${key}~${k}`;
}

/** A scale from a CLI or option value: a positive integer, 1 when absent. */
export function normalizeScale(scale: number | undefined): number {
  const n = scale ?? 1;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`scale must be a positive integer, got ${String(scale)}`);
  return n;
}

/** The rows followed by their copies 1..scale-1, in a stable order; `copy` builds copy k of one row. */
export function withCopies<T>(
  rows: readonly T[],
  scale: number | undefined,
  copy: (row: T, k: number) => T | undefined,
): T[] {
  const out = [...rows];
  for (let k = 1; k < normalizeScale(scale); k++) {
    for (const row of rows) {
      const copied = copy(row, k);
      if (copied) out.push(copied);
    }
  }
  return out;
}

// Territorial bodies are real and unique: their places are copied (more sites), the bodies themselves are not.
const TERRITORIAL: ReadonlySet<OrganizationKindCode> = new Set(['STATE', 'DEPARTEMENT', 'EPCI', 'COMMUNE']);

/** Whether copies of the catalog's organization are generated at scale > 1. */
export function isScalableOrganization(organization: SeedOrganization): boolean {
  return !TERRITORIAL.has(organization.kind);
}

/** Whether copies of the catalog's place are generated at scale > 1 (named real places are not). */
export function isScalablePlace(place: SeedPlace): boolean {
  return place.source === 'déClic47 (généré)';
}

/** Hands out SIRETs / RNAs no other organization has, retrying deterministically on a collision. */
class IdentifierAllocator {
  private readonly used: Set<string>;

  constructor(organizations: readonly SeedOrganization[]) {
    this.used = new Set(organizations.flatMap((o) => [o.siret, o.rna].filter((v): v is string => !!v)));
  }

  siret(key: string, prefix: string): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      const rand = prng(hashSeed(`scaled-siret:${key}:${attempt}`));
      const siren = withLuhnDigit(prefix + randomDigits(rand, 8 - prefix.length));
      const siret = withLuhnDigit(siren + '000' + (1 + Math.floor(rand() * 9)));
      if (!this.used.has(siret) && isValidSiret(siret)) return this.take(siret);
    }
    throw new Error(`Could not allocate a SIRET for ${key}`);
  }

  rna(key: string): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      const rna = generatedRna(attempt === 0 ? key : `${key}#${attempt}`);
      if (!this.used.has(rna)) return this.take(rna);
    }
    throw new Error(`Could not allocate an RNA for ${key}`);
  }

  private take(value: string): string {
    this.used.add(value);
    return value;
  }
}

/** The catalog's organizations plus copies of the non-territorial ones, each with its own SIRET or RNA. */
export function scaleOrganizations(
  organizations: readonly SeedOrganization[],
  scale: number | undefined,
): SeedOrganization[] {
  const identifiers = new IdentifierAllocator(organizations);
  return withCopies(organizations, scale, (o, k) => {
    if (!isScalableOrganization(o)) return undefined;
    const key = scaledKey(o.key, k);
    const copy: SeedOrganization = {
      ...o,
      id: stableId('organization', key),
      key,
      name: `${o.name} (${k + 1})`,
      roles: [...o.roles],
      source: 'generated',
    };
    delete copy.siret;
    delete copy.rna;
    // Copies keep the original's kind of SIREN (same first digit: public body, company, association…).
    if (o.siret) copy.siret = identifiers.siret(key, o.siret.slice(0, 1));
    else copy.rna = identifiers.rna(key);
    return copy;
  });
}

/**
 * The catalog's places plus copies of the generated ones: new key and id, a new position in the same
 * commune, and the matching copy of the organization (or the same territorial body), whose identifier
 * becomes the pivot.
 */
export function scalePlaces(
  places: readonly SeedPlace[],
  scaledOrganizations: readonly SeedOrganization[],
  scale: number | undefined,
): SeedPlace[] {
  const byKey = new Map(scaledOrganizations.map((o) => [o.key, o]));
  return withCopies(places, scale, (p, k) => {
    if (!isScalablePlace(p)) return undefined;
    const key = scaledKey(p.key, k);
    const organization = byKey.get(scaledKey(p.organizationKey, k)) ?? byKey.get(p.organizationKey);
    const pivot = organization?.siret ?? organization?.rna;
    if (!organization || !pivot) throw new Error(`Scaled place ${key}: no organization ${p.organizationKey}`);
    return {
      ...p,
      id: stableId('place', key),
      key,
      organizationKey: organization.key,
      pivot,
      nom: `${p.nom} (${k + 1})`,
      ...jitteredPosition(key, communeByInsee(p.code_insee)),
    };
  });
}
