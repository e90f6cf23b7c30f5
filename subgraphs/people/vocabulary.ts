import { MEDIATION_THEMES, type MediationTheme } from '../shared/mediation-themes';
import { registerEnumType } from 'type-graphql';
import { MEDIATION_THEME_LABELS, labelled } from '../shared/mediation-theme-labels';

/** Who a person is in the programme (DESIGN.md 3.2). */
export enum PersonRole {
  CONSEILLER_NUMERIQUE = 'CONSEILLER_NUMERIQUE',
  AIDANT_NUMERIQUE = 'AIDANT_NUMERIQUE',
  MEDIATEUR = 'MEDIATEUR',
  COORDINATEUR = 'COORDINATEUR',
}

/** An aidant's profession, the job through which they help people with digital tools. */
export enum PersonProfession {
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  RECEPTION_AGENT = 'RECEPTION_AGENT',
  SECRETAIRE_DE_MAIRIE = 'SECRETAIRE_DE_MAIRIE',
  LIBRARIAN = 'LIBRARIAN',
  PUBLIC_SCRIBE = 'PUBLIC_SCRIBE',
  ASSOCIATION_LEADER = 'ASSOCIATION_LEADER',
  VOLUNTEER = 'VOLUNTEER',
  INDEPENDENT_TRAINER = 'INDEPENDENT_TRAINER',
}

export enum PersonCertification {
  PIX = 'PIX',
  CCP1_REMN = 'CCP1_REMN',
  REMN = 'REMN',
}

export enum PersonTrainingStatus {
  NOT_REQUIRED = 'NOT_REQUIRED',
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
}

// The national activity report's vocabularies (coop-mediation-numerique API v1, `Activite`): internal
// values are the national codes, stored as they are; the API shows them upper-cased.

export enum ActivityType {
  INDIVIDUEL = 'individuel',
  DEMARCHE_ADMINISTRATIVE = 'demarche_administrative',
  COLLECTIF = 'collectif',
}

export enum ActivityLocationType {
  LIEU_ACTIVITE = 'lieu_activite',
  DOMICILE = 'domicile',
  A_DISTANCE = 'a_distance',
  AUTRE = 'autre',
}

export enum ActivityAutonomy {
  ENTIEREMENT_ACCOMPAGNE = 'entierement_accompagne',
  PARTIELLEMENT_AUTONOME = 'partiellement_autonome',
  AUTONOME = 'autonome',
}

export enum ActivityEquipment {
  ORDINATEUR = 'ordinateur',
  TELEPHONE = 'telephone',
  TABLETTE = 'tablette',
  AUTRE = 'autre',
  AUCUN = 'aucun',
}

export enum WorkshopLevel {
  DEBUTANT = 'debutant',
  INTERMEDIAIRE = 'intermediaire',
  AVANCE = 'avance',
}

// A copy: type-graphql keys an enum's registration by its object, and each subgraph names its own.
export const ActivityTheme = { ...MEDIATION_THEMES };
export type ActivityTheme = MediationTheme;

/** Age bands of the national report (CRA v1 `age_*` columns). */
export enum ParticipantAgeBand {
  AGE_MOINS_12_ANS = 'age_moins_12_ans',
  AGE_DE_12_A_18_ANS = 'age_de_12_a_18_ans',
  AGE_DE_18_A_35_ANS = 'age_de_18_a_35_ans',
  AGE_DE_35_A_60_ANS = 'age_de_35_a_60_ans',
  AGE_PLUS_60_ANS = 'age_plus_60_ans',
}

/** Social status of the national report (CRA v1 `statut_*` columns). */
export enum ParticipantSocialStatus {
  STATUT_ETUDIANT = 'statut_etudiant',
  STATUT_SANS_EMPLOI = 'statut_sans_emploi',
  STATUT_EN_EMPLOI = 'statut_en_emploi',
  STATUT_RETRAITE = 'statut_retraite',
  STATUT_HETEROGENE = 'statut_heterogene',
}

