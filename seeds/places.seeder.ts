import type { EntityManager } from '@mikro-orm/postgresql';
import { foldForSearch } from '../subgraphs/shared/text';
import { pgTextArray } from '../subgraphs/shared/sql';
import {
  DISPOSITIF_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  ITINERANCE,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS,
  SERVICES,
  TYPOLOGIES,
  type Vocabulary,
} from '../subgraphs/places/place/vocabularies';
import { kindFromTypologies, parseLabelList } from '../subgraphs/places/place/place.vocabulary';
import { placeSearchText } from '../subgraphs/places/place/place.write';
import { organizationSearchText } from '../subgraphs/places/organization/organization.write';
import { referenceCommunes, seedOrganizations, seedPlaces as catalogPlaces, type SeedPlace } from './catalog';

const DEPARTEMENT = { code: '47', name: 'Lot-et-Garonne', regionCode: '75' };
// Seeds carry a fixed creation time so that re-seeding and period indicators are deterministic.
const SEEDED_AT = new Date('2024-01-01T00:00:00Z');
const CHUNK = 500;

/** A `|`-separated standard field as stored labels; a value outside the vocabulary is a seed bug. */
function labels(vocabulary: Vocabulary, raw: string | undefined, field: string, place: SeedPlace): string {
  const { labels: parsed, unknown } = parseLabelList(vocabulary, raw);
  if (unknown.length)
    throw new Error(
      `seed place ${place.key}: ${field} has values outside the standard: ${unknown.join(', ')}`,
    );
  return pgTextArray(parsed);
}

const split = (raw: string | undefined) =>
  (raw ?? '')
    .split('|')
    .map((v) => v.trim())
    .filter(Boolean);

/** The catalog's places, imported the way a partner's standard export would be. */
export function placeRows(
  places: SeedPlace[] = catalogPlaces(),
  organizationIds = new Map(seedOrganizations().map((o) => [o.key, o.id])),
) {
  return places.map((p) => {
    const typologies = split(p.typologie);
    const unknownTypologies = typologies.filter((t) => !(t in TYPOLOGIES));
    if (unknownTypologies.length)
      throw new Error(`seed place ${p.key}: unknown typologie ${unknownTypologies.join(', ')}`);
    return {
      id: p.id,
      source_id: p.key,
      pivot: p.pivot,
      organization_id: organizationIds.get(p.organizationKey) ?? null,
      name: p.nom,
      address: p.adresse,
      address_complement: p.complement_adresse ?? null,
      postal_code: p.code_postal,
      commune_name: p.commune,
      insee_code: p.code_insee,
      latitude: p.latitude,
      longitude: p.longitude,
      typologies: pgTextArray(typologies),
      kind: kindFromTypologies(typologies),
      phone: p.telephone ?? null,
      emails: pgTextArray(split(p.courriels)),
      websites: pgTextArray(split(p.site_web)),
      opening_hours: p.horaires ?? null,
      summary: p.presentation_resume ?? null,
      description: p.presentation_detail ?? null,
      source: p.source,
      mobility: labels(ITINERANCE, p.itinerance, 'itinerance', p),
      parent_structure: p.structure_parente ?? null,
      updated_on: p.date_maj,
      services: labels(SERVICES, p.services, 'services', p),
      publics: labels(PUBLICS, p.publics_specifiquement_adresses, 'publics_specifiquement_adresses', p),
      specific_support: labels(
        PRISE_EN_CHARGE_SPECIFIQUE,
        p.prise_en_charge_specifique,
        'prise_en_charge_specifique',
        p,
      ),
      fees: labels(FRAIS_A_CHARGE, p.frais_a_charge, 'frais_a_charge', p),
      national_programmes: labels(
        DISPOSITIF_PROGRAMMES_NATIONAUX,
        p.dispositif_programmes_nationaux,
        'dispositif_programmes_nationaux',
        p,
      ),
      labels: labels(FORMATIONS_LABELS, p.formations_labels, 'formations_labels', p),
      other_labels: pgTextArray(split(p.autres_formations_labels)),
      access_modes: labels(MODALITES_ACCES, p.modalites_acces, 'modalites_acces', p),
      support_modes: labels(
        MODALITES_ACCOMPAGNEMENT,
        p.modalites_accompagnement,
        'modalites_accompagnement',
        p,
      ),
      accessibility_sheet_url: p.fiche_acces_libre ?? null,
      appointment_url: p.prise_rdv ?? null,
      accepts_pass_numerique: p.accepte_pass_numerique,
      search_text: placeSearchText({
        name: p.nom,
        communeName: p.commune,
        address: p.adresse,
        postalCode: p.code_postal,
        summary: p.presentation_resume,
      }),
      created_at: SEEDED_AT,
      updated_at: SEEDED_AT,
    };
  });
}

