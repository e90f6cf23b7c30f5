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
    STATE: { description: 'État: préfecture, services déconcentrés.' },
    DEPARTEMENT: { description: 'Conseil départemental.' },
    EPCI: { description: 'Intercommunalité.' },
    COMMUNE: { description: 'Commune (mairie, CCAS).' },
    SOCIAL_PROTECTION: { description: 'CAF, MSA, CPAM, CARSAT, CNSA.' },
    EMPLOYMENT_SERVICE: { description: 'France Travail, Cap Emploi, Missions locales.' },
    PUBLIC_ESTABLISHMENT: { description: 'Établissement public, syndicat mixte, GIP.' },
    COMPANY: {
      description: 'Company, including public companies (La Poste, SNCF) and independent trainers.',
    },
    ASSOCIATION: { description: 'Association loi 1901.' },
    FOUNDATION: { description: 'Fondation.' },
    TRAINING_ORGANIZATION: { description: 'Organisme de formation.' },
    OTHER: { description: 'Anything else.' },
  },
});

registerEnumType(OrganizationRole, {
  name: 'OrganizationRole',
  description: 'What a structure does in the déClic47 programme.',
  valuesConfig: {
    PRESCRIBER: { description: 'Hands out Pass numérique carnets.' },
    QUALIFIED_TRAINER: { description: 'Labelled training structure: redeems Pass numérique.' },
    FUNDER: { description: 'Contributes to the Pass numérique budget.' },
    EMPLOYER: { description: 'Employs aidants or conseillers numériques.' },
  },
});
