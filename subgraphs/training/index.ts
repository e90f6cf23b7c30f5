import type { SubgraphDefinition } from '../shared/subgraph';
import { IDEMPOTENCY_EXPIRY_MIGRATION, IDEMPOTENCY_MIGRATION } from '../shared/idempotency';
import type { TrainingContext } from './context';
import {
  OrganizationTrainingResolver,
  OrganizationTrainingStatsResolver,
  PersonTrainingResolver,
  PlaceTrainingResolver,
} from './federation/extensions.resolver';
import { trainingStatsResolvers } from './territory/territory.resolver';
import { territory } from './federation/stubs';
import { createTrainingLoaders, type TrainingLoaders } from './loaders';
import { Migration20261122100000_training } from './migrations/Migration20261122100000_training';
import { Migration20261129020000_training_daily } from './migrations/Migration20261129020000_training_daily';
import { Migration20261129080000_training_daily_session_updates } from './migrations/Migration20261129080000_training_daily_session_updates';
import { Migration20261206130000_training_session_attendance_counts } from './migrations/Migration20261206130000_training_session_attendance_counts';
import { Migration20261207010000_training_daily_journal } from './migrations/Migration20261207010000_training_daily_journal';
import { Migration20261207120000_training_session_provider } from './migrations/Migration20261207120000_training_session_provider';
import { TrainingOffer } from './offer/training-offer.entity';
import { TrainingOfferResolver } from './offer/training-offer.resolver';
import { Registration } from './registration/registration.entity';
import { RegistrationResolver } from './registration/registration.resolver';
import { TrainingSession } from './session/training-session.entity';
import { TrainingSessionResolver } from './session/training-session.resolver';

/** training: TrainingOffer, TrainingSession, Registration, and their fields on places' and people's entities. */
export const trainingSubgraph: SubgraphDefinition<TrainingLoaders> = {
  name: 'training',
  defaultPort: 4003,
  entities: [TrainingOffer, TrainingSession, Registration],
  migrations: [
    { name: 'Migration20261122100000_training', class: Migration20261122100000_training },
    IDEMPOTENCY_MIGRATION,
    { name: 'Migration20261129020000_training_daily', class: Migration20261129020000_training_daily },
    IDEMPOTENCY_EXPIRY_MIGRATION,
    {
      name: 'Migration20261129080000_training_daily_session_updates',
      class: Migration20261129080000_training_daily_session_updates,
    },
    {
      name: 'Migration20261206130000_training_session_attendance_counts',
      class: Migration20261206130000_training_session_attendance_counts,
    },
    {
      name: 'Migration20261207010000_training_daily_journal',
      class: Migration20261207010000_training_daily_journal,
    },
    {
      name: 'Migration20261207120000_training_session_provider',
      class: Migration20261207120000_training_session_provider,
    },
  ],
  rollupFold: 'fold_training_daily',
  resolvers: [
    TrainingOfferResolver,
    TrainingSessionResolver,
    RegistrationResolver,
    PlaceTrainingResolver,
    PersonTrainingResolver,
    OrganizationTrainingResolver,
    OrganizationTrainingStatsResolver,
    ...trainingStatsResolvers,
  ],
  // Territory stubs are reachable from no field of ours: only the gateway's entity fetches reach them.
  orphanedTypes: [territory.commune, territory.epci, territory.departement],
  createLoaders: createTrainingLoaders,
  // Other subgraphs' entities (federation/stubs.ts) resolve to their key by @apollo/subgraph's default.
  referenceResolvers: {
    TrainingOffer: {
      __resolveReference: (ref: { id: string }, ctx: TrainingContext) => ctx.loaders.offer.load(ref.id),
    },
    TrainingSession: {
      __resolveReference: (ref: { id: string }, ctx: TrainingContext) => ctx.loaders.session.load(ref.id),
    },
  },
};
