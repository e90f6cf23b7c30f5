import { MEDIATION_THEMES } from '../shared/mediation-themes';
import { mediationThemeEntries } from '../shared/mediation-theme-labels';
import { vocabulary, type ValueOf } from '../shared/vocabulary';

/** Who a person is in the programme (DESIGN.md 3.2). */
export const PersonRole = vocabulary('PersonRole', 'Who a person is in the programme.', {
  CONSEILLER_NUMERIQUE: 'Conseiller numérique',
  AIDANT_NUMERIQUE: 'Aidant numérique',
  MEDIATEUR: 'Médiateur numérique',
  COORDINATEUR: 'Coordinateur',
});
export type PersonRole = ValueOf<typeof PersonRole>;

/** An aidant's profession, the job through which they help people with digital tools. */
export const PersonProfession = vocabulary('PersonProfession', "An aidant's profession.", {
  SOCIAL_WORKER: 'Travailleur social',
  RECEPTION_AGENT: 'Agent d’accueil',
  SECRETAIRE_DE_MAIRIE: 'Secrétaire de mairie',
  LIBRARIAN: 'Bibliothécaire',
  PUBLIC_SCRIBE: 'Écrivain public',
  ASSOCIATION_LEADER: 'Responsable associatif',
  VOLUNTEER: 'Bénévole',
  INDEPENDENT_TRAINER: 'Formateur indépendant',
});
export type PersonProfession = ValueOf<typeof PersonProfession>;

export const PersonCertification = vocabulary(
  'PersonCertification',
  'A digital-mediation certification a person holds: PIX, the Pix certification of digital skills; CCP1_REMN, the first certificate of competence of the REMN title, which conseillers numériques obtain; REMN, the whole professional title Responsable d’espace de médiation numérique.',
  {
    PIX: 'Certification PIX',
    CCP1_REMN: 'CCP1 du titre professionnel REMN',
    REMN: 'Titre professionnel Responsable d’espace de médiation numérique (REMN)',
  },
);
export type PersonCertification = ValueOf<typeof PersonCertification>;

export const PersonTrainingStatus = vocabulary(
  'PersonTrainingStatus',
  'Where a person stands in the training the programme asks of them.',
  { NOT_REQUIRED: 'Non requise', PLANNED: 'Prévue', IN_PROGRESS: 'En cours', COMPLETED: 'Terminée' },
);
export type PersonTrainingStatus = ValueOf<typeof PersonTrainingStatus>;

// The national activity report's vocabularies (coop-mediation-numerique API v1, `Activite`): internal
// values are the national codes, stored as they are; the API shows them upper-cased.

export const ActivityType = vocabulary('ActivityType', 'National code `type`.', {
  INDIVIDUEL: ['individuel', 'Accompagnement individuel'],
  DEMARCHE_ADMINISTRATIVE: ['demarche_administrative', 'Aide aux démarches administratives'],
  COLLECTIF: ['collectif', 'Atelier collectif'],
});
export type ActivityType = ValueOf<typeof ActivityType>;

export const ActivityLocationType = vocabulary('ActivityLocationType', 'National code `type_lieu`.', {
  LIEU_ACTIVITE: ['lieu_activite', 'Lieu d’activité'],
  DOMICILE: ['domicile', 'À domicile'],
  A_DISTANCE: ['a_distance', 'À distance'],
  AUTRE: ['autre', 'Autre lieu'],
});
export type ActivityLocationType = ValueOf<typeof ActivityLocationType>;

export const ActivityAutonomy = vocabulary('ActivityAutonomy', 'National code `autonomie`.', {
  ENTIEREMENT_ACCOMPAGNE: ['entierement_accompagne', 'Entièrement accompagné'],
  PARTIELLEMENT_AUTONOME: ['partiellement_autonome', 'Partiellement autonome'],
  AUTONOME: ['autonome', 'Autonome'],
});
export type ActivityAutonomy = ValueOf<typeof ActivityAutonomy>;

export const ActivityEquipment = vocabulary('ActivityEquipment', 'National code `materiel`.', {
  ORDINATEUR: ['ordinateur', 'Ordinateur'],
  TELEPHONE: ['telephone', 'Téléphone'],
  TABLETTE: ['tablette', 'Tablette'],
  AUTRE: ['autre', 'Autre matériel'],
  AUCUN: ['aucun', 'Pas de matériel'],
});
export type ActivityEquipment = ValueOf<typeof ActivityEquipment>;

export const WorkshopLevel = vocabulary('WorkshopLevel', 'National code `niveau_atelier`.', {
  DEBUTANT: ['debutant', 'Débutant'],
  INTERMEDIAIRE: ['intermediaire', 'Intermédiaire'],
  AVANCE: ['avance', 'Avancé'],
});
export type WorkshopLevel = ValueOf<typeof WorkshopLevel>;

export const ActivityTheme = vocabulary(
  'ActivityTheme',
  'National mediation themes (`thematiques` of the coop de la médiation numérique).',
  mediationThemeEntries(),
);
export type ActivityTheme = ValueOf<typeof MEDIATION_THEMES>;

/** Social status of the national report (CRA v1 `statut_*` columns). */
export const ParticipantSocialStatus = vocabulary(
  'ParticipantSocialStatus',
  'Social status of the national report (CRA v1 `statut_*` columns).',
  {
    STATUT_ETUDIANT: ['statut_etudiant', 'Étudiants'],
    STATUT_SANS_EMPLOI: ['statut_sans_emploi', 'Sans emploi'],
    STATUT_EN_EMPLOI: ['statut_en_emploi', 'En emploi'],
    STATUT_RETRAITE: ['statut_retraite', 'Retraités'],
    STATUT_HETEROGENE: ['statut_heterogene', 'Statut hétérogène'],
  },
);
export type ParticipantSocialStatus = ValueOf<typeof ParticipantSocialStatus>;
