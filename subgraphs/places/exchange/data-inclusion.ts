import type { Place } from '../place/place.entity';
import { SERVICES } from '../place/vocabularies';

/** Our producer id in data·inclusion records (`source`, and the prefix of every `id`). */
export const DATA_INCLUSION_SOURCE = 'declic47';

const structureId = (place: Place) => `${DATA_INCLUSION_SOURCE}--${place.id}`;

/** A text cut to `max` characters (data·inclusion bounds); null when shorter than `min`. */
function bounded(text: string | null | undefined, min: number, max: number): string | null {
  if (text == null) return null;
  const trimmed = [...text.trim()].slice(0, max).join('');
  return [...trimmed].length >= min ? trimmed : null;
}

/** A structure name: 3 to 150 characters, never ending with a full stop. */
function structureName(name: string): string {
  const cut = [...name.trim()].slice(0, 150).join('').replace(/\.+$/, '');
  return cut.length >= 3 ? cut : `${cut} (lieu)`;
}

/** The address and contact columns a data·inclusion structure and each of its services carry alike. */
function whereAndHowToReach(place: Place) {
  return {
    adresse: place.address,
    complement_adresse: place.addressComplement ?? null,
    code_postal: place.postalCode,
    code_insee: place.inseeCode,
    commune: place.communeName,
    latitude: place.latitude ?? null,
    longitude: place.longitude ?? null,
    telephone: place.phone ?? null,
    courriel: place.emails[0] ?? null,
  };
}

/** A place as a data·inclusion v1 `structure`. */
export function toDataInclusionStructure(place: Place) {
  return {
    source: DATA_INCLUSION_SOURCE,
    id: structureId(place),
    nom: structureName(place.name),
    date_maj: place.updatedOn,
    siret: /^\d{14}$/.test(place.pivot) ? place.pivot : null,
    ...whereAndHowToReach(place),
    site_web: place.websites[0] ?? null,
    description: bounded(place.description ?? place.summary, 5, 10000),
    horaires_accueil: place.openingHours ?? null,
    accessibilite_lieu: place.accessibilitySheetUrl ?? null,
    lien_source: null,
    reseaux_porteurs: null,
  };
}

/** data·inclusion `thematiques` for a service label of the national standard. */
const THEMES: Record<string, string[]> = {
  [SERVICES.AIDE_AUX_DEMARCHES_ADMINISTRATIVES]: ['numerique--acceder-a-des-services-en-ligne'],
  [SERVICES.ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE]: ['numerique--acceder-a-une-connexion-internet'],
  [SERVICES.ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE]: ['numerique--acquerir-un-equipement'],
};
const DEFAULT_THEMES = ['numerique--maitriser-les-fondamentaux-du-numerique'];

const serviceKey = (label: string) =>
  Object.entries(SERVICES)
    .find(([, l]) => l === label)?.[0]
    .toLowerCase()
    .replace(/_/g, '-') ?? 'autre';

/** The data·inclusion v1 `services` of a place: one per service of the national standard it offers. */
export function toDataInclusionServices(place: Place) {
  const free = place.fees.length > 0 && place.fees.every((f) => f.startsWith('Gratuit'));
  const paying = place.fees.includes('Payant');
  return place.services.map((label) => ({
    source: DATA_INCLUSION_SOURCE,
    id: `${structureId(place)}--${serviceKey(label)}`,
    structure_id: structureId(place),
    nom: label,
    description: `${label} : ${place.name}, ${place.communeName}.`,
    date_maj: place.updatedOn,
    type: place.supportModes.includes('Dans un atelier collectif') ? 'atelier' : 'accompagnement',
    thematiques: THEMES[label] ?? DEFAULT_THEMES,
    frais: paying ? 'payant' : free ? 'gratuit' : null,
    modes_accueil: place.supportModes.includes('À distance')
      ? ['en-presentiel', 'a-distance']
      : ['en-presentiel'],
    ...whereAndHowToReach(place),
    horaires_accueil: place.openingHours ?? null,
    lien_mobilisation: place.appointmentUrl ?? null,
  }));
}
