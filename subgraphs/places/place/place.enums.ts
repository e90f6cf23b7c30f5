import { registerEnumType } from 'type-graphql';
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
} from './vocabularies';

/**
 * Registers a national vocabulary as a GraphQL enum whose internal values are the standard's exact labels:
 * the API shows stable keys, the database and the standard export keep the French labels.
 */
function registerVocabulary(vocabulary: Vocabulary, name: string, description: string): void {
  registerEnumType(vocabulary, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      Object.entries(vocabulary).map(([key, label]) => [key, { description: label }]),
    ),
  });
}

registerVocabulary(SERVICES, 'Service', 'Services offered (standard field `services`).');
registerVocabulary(PUBLICS, 'Public', 'Publics specifically addressed (`publics_specifiquement_adresses`).');
registerVocabulary(
  PRISE_EN_CHARGE_SPECIFIQUE,
  'SpecificSupport',
  'Specific needs supported (`prise_en_charge_specifique`).',
);
registerVocabulary(FRAIS_A_CHARGE, 'Fee', 'Financial conditions (`frais_a_charge`).');
registerVocabulary(
  DISPOSITIF_PROGRAMMES_NATIONAUX,
  'NationalProgramme',
  'National programmes (`dispositif_programmes_nationaux`).',
);
registerVocabulary(FORMATIONS_LABELS, 'TrainingLabel', 'Trainings and labels (`formations_labels`).');
registerVocabulary(MODALITES_ACCES, 'AccessMode', 'How to access the place (`modalites_acces`).');
registerVocabulary(MODALITES_ACCOMPAGNEMENT, 'SupportMode', 'Kinds of support (`modalites_accompagnement`).');
registerVocabulary(ITINERANCE, 'Mobility', 'Fixed or itinerant (`itinerance`).');

/** data·inclusion v0 typologies: the code is both key and stored value. */
export const Typologie = Object.fromEntries(Object.keys(TYPOLOGIES).map((code) => [code, code])) as {
  [K in keyof typeof TYPOLOGIES]: K;
};
registerEnumType(Typologie, {
  name: 'Typologie',
  description: 'Structure type (data·inclusion v0 vocabulary, standard field `typologie`).',
  valuesConfig: Object.fromEntries(
    Object.entries(TYPOLOGIES).map(([code, label]) => [code, { description: label }]),
  ),
});

/** What the map shows a place as; derived from its typologies. */
export enum PlaceKind {
  TIERS_LIEU = 'TIERS_LIEU',
  CMS = 'CMS',
  MAIRIE = 'MAIRIE',
  MEDIATHEQUE = 'MEDIATHEQUE',
  FRANCE_SERVICES = 'FRANCE_SERVICES',
  POST_OFFICE = 'POST_OFFICE',
  EPN = 'EPN',
  SOCIAL_PROTECTION = 'SOCIAL_PROTECTION',
  EMPLOYMENT = 'EMPLOYMENT',
  TRAINING = 'TRAINING',
  ASSOCIATION = 'ASSOCIATION',
  OTHER = 'OTHER',
}
registerEnumType(PlaceKind, {
  name: 'PlaceKind',
  description:
    'Kind of place for the map (value descriptions: French labels; a kind standing for one typologie takes its data·inclusion label), derived from `typologie`, first match wins: FRANCE_SERVICES ← RFS, MSAP; TIERS_LIEU ← TIERS_LIEUX, FABLAB; CMS ← CMS, MDS, CDAS; MEDIATHEQUE ← BIB; EPN ← EPN; POST_OFFICE ← LA_POSTE; MAIRIE ← MUNI, CCAS, CIAS; SOCIAL_PROTECTION ← CAF, CPAM, MSA; EMPLOYMENT ← FT, ML, CAP_EMPLOI, MDE; TRAINING ← AFPA, OF, CFP; ASSOCIATION ← ASSO; otherwise OTHER.',
  valuesConfig: {
    TIERS_LIEU: { description: 'Tiers lieu & coworking' },
    CMS: { description: 'Centre Médico-Social (CMS)' },
    MAIRIE: { description: 'Mairie ou CCAS' },
    MEDIATHEQUE: { description: 'Bibliothèque / Médiathèque' },
    FRANCE_SERVICES: { description: 'Réseau France Services' },
    POST_OFFICE: { description: 'Bureau de poste / Agence postale' },
    EPN: { description: 'Espace Public Numérique (EPN)' },
    SOCIAL_PROTECTION: { description: 'Organisme de protection sociale' },
    EMPLOYMENT: { description: 'Emploi et insertion' },
    TRAINING: { description: 'Organisme de formation' },
    ASSOCIATION: { description: 'Associations' },
    OTHER: { description: 'Autre lieu' },
  },
});

/** Freshness of a place's data from `date_maj`: over 18 months to update, 12 to 18 months to check. */
export enum Freshness {
  FRESH = 'FRESH',
  TO_CHECK = 'TO_CHECK',
  TO_UPDATE = 'TO_UPDATE',
}
registerEnumType(Freshness, {
  name: 'Freshness',
  description:
    'How recent a place’s data is, from `date_maj` (value descriptions: French labels, the hub’s own wording): FRESH under 12 months, TO_CHECK 12–18 months, TO_UPDATE over 18 months.',
  valuesConfig: {
    FRESH: { description: 'À jour' },
    TO_CHECK: { description: 'À vérifier' },
    TO_UPDATE: { description: 'À mettre à jour' },
  },
});
