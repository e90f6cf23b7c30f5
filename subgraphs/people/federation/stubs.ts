import { idStub, territoryStubs } from '../../shared/federation';

// Entities owned by the places subgraph, as stubs carrying only their key, to which this subgraph adds fields.

export const PlaceRef = idStub('Place');
export type PlaceRef = InstanceType<typeof PlaceRef>;
export const OrganizationRef = idStub('Organization');
export type OrganizationRef = InstanceType<typeof OrganizationRef>;

export const territory = territoryStubs();
export const CommuneRef = territory.commune;
export type CommuneRef = InstanceType<typeof CommuneRef>;
