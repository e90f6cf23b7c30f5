import type { EntityManager } from '@mikro-orm/postgresql';
import {
  buildOrganizations,
  buildPlaces,
  isScalableOrganization,
  isScalablePlace,
  referenceCommunes,
  seedOrganizations,
  seedPlaces,
} from '../../seeds/catalog';
import { seedPlaces as seedPlacesSubgraph } from '../../seeds/places.seeder';
import { stableId } from '../../seeds/ids';
import { isValidRna, isValidSiret } from '../../subgraphs/shared/siret';
import { placesSubgraph } from '../../subgraphs/places';
import { openTestDatabase } from '../helpers/database';

const base = { organizations: seedOrganizations(), places: seedPlaces() };
const scaled = { organizations: seedOrganizations(2), places: seedPlaces(2) };
const generatedPlaces = base.places.filter(isScalablePlace).length;
const generatedOrganizations = base.organizations.filter(isScalableOrganization).length;

describe('seed scale', () => {
  it('scale 1 is exactly the catalog', () => {
    expect(seedOrganizations(1)).toEqual(buildOrganizations());
    expect(seedPlaces(1)).toEqual(buildPlaces(buildOrganizations()));
  });

  it('scale 2 doubles the generated places and organizations, and only them', () => {
    expect(scaled.places).toHaveLength(base.places.length + generatedPlaces);
    expect(scaled.organizations).toHaveLength(base.organizations.length + generatedOrganizations);
    expect(scaled.places.slice(0, base.places.length)).toEqual(base.places);
    expect(scaled.organizations.filter((o) => o.kind === 'COMMUNE')).toHaveLength(referenceCommunes().length);
    const copiedKeys = new Set(scaled.places.slice(base.places.length).map((p) => p.key.split('~')[0]));
    expect(base.places.filter((p) => !isScalablePlace(p)).every((p) => !copiedKeys.has(p.key))).toBe(true);
  });

  it('gives every copy a unique key, a stable id and a unique SIRET or RNA', () => {
    for (const rows of [scaled.places, scaled.organizations]) {
      expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    }
    for (const p of scaled.places) expect(p.id).toBe(stableId('place', p.key));
    const identifiers = scaled.organizations.map((o) => o.siret ?? o.rna);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    for (const o of scaled.organizations) {
      expect(o.siret ? isValidSiret(o.siret) : isValidRna(o.rna ?? '')).toBe(true);
    }
  });

  it('keeps every pivot equal to its organization’s SIRET or RNA, and each copy in its commune', () => {
    const orgByKey = new Map(scaled.organizations.map((o) => [o.key, o]));
    const originals = new Map(base.places.map((p) => [p.key, p]));
    for (const p of scaled.places) {
      const organization = orgByKey.get(p.organizationKey);
      expect(organization).toBeDefined();
      expect(p.pivot).toBe(organization?.siret ?? organization?.rna);
      const original = originals.get(p.key.split('~')[0]);
      expect(p.code_insee).toBe(original?.code_insee);
      expect(Math.abs(p.latitude - (original?.latitude ?? 0))).toBeLessThan(0.03);
    }
  });

  it('is deterministic', () => {
    const again = { places: buildPlaces(buildOrganizations()) };
    expect(again.places).toEqual(base.places);
    const { scalePlaces, scaleOrganizations } = jest.requireActual('../../seeds/catalog/scale');
    const organizations = scaleOrganizations(buildOrganizations(), 2);
    expect(organizations).toEqual(scaled.organizations);
    expect(scalePlaces(base.places, organizations, 2)).toEqual(scaled.places);
  });

  it('seeds the places subgraph at scale 2 with every copy, idempotently', async () => {
    const db = await openTestDatabase(placesSubgraph);
    try {
      const em = db.orm.em.fork() as EntityManager;
      await seedPlacesSubgraph(em, { scale: 2 });
      const [{ count }] = await em.getConnection().execute('select count(*)::int as count from place');
      expect(count).toBe(scaled.places.length);
      await seedPlacesSubgraph(db.orm.em.fork() as EntityManager, { scale: 2 });
      const [again] = await em.getConnection().execute('select count(*)::int as count from place');
      expect(again.count).toBe(count);
    } finally {
      await db.close();
    }
  });
});
