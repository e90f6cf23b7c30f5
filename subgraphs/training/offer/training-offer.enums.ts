import { MEDIATION_THEMES } from '../../shared/mediation-themes';
import { mediationThemeEntries } from '../../shared/mediation-theme-labels';
import { vocabulary, type ValueOf } from '../../shared/vocabulary';

/**
 * The national mediation themes (`thematiques` of the Coop de la médiation numérique API v1,
 * shared/reference/coop-mediation-numerique.api-v1.openapi.json): stable keys in the API, the national
 * codes in the database.
 */
export const TrainingTheme = vocabulary(
  'TrainingTheme',
  'National mediation theme (Coop de la médiation numérique `thematiques`); values map to its codes.',
  mediationThemeEntries(),
);
export type TrainingTheme = ValueOf<typeof MEDIATION_THEMES>;

/** The national workshop levels (`niveau_atelier`: debutant, intermediaire, avance). */
export const TrainingLevel = vocabulary('TrainingLevel', 'Level of an offer.', {
  BEGINNER: 'Débutant',
  INTERMEDIATE: 'Intermédiaire',
  ADVANCED: 'Avancé',
});
export type TrainingLevel = ValueOf<typeof TrainingLevel>;

export const TrainingFormat = vocabulary(
  'TrainingFormat',
  'ON_SITE at a place, REMOTE online, PODCAST to listen to, HYBRID at a place and online.',
  { ON_SITE: 'En présentiel', REMOTE: 'À distance', PODCAST: 'Podcast', HYBRID: 'Hybride' },
);
export type TrainingFormat = ValueOf<typeof TrainingFormat>;

/** Who an offer is meant for. */
export const TrainingPublic = vocabulary('TrainingPublic', 'Public an offer is meant for.', {
  ALL: 'Tous publics',
  SENIORS: 'Seniors',
  YOUNG_PEOPLE: 'Jeunes',
  JOB_SEEKERS: 'Demandeurs d’emploi',
  PARENTS: 'Parents',
  PEOPLE_WITH_DISABILITIES: 'Personnes en situation de handicap',
  PROFESSIONALS: 'Professionnels',
});
export type TrainingPublic = ValueOf<typeof TrainingPublic>;
