import { MEDIATION_THEMES, type MediationTheme } from '../../shared/mediation-themes';
import { registerEnumType } from 'type-graphql';
import { MEDIATION_THEME_LABELS, labelled } from '../../shared/mediation-theme-labels';

/**
 * The national mediation themes (`thematiques` of the Coop de la médiation numérique API v1,
 * shared/reference/coop-mediation-numerique.api-v1.openapi.json): stable keys in the API, the national
 * codes in the database.
 */
// A copy: type-graphql keys an enum's registration by its object, and each subgraph names its own.
export const TrainingTheme = { ...MEDIATION_THEMES };
export type TrainingTheme = MediationTheme;

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
  valuesConfig: labelled(MEDIATION_THEME_LABELS, TrainingTheme),
});
registerEnumType(TrainingLevel, {
  name: 'TrainingLevel',
  description: 'Level of an offer.',
  valuesConfig: labelled({ BEGINNER: 'Débutant', INTERMEDIATE: 'Intermédiaire', ADVANCED: 'Avancé' }),
});
registerEnumType(TrainingFormat, {
  name: 'TrainingFormat',
  description: 'ON_SITE at a place, REMOTE online, PODCAST to listen to, HYBRID at a place and online.',
  valuesConfig: labelled({
    ON_SITE: 'En présentiel',
    REMOTE: 'À distance',
    PODCAST: 'Podcast',
    HYBRID: 'Hybride',
  }),
});
registerEnumType(TrainingPublic, {
  name: 'TrainingPublic',
  description: 'Public an offer is meant for.',
  valuesConfig: labelled({
    ALL: 'Tous publics',
    SENIORS: 'Seniors',
    YOUNG_PEOPLE: 'Jeunes',
    JOB_SEEKERS: 'Demandeurs d’emploi',
    PARENTS: 'Parents',
    PEOPLE_WITH_DISABILITIES: 'Personnes en situation de handicap',
    PROFESSIONALS: 'Professionnels',
  }),
});