/**
 * Seeds the places subgraph: the real territory, the catalog's organizations and places. Idempotent (rows
 * that exist are left alone) and deterministic; one bulk insert per 500 rows, in one transaction. `scale`
 * multiplies the generated organizations and places (benchmark), scale 1 being the catalog itself.
 */
export async function seedPlaces(em: EntityManager, options: { scale?: number } = {}): Promise<boolean> {
  const organizations = seedOrganizations(options.scale);
  const communes = referenceCommunes();
  const epcis = new Map<string, { siren: string; name: string; kind: string; population: number }>();
  for (const c of communes) {
    const epci = epcis.get(c.epci_siren) ?? {
      siren: c.epci_siren,
      name: c.epci_nom,
      kind: c.epci_type,
      population: 0,
    };
    epci.population += c.population_municipale;
    epcis.set(c.epci_siren, epci);
  }
  const stamp = { created_at: SEEDED_AT, updated_at: SEEDED_AT };
  const tables: [string, string, Record<string, unknown>[]][] = [
    [
      'departement',
      'code',
      [
        {
          code: DEPARTEMENT.code,
          name: DEPARTEMENT.name,
          region_code: DEPARTEMENT.regionCode,
          population: communes.reduce((a, c) => a + c.population_municipale, 0),
          ...stamp,
        },
      ],
    ],
    ['epci', 'siren', [...epcis.values()].map((e) => ({ ...e, ...stamp }))],
    [
      'commune',
      'insee_code',
      communes.map((c) => ({
        insee_code: c.code_insee,
        name: c.nom,
        siren: c.siren,
        postal_codes: pgTextArray(c.codes_postaux),
        departement_code: c.departement,
        region_code: c.region,
        arrondissement_code: c.arrondissement,
        canton_code: c.canton,
        epci_siren: c.epci_siren,
        population: c.population_municipale,
        population_total: c.population_totale,
        centre_latitude: c.centre_lat,
        centre_longitude: c.centre_lon,
        search_text: foldForSearch(c.nom),
        ...stamp,
      })),
    ],
    [
      'organization',
      'id',
      organizations.map((o) => ({
        id: o.id,
        name: o.name,
        siret: o.siret ?? null,
        rna: o.rna ?? null,
        kind: o.kind,
        roles: pgTextArray(o.roles),
        convention_signatory: o.conventionSignatory,
        insee_code: o.inseeCode,
        website: o.website ?? null,
        source: o.source,
        search_text: organizationSearchText({ name: o.name, siret: o.siret, rna: o.rna }),
        ...stamp,
      })),
    ],
    [
      'place',
      'id',
      placeRows(catalogPlaces(options.scale), new Map(organizations.map((o) => [o.key, o.id]))),
    ],
  ];
  const knex = em.getKnex();
  let inserted = 0;
  await em.transactional(async (tx) => {
    for (const [table, key, rows] of tables) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const result = await tx.execute(
          knex(table)
            .insert(rows.slice(i, i + CHUNK))
            .onConflict(key)
            .ignore()
            .returning(key),
        );
        // PGlite answers a multi-statement batch as nested arrays: flatten before counting.
        inserted += (result as unknown[]).flat().length;
      }
    }
  });
  return inserted > 0;
}
