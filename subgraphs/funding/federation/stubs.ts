import { idStub, territoryStubs } from '../../shared/federation';

// Entities owned by other subgraphs, as stubs carrying only their key, to which funding adds its fields.

export const OrganizationRef = idStub('Organization');
export type OrganizationRef = InstanceType<typeof OrganizationRef>;
export const PersonRef = idStub('Person');
export type PersonRef = InstanceType<typeof PersonRef>;
export const TrainingSessionRef = idStub('TrainingSession');
export type TrainingSessionRef = InstanceType<typeof TrainingSessionRef>;

export const territory = territoryStubs();
export const CommuneRef = territory.commune;
export type CommuneRef = InstanceType<typeof CommuneRef>;
export const EpciRef = territory.epci;
export type EpciRef = InstanceType<typeof EpciRef>;

/** A stub's reference is its key: the owning subgraph answers for it, so nothing is looked up here. */
export const organizationRef = (id: string): OrganizationRef => ({ id });
