import { registerEnumType } from 'type-graphql';

/**
 * The national mediation themes (`thematiques` of the Coop de la médiation numérique API v1,
 * shared/reference/coop-mediation-numerique.api-v1.openapi.json): stable keys in the API, the national
 * codes in the database.
 */
export enum TrainingTheme {
  DIAGNOSTIC_NUMERIQUE = 'diagnostic_numerique',
  PRENDRE_EN_MAIN_DU_MATERIEL = 'prendre_en_main_du_materiel',
  MAINTENANCE_DE_MATERIEL = 'maintenance_de_materiel',
  NAVIGATION_SUR_INTERNET = 'navigation_sur_internet',
  EMAIL = 'email',
  BUREAUTIQUE = 'bureautique',
  RESEAUX_SOCIAUX = 'reseaux_sociaux',
  SANTE = 'sante',
  BANQUE_ET_ACHATS_EN_LIGNE = 'banque_et_achats_en_ligne',
  ENTREPRENEURIAT = 'entrepreneuriat',
  INSERTION_PROFESSIONNELLE = 'insertion_professionnelle',
  SECURITE_NUMERIQUE = 'securite_numerique',
  PARENTALITE = 'parentalite',
  SCOLARITE_ET_NUMERIQUE = 'scolarite_et_numerique',
  CREER_AVEC_LE_NUMERIQUE = 'creer_avec_le_numerique',
  CULTURE_NUMERIQUE = 'culture_numerique',
  INTELLIGENCE_ARTIFICIELLE = 'intelligence_artificielle',
  AIDE_AUX_DEMARCHES_ADMINISTRATIVES = 'aide_aux_demarches_administratives',
  PAPIERS_ELECTIONS_CITOYENNETE = 'papiers_elections_citoyennete',
  FAMILLE_SCOLARITE = 'famille_scolarite',
  SOCIAL_SANTE = 'social_sante',
  TRAVAIL_FORMATION = 'travail_formation',
  LOGEMENT = 'logement',
  TRANSPORTS_MOBILITE = 'transports_mobilite',
  ARGENT_IMPOTS = 'argent_impots',
  JUSTICE = 'justice',
  ETRANGERS_EUROPE = 'etrangers_europe',
  LOISIRS_SPORTS_CULTURE = 'loisirs_sports_culture',
}

/** The national workshop levels (`niveau_atelier`: debutant, intermediaire, avance). */
export enum TrainingLevel {
  BEGINNER = 'BEGINNER',
  INTERMEDIATE = 'INTERMEDIATE',
  ADVANCED = 'ADVANCED',
}

export enum TrainingFormat {
  ON_SITE = 'ON_SITE',
  REMOTE = 'REMOTE',
  PODCAST = 'PODCAST',
  HYBRID = 'HYBRID',
}

/** Who an offer is meant for. */
export enum TrainingPublic {
  ALL = 'ALL',
  SENIORS = 'SENIORS',
  YOUNG_PEOPLE = 'YOUNG_PEOPLE',
  JOB_SEEKERS = 'JOB_SEEKERS',
  PARENTS = 'PARENTS',
  PEOPLE_WITH_DISABILITIES = 'PEOPLE_WITH_DISABILITIES',
  PROFESSIONALS = 'PROFESSIONALS',
}

registerEnumType(TrainingTheme, {
  name: 'TrainingTheme',
  description:
    'National mediation theme (Coop de la médiation numérique `thematiques`); values map to its codes.',
  valuesConfig: Object.fromEntries(
    Object.entries(TrainingTheme).map(([key, code]) => [key, { description: `National code \`${code}\`.` }]),
  ),
});
registerEnumType(TrainingLevel, { name: 'TrainingLevel', description: 'Level of an offer.' });
registerEnumType(TrainingFormat, {
  name: 'TrainingFormat',
  description: 'ON_SITE at a place, REMOTE online, PODCAST to listen to, HYBRID at a place and online.',
});
registerEnumType(TrainingPublic, { name: 'TrainingPublic', description: 'Public an offer is meant for.' });
