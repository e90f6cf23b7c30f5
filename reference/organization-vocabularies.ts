/** The national kinds and roles of an organization: the places API's enums and the seed catalog both read these. */
export const ORGANIZATION_KINDS = [
  'STATE',
  'DEPARTEMENT',
  'EPCI',
  'COMMUNE',
  'SOCIAL_PROTECTION',
  'EMPLOYMENT_SERVICE',
  'PUBLIC_ESTABLISHMENT',
  'COMPANY',
  'ASSOCIATION',
  'FOUNDATION',
  'TRAINING_ORGANIZATION',
  'OTHER',
] as const;
export type OrganizationKindCode = (typeof ORGANIZATION_KINDS)[number];

export const ORGANIZATION_ROLES = ['PRESCRIBER', 'QUALIFIED_TRAINER', 'FUNDER', 'EMPLOYER'] as const;
export type OrganizationRoleCode = (typeof ORGANIZATION_ROLES)[number];
