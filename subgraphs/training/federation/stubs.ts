import { idStub, territoryStubs } from '../../shared/federation';

// Entities owned by other subgraphs, as stubs carrying only their key, to which training adds its fields.

export const PlaceRef = idStub('Place');
export type PlaceRef = InstanceType<typeof PlaceRef>;
export const PersonRef = idStub('Person');
export type PersonRef = InstanceType<typeof PersonRef>;
export const OrganizationRef = idStub('Organization');
export type OrganizationRef = InstanceType<typeof OrganizationRef>;

export const territory = territoryStubs();
export const CommuneRef = territory.commune;
export type CommuneRef = InstanceType<typeof CommuneRef>;
