import type { Place } from './place.entity';

/** Our own label for "accepts the Pass numérique", carried in `autres_formations_labels` on export. */
export const PASS_NUMERIQUE_LABEL = 'Pass numérique';

const joined = (values: readonly string[]) => (values.length ? values.join('|') : null);

/** A place as a record of the national standard v1.0.2, field for field (lists `|`-separated). */
export function toStandardRecord(place: Place): Record<string, string | number | null> {
  const otherLabels = place.acceptsPassNumerique
    ? [...place.otherLabels, PASS_NUMERIQUE_LABEL]
    : place.otherLabels;
  return {
    id: place.sourceId ?? place.id,
    pivot: place.pivot,
    nom: place.name,
    commune: place.communeName,
    code_postal: place.postalCode,
    code_insee: place.inseeCode,
    adresse: place.address,
    complement_adresse: place.addressComplement ?? null,
    latitude: place.latitude ?? null,
    longitude: place.longitude ?? null,
    typologie: joined(place.typologies),
    telephone: place.phone ?? null,
    courriels: joined(place.emails),
    site_web: joined(place.websites),
    horaires: place.openingHours ?? null,
    presentation_resume: place.summary ?? null,
    presentation_detail: place.description ?? null,
    source: place.source ?? null,
    itinerance: joined(place.mobility),
    structure_parente: place.parentStructure ?? null,
    date_maj: place.updatedOn,
    services: joined(place.services),
    publics_specifiquement_adresses: joined(place.publics),
    prise_en_charge_specifique: joined(place.specificSupport),
    frais_a_charge: joined(place.fees),
    dispositif_programmes_nationaux: joined(place.nationalProgrammes),
    formations_labels: joined(place.labels),
    autres_formations_labels: joined(otherLabels),
    modalites_acces: joined(place.accessModes),
    modalites_accompagnement: joined(place.supportModes),
    fiche_acces_libre: place.accessibilitySheetUrl ?? null,
    prise_rdv: place.appointmentUrl ?? null,
  };
}

/** The Place properties a GeoJSON feature reads: a search for features loads those columns only. */
export const FEATURE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'kind',
  'typologies',
  'address',
  'postalCode',
  'communeName',
  'inseeCode',
  'services',
  'openingHours',
  'acceptsPassNumerique',
  'latitude',
  'longitude',
]);

/** A GeoJSON FeatureCollection of places with coordinates, for map clients. */
export function toFeatureCollection(places: Place[], totalCount: number) {
  return {
    type: 'FeatureCollection',
    totalCount,
    features: places
      .filter((p) => p.latitude != null && p.longitude != null)
      .map((p) => ({
        type: 'Feature',
        id: p.id,
        geometry: { type: 'Point', coordinates: [p.longitude, p.latitude] },
        properties: {
          id: p.id,
          name: p.name,
          kind: p.kind,
          typologies: p.typologies,
          address: p.address,
          postalCode: p.postalCode,
          commune: p.communeName,
          inseeCode: p.inseeCode,
          services: p.services,
          openingHours: p.openingHours ?? null,
          acceptsPassNumerique: p.acceptsPassNumerique,
          ...(p.distanceMeters != null ? { distanceMeters: p.distanceMeters } : {}),
        },
      })),
  };
}
