import { MEDIATION_THEMES } from './mediation-themes';

/**
 * French labels of the national mediation themes, as La Coop de la médiation numérique's app shows them (its
 * API v1 carries only the codes: shared/reference/coop-mediation-numerique.api-v1.openapi.json).
 */
export const MEDIATION_THEME_LABELS: Record<keyof typeof MEDIATION_THEMES, string> = {
  DIAGNOSTIC_NUMERIQUE: 'Diagnostic numérique',
  PRENDRE_EN_MAIN_DU_MATERIEL: 'Prendre en main du matériel',
  MAINTENANCE_DE_MATERIEL: 'Maintenance de matériel',
  NAVIGATION_SUR_INTERNET: 'Navigation sur internet',
  EMAIL: 'E-mail',
  BUREAUTIQUE: 'Bureautique',
  RESEAUX_SOCIAUX: 'Réseaux sociaux communication',
  SANTE: 'Santé',
  BANQUE_ET_ACHATS_EN_LIGNE: 'Banque et achats en ligne',
  ENTREPRENEURIAT: 'Entrepreneuriat',
  INSERTION_PROFESSIONNELLE: 'Insertion professionnelle',
  SECURITE_NUMERIQUE: 'Prévention en sécurité numérique',
  PARENTALITE: 'Parentalité',
  SCOLARITE_ET_NUMERIQUE: 'Scolarité et numérique',
  CREER_AVEC_LE_NUMERIQUE: 'Créer avec le numérique',
  CULTURE_NUMERIQUE: 'Culture numérique',
  INTELLIGENCE_ARTIFICIELLE: 'Intelligence artificielle (IA)',
  AIDE_AUX_DEMARCHES_ADMINISTRATIVES: 'Aide aux démarches administratives',
  PAPIERS_ELECTIONS_CITOYENNETE: 'Papiers - Élections - Citoyenneté',
  FAMILLE_SCOLARITE: 'Famille - Scolarité',
  SOCIAL_SANTE: 'Social - Santé',
  TRAVAIL_FORMATION: 'Travail - Formation',
  LOGEMENT: 'Logement',
  TRANSPORTS_MOBILITE: 'Transports - Mobilité',
  ARGENT_IMPOTS: 'Argent - Impôts',
  JUSTICE: 'Justice',
  ETRANGERS_EUROPE: 'Étrangers - Europe',
  LOISIRS_SPORTS_CULTURE: 'Loisirs - Sports - Culture',
};

type Themes = typeof MEDIATION_THEMES;
type ThemeEntries = { [K in keyof Themes]: readonly [Themes[K], string] };

/** The themes as `vocabulary()` entries (key -> national code and label), for each subgraph's own enum. */
export function mediationThemeEntries(): ThemeEntries {
  return Object.fromEntries(
    Object.entries(MEDIATION_THEMES).map(([key, code]) => [
      key,
      [code, MEDIATION_THEME_LABELS[key as keyof Themes]],
    ]),
  ) as unknown as ThemeEntries;
}
