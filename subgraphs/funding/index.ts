import type { SubgraphDefinition } from '../shared/subgraph';
import { IDEMPOTENCY_EXPIRY_MIGRATION, IDEMPOTENCY_MIGRATION } from '../shared/idempotency';
import { Accreditation } from './accreditation/accreditation.entity';
import { AccreditationResolver } from './accreditation/accreditation.resolver';
import { Carnet } from './carnet/carnet.entity';
import { CarnetResolver } from './carnet/carnet.resolver';
import type { FundingContext } from './context';
import {
  OrganizationPassResolver,
  passStatsResolvers,
  TrainingSessionPassResolver,
} from './federation/extensions.resolver';
import { DepartementRef, EpciRef } from './federation/stubs';
import { createFundingLoaders, type FundingLoaders } from './loaders';
import { Migration20261122000000_funding } from './migrations/Migration20261122000000_funding';
import { Pass, Redemption } from './pass/pass.entity';
import { PassResolver, RedemptionResolver } from './pass/pass.resolver';
import { Contribution, FundingProgram } from './program/program.entity';
import { ContributionResolver, FundingProgramResolver } from './program/program.resolver';
import { Reimbursement } from './reimbursement/reimbursement.entity';
import { ReimbursementResolver } from './reimbursement/reimbursement.resolver';

/** funding: the Pass numérique ledger (programmes, carnets, passes, redemptions, reimbursements). */
export const fundingSubgraph: SubgraphDefinition<FundingLoaders> = {
  name: 'funding',
  defaultPort: 4004,
  entities: [FundingProgram, Contribution, Accreditation, Carnet, Pass, Redemption, Reimbursement],
  migrations: [
    { name: 'Migration20261122000000_funding', class: Migration20261122000000_funding },
    IDEMPOTENCY_MIGRATION,
    IDEMPOTENCY_EXPIRY_MIGRATION,
  ],
  // Reachable from no field of this subgraph, yet extended by it.
  orphanedTypes: [EpciRef, DepartementRef],
  resolvers: [
    FundingProgramResolver,
    ContributionResolver,
    CarnetResolver,
    PassResolver,
    RedemptionResolver,
    ReimbursementResolver,
    AccreditationResolver,
    OrganizationPassResolver,
    TrainingSessionPassResolver,
    ...passStatsResolvers,
  ],
  createLoaders: createFundingLoaders,
  // Other subgraphs' entities (federation/stubs.ts) resolve to their key by @apollo/subgraph's default.
  referenceResolvers: {
    FundingProgram: {
      __resolveReference: (ref: { id: string }, ctx: FundingContext) => ctx.loaders.program.load(ref.id),
    },
    Carnet: {
      __resolveReference: (ref: { id: string }, ctx: FundingContext) => ctx.loaders.carnet.load(ref.id),
    },
    Pass: {
      __resolveReference: (ref: { id: string }, ctx: FundingContext) => ctx.loaders.pass.load(ref.id),
    },
  },
};