registerEnumType(PersonRole, {
  name: 'PersonRole',
  description: 'Who a person is in the programme.',
  valuesConfig: labelled({
    CONSEILLER_NUMERIQUE: 'Conseiller numérique',
    AIDANT_NUMERIQUE: 'Aidant numérique',
    MEDIATEUR: 'Médiateur numérique',
    COORDINATEUR: 'Coordinateur',
  }),
});
registerEnumType(PersonProfession, {
  name: 'PersonProfession',
  description: "An aidant's profession.",
  valuesConfig: labelled({
    SOCIAL_WORKER: 'Travailleur social',
    RECEPTION_AGENT: 'Agent d’accueil',
    SECRETAIRE_DE_MAIRIE: 'Secrétaire de mairie',
    LIBRARIAN: 'Bibliothécaire',
    PUBLIC_SCRIBE: 'Écrivain public',
    ASSOCIATION_LEADER: 'Responsable associatif',
    VOLUNTEER: 'Bénévole',
    INDEPENDENT_TRAINER: 'Formateur indépendant',
  }),
});
registerEnumType(PersonCertification, {
  name: 'PersonCertification',
  description:
    'A digital-mediation certification a person holds: PIX, the Pix certification of digital skills; CCP1_REMN, the first certificate of competence of the REMN title, which conseillers numériques obtain; REMN, the whole professional title Responsable d’espace de médiation numérique.',
  valuesConfig: labelled({
    PIX: 'Certification PIX',
    CCP1_REMN: 'CCP1 du titre professionnel REMN',
    REMN: 'Titre professionnel Responsable d’espace de médiation numérique (REMN)',
  }),
});
registerEnumType(PersonTrainingStatus, {
  name: 'PersonTrainingStatus',
  description: 'Where a person stands in the training the programme asks of them.',
  valuesConfig: labelled({
    NOT_REQUIRED: 'Non requise',
    PLANNED: 'Prévue',
    IN_PROGRESS: 'En cours',
    COMPLETED: 'Terminée',
  }),
});
registerEnumType(ActivityType, {
  name: 'ActivityType',
  description: 'National code `type`.',
  valuesConfig: labelled(
    {
      INDIVIDUEL: 'Accompagnement individuel',
      DEMARCHE_ADMINISTRATIVE: 'Aide aux démarches administratives',
      COLLECTIF: 'Atelier collectif',
    },
    ActivityType,
  ),
});
registerEnumType(ActivityLocationType, {
  name: 'ActivityLocationType',
  description: 'National code `type_lieu`.',
  valuesConfig: labelled(
    {
      LIEU_ACTIVITE: 'Lieu d’activité',
      DOMICILE: 'À domicile',
      A_DISTANCE: 'À distance',
      AUTRE: 'Autre lieu',
    },
    ActivityLocationType,
  ),
});
registerEnumType(ActivityAutonomy, {
  name: 'ActivityAutonomy',
  description: 'National code `autonomie`.',
  valuesConfig: labelled(
    {
      ENTIEREMENT_ACCOMPAGNE: 'Entièrement accompagné',
      PARTIELLEMENT_AUTONOME: 'Partiellement autonome',
      AUTONOME: 'Autonome',
    },
    ActivityAutonomy,
  ),
});
registerEnumType(ActivityEquipment, {
  name: 'ActivityEquipment',
  description: 'National code `materiel`.',
  valuesConfig: labelled(
    {
      ORDINATEUR: 'Ordinateur',
      TELEPHONE: 'Téléphone',
      TABLETTE: 'Tablette',
      AUTRE: 'Autre matériel',
      AUCUN: 'Pas de matériel',
    },
    ActivityEquipment,
  ),
});
registerEnumType(WorkshopLevel, {
  name: 'WorkshopLevel',
  description: 'National code `niveau_atelier`.',
  valuesConfig: labelled(
    { DEBUTANT: 'Débutant', INTERMEDIAIRE: 'Intermédiaire', AVANCE: 'Avancé' },
    WorkshopLevel,
  ),
});
registerEnumType(ActivityTheme, {
  name: 'ActivityTheme',
  description: 'National mediation themes (`thematiques` of the coop de la médiation numérique).',
  valuesConfig: labelled(MEDIATION_THEME_LABELS, ActivityTheme),
});
registerEnumType(ParticipantAgeBand, {
  name: 'ParticipantAgeBand',
  description: 'Age band of the national report (CRA v1 `age_*` columns).',
  valuesConfig: labelled(
    {
      AGE_MOINS_12_ANS: 'Moins de 12 ans',
      AGE_DE_12_A_18_ANS: 'Entre 12 et 18 ans',
      AGE_DE_18_A_35_ANS: 'Entre 18 et 35 ans',
      AGE_DE_35_A_60_ANS: 'Entre 35 et 60 ans',
      AGE_PLUS_60_ANS: 'Plus de 60 ans',
    },
    ParticipantAgeBand,
  ),
});
registerEnumType(ParticipantSocialStatus, {
  name: 'ParticipantSocialStatus',
  description: 'Social status of the national report (CRA v1 `statut_*` columns).',
  valuesConfig: labelled(
    {
      STATUT_ETUDIANT: 'Étudiants',
      STATUT_SANS_EMPLOI: 'Sans emploi',
      STATUT_EN_EMPLOI: 'En emploi',
      STATUT_RETRAITE: 'Retraités',
      STATUT_HETEROGENE: 'Statut hétérogène',
    },
    ParticipantSocialStatus,
  ),
});
