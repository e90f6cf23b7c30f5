import type { SubgraphDefinition } from '../shared/subgraph';
import { IDEMPOTENCY_EXPIRY_MIGRATION, IDEMPOTENCY_MIGRATION } from '../shared/idempotency';
import { Accreditation } from './accreditation/accreditation.entity';
import { AccreditationResolver } from './accreditation/accreditation.resolver';
import { Carnet } from './carnet/carnet.entity';
import { CarnetResolver } from './carnet/carnet.resolver';
import type { FundingContext } from './context';
import { OrganizationPassResolver, TrainingSessionPassResolver } from './federation/extensions.resolver';
import { passStatsResolvers } from './territory/territory.resolver';
import { territory } from './federation/stubs';
import {
  OrganizationCofunderResolver,
  OrganizationPassActivityResolver,
} from './federation/organization-activity';
import { createFundingLoaders, type FundingLoaders } from './loaders';
import { Migration20261122000000_funding } from './migrations/Migration20261122000000_funding';
import { Migration20261129010000_funding_rollups } from './migrations/Migration20261129010000_funding_rollups';
import { Migration20261129090000_funding_monthly_rollups } from './migrations/Migration20261129090000_funding_monthly_rollups';
import { Migration20261129040000_age_band } from './migrations/Migration20261129040000_age_band';
import { Migration20261206000000_expiry_covering_index } from './migrations/Migration20261206000000_expiry_covering_index';
import { Migration20261207000000_funding_rollup_journal } from './migrations/Migration20261207000000_funding_rollup_journal';
import { Pass, Redemption } from './pass/pass.entity';
import { PassResolver, RedemptionResolver } from './pass/pass.resolver';
import { Contribution, FundingProgram } from './program/program.entity';
import {
  CofunderStatementResolver,
  ContributionResolver,
  FundingProgramResolver,
} from './program/program.resolver';
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
    { name: 'Migration20261129010000_funding_rollups', class: Migration20261129010000_funding_rollups },
    { name: 'Migration20261129040000_age_band', class: Migration20261129040000_age_band },
    IDEMPOTENCY_EXPIRY_MIGRATION,
    {
      name: 'Migration20261129090000_funding_monthly_rollups',
      class: Migration20261129090000_funding_monthly_rollups,
    },
    {
      name: 'Migration20261206000000_expiry_covering_index',
      class: Migration20261206000000_expiry_covering_index,
    },
    {
      name: 'Migration20261207000000_funding_rollup_journal',
      class: Migration20261207000000_funding_rollup_journal,
    },
  ],
  rollupFold: 'fold_pass_rollups',
  // Reachable from no field of this subgraph, yet extended by it.
  orphanedTypes: [territory.epci, territory.departement],
  resolvers: [
    FundingProgramResolver,
    ContributionResolver,
    CofunderStatementResolver,
    CarnetResolver,
    PassResolver,
    RedemptionResolver,
    ReimbursementResolver,
    AccreditationResolver,
    OrganizationPassResolver,
    TrainingSessionPassResolver,
    OrganizationPassActivityResolver,
    OrganizationCofunderResolver,
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
