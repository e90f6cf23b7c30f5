import { registerEnumType } from 'type-graphql';
import { ORGANIZATION_ROLES } from '../../../reference/organization-vocabularies';
import { ORGANIZATION_KINDS } from '../../../reference/organization-vocabularies';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const OrganizationKind = asEnum(ORGANIZATION_KINDS);
export type OrganizationKind = keyof typeof OrganizationKind;

export const OrganizationRole = asEnum(ORGANIZATION_ROLES);
export type OrganizationRole = keyof typeof OrganizationRole;

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'Legal nature of a partner structure.',
  valuesConfig: {
    STATE: { description: 'État\n\nThe State: préfecture, services déconcentrés.' },
    DEPARTEMENT: { description: 'Conseil départemental\n\nThe département as a local authority.' },
    EPCI: { description: 'Intercommunalité\n\nAn EPCI (communauté de communes or d’agglomération).' },
    COMMUNE: { description: 'Commune\n\nA commune: its mairie, its CCAS.' },
    SOCIAL_PROTECTION: {
      description: 'Organisme de protection sociale\n\nCAF, MSA, CPAM, CARSAT, CNSA.',
    },
    EMPLOYMENT_SERVICE: {
      description: 'Service public de l’emploi\n\nFrance Travail, Cap Emploi, Missions locales.',
    },
    PUBLIC_ESTABLISHMENT: {
      description: 'Établissement public\n\nÉtablissement public, syndicat mixte, GIP.',
    },
    COMPANY: {
      description:
        'Entreprise\n\nA company, including public companies (La Poste, SNCF) and independent trainers.',
    },
    ASSOCIATION: { description: 'Association\n\nAn association loi 1901.' },
    FOUNDATION: { description: 'Fondation\n\nA foundation (e.g. Fondation Orange).' },
    TRAINING_ORGANIZATION: { description: 'Organisme de formation\n\nA training organization.' },
    OTHER: { description: 'Autre\n\nAny other legal nature.' },
  },
});

registerEnumType(OrganizationRole, {
  name: 'OrganizationRole',
  description: 'What a structure does in the déClic47 programme.',
  valuesConfig: {
    PRESCRIBER: { description: 'Prescripteur du Pass numérique\n\nHands out Pass numérique carnets.' },
    QUALIFIED_TRAINER: {
      description: 'Structure de formation qualifiée\n\nLabelled training structure: redeems Pass numérique.',
    },
    FUNDER: { description: 'Financeur\n\nContributes to the Pass numérique budget.' },
    EMPLOYER: { description: 'Employeur\n\nEmploys aidants or conseillers numériques.' },
  },
});
