import type { SubgraphDefinition } from '../shared/subgraph';
import { IDEMPOTENCY_EXPIRY_MIGRATION, IDEMPOTENCY_MIGRATION } from '../shared/idempotency';
import { Activity } from './activity/activity.entity';
import { ActivityResolver } from './activity/activity.resolver';
import { OrganizationMediationResolver } from './activity/organization-stats';
import { StaffPermanenceStatsResolver } from './permanence/organization-permanence-stats';
import type { PeopleContext } from './context';
import { OrganizationExtensionResolver, PlaceExtensionResolver } from './federation/extensions.resolver';
import { territory } from './federation/stubs';
import { createPeopleLoaders, type PeopleLoaders } from './loaders';
import {
  ActivityProvenanceResolver,
  LacoopReconciliationResolver,
  PersonProvenanceResolver,
} from './lacoop/lacoop.resolver';
import { LacoopSyncStatusResolver } from './lacoop/status.resolver';
import { Migration20261122010000_people } from './migrations/Migration20261122010000_people';
import { Migration20261128200000_lacoop } from './migrations/Migration20261128200000_lacoop';
import { Migration20261128200000_people_activity_daily } from './migrations/Migration20261128200000_people_activity_daily';
import { Migration20261129030000_people_activity_rollup } from './migrations/Migration20261129030000_people_activity_rollup';
import { Migration20261129070000_people_activity_rollup_partitions } from './migrations/Migration20261129070000_people_activity_rollup_partitions';
import { Migration20261206120000_people_activity_rollup_by_employer } from './migrations/Migration20261206120000_people_activity_rollup_by_employer';
import { Migration20261207120000_people_activity_rollup_years } from './migrations/Migration20261207120000_people_activity_rollup_years';
import { Permanence } from './permanence/permanence.entity';
import { PermanenceResolver } from './permanence/permanence.resolver';
import { Person } from './person/person.entity';
import { PersonResolver } from './person/person.resolver';
import { mediationStatsResolvers } from './territory/territory.resolver';

/** people: Person, Permanence and Activity, plus their fields on Place, Organization and the territory. */
export const peopleSubgraph: SubgraphDefinition<PeopleLoaders> = {
  name: 'people',
  defaultPort: 4002,
  entities: [Person, Permanence, Activity],
  migrations: [
    { name: 'Migration20261122010000_people', class: Migration20261122010000_people },
    { name: 'Migration20261128200000_lacoop', class: Migration20261128200000_lacoop },
    {
      name: 'Migration20261128200000_people_activity_daily',
      class: Migration20261128200000_people_activity_daily,
    },
    {
      name: 'Migration20261129030000_people_activity_rollup',
      class: Migration20261129030000_people_activity_rollup,
    },
    IDEMPOTENCY_MIGRATION,
    IDEMPOTENCY_EXPIRY_MIGRATION,
    {
      name: 'Migration20261129070000_people_activity_rollup_partitions',
      class: Migration20261129070000_people_activity_rollup_partitions,
    },
    {
      name: 'Migration20261206120000_people_activity_rollup_by_employer',
      class: Migration20261206120000_people_activity_rollup_by_employer,
    },
    {
      name: 'Migration20261207120000_people_activity_rollup_years',
      class: Migration20261207120000_people_activity_rollup_years,
    },
  ],
  resolvers: [
    PersonResolver,
    PermanenceResolver,
    ActivityResolver,
    PlaceExtensionResolver,
    OrganizationExtensionResolver,
    OrganizationMediationResolver,
    StaffPermanenceStatsResolver,
    ...mediationStatsResolvers,
    LacoopReconciliationResolver,
    ActivityProvenanceResolver,
    PersonProvenanceResolver,
    LacoopSyncStatusResolver,
  ],
  // Epci and Departement are reached only through the entity extensions, never from a field of ours.
  orphanedTypes: [territory.epci, territory.departement],
  createLoaders: createPeopleLoaders,
  // Other subgraphs' entities (federation/stubs.ts) resolve to their key by @apollo/subgraph's default.
  referenceResolvers: {
    Person: {
      __resolveReference: (ref: { id: string }, ctx: PeopleContext) => ctx.loaders.person.load(ref.id),
    },
  },
};
