/**
 * The national mediation themes (`thematiques` of the Coop de la médiation numérique API v1): key -> the
 * national code. One list; each subgraph registers its own GraphQL enum from a copy of it.
 */
export const MEDIATION_THEMES = {
  DIAGNOSTIC_NUMERIQUE: 'diagnostic_numerique',
  PRENDRE_EN_MAIN_DU_MATERIEL: 'prendre_en_main_du_materiel',
  MAINTENANCE_DE_MATERIEL: 'maintenance_de_materiel',
  NAVIGATION_SUR_INTERNET: 'navigation_sur_internet',
  EMAIL: 'email',
  BUREAUTIQUE: 'bureautique',
  RESEAUX_SOCIAUX: 'reseaux_sociaux',
  SANTE: 'sante',
  BANQUE_ET_ACHATS_EN_LIGNE: 'banque_et_achats_en_ligne',
  ENTREPRENEURIAT: 'entrepreneuriat',
  INSERTION_PROFESSIONNELLE: 'insertion_professionnelle',
  SECURITE_NUMERIQUE: 'securite_numerique',
  PARENTALITE: 'parentalite',
  SCOLARITE_ET_NUMERIQUE: 'scolarite_et_numerique',
  CREER_AVEC_LE_NUMERIQUE: 'creer_avec_le_numerique',
  CULTURE_NUMERIQUE: 'culture_numerique',
  INTELLIGENCE_ARTIFICIELLE: 'intelligence_artificielle',
  AIDE_AUX_DEMARCHES_ADMINISTRATIVES: 'aide_aux_demarches_administratives',
  PAPIERS_ELECTIONS_CITOYENNETE: 'papiers_elections_citoyennete',
  FAMILLE_SCOLARITE: 'famille_scolarite',
  SOCIAL_SANTE: 'social_sante',
  TRAVAIL_FORMATION: 'travail_formation',
  LOGEMENT: 'logement',
  TRANSPORTS_MOBILITE: 'transports_mobilite',
  ARGENT_IMPOTS: 'argent_impots',
  JUSTICE: 'justice',
  ETRANGERS_EUROPE: 'etrangers_europe',
  LOISIRS_SPORTS_CULTURE: 'loisirs_sports_culture',
} as const;

export type MediationTheme = (typeof MEDIATION_THEMES)[keyof typeof MEDIATION_THEMES];
