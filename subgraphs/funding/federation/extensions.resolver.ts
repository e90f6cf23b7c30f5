import { requireReadOf, scopeOfRead } from '../../../common/auth';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../shared/errors';
import { identified, indicatorId } from '../../shared/indicator';
import { Accreditation } from '../accreditation/accreditation.entity';
import { Carnet } from '../carnet/carnet.entity';
import type { FundingContext } from '../context';
import { Redemption } from '../pass/pass.entity';
import { Contribution } from '../program/program.entity';
import { Reimbursement } from '../reimbursement/reimbursement.entity';
import { PrescriberPassStats, TrainerPassStats } from './organization-stats';
import { OrganizationRef, TrainingSessionRef } from './stubs';

const MAX_LATEST = 100;

function latestCount(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_LATEST)
    throw badUserInput('first', `must be between 0 and ${MAX_LATEST}`);
  return first;
}

/** What the ledger adds to organizations: each field is one query per batch of organizations. */
@Resolver(() => OrganizationRef)
export class OrganizationPassResolver {
  @FieldResolver(() => PrescriberPassStats, {
    nullable: true,
    description:
      'As a prescriber: carnets and passes handed out. Null, with an error on this path, when the funding subgraph fails.',
  })
  prescriberPassStats(
    @Root() org: OrganizationRef,
    @Ctx() ctx: FundingContext,
  ): Promise<PrescriberPassStats> {
    return identified<PrescriberPassStats>(
      indicatorId('PrescriberPassStats', 'organization', org.id),
      ctx.loaders.prescriberStats.load(org.id),
    );
  }

  @FieldResolver(() => [Carnet], {
    nullable: true,
    description:
      'As a prescriber: its latest carnets, latest first. Null, with an error on this path, when the caller may not read it or the funding subgraph fails.',
  })
  carnetsIssued(
    @Root() org: OrganizationRef,
    @Arg('first', () => Int, { defaultValue: 10, description: 'At most 100.' }) first: number,
    @Ctx() ctx: FundingContext,
  ): Promise<Carnet[]> {
    requireReadOf(ctx.viewer, org.id, 'carnets');
    return ctx.loaders.latestCarnetsByPrescriber.load({ parent: org.id, first: latestCount(first) });
  }

  @FieldResolver(() => TrainerPassStats, {
    nullable: true,
    description:
      'As a training structure: passes redeemed and paid back. Null, with an error on this path, when the funding subgraph fails.',
  })
  trainerPassStats(@Root() org: OrganizationRef, @Ctx() ctx: FundingContext): Promise<TrainerPassStats> {
    return identified<TrainerPassStats>(
      indicatorId('TrainerPassStats', 'organization', org.id),
      ctx.loaders.trainerStats.load(org.id),
    );
  }

  @FieldResolver(() => [Redemption], {
    nullable: true,
    description:
      'As a training structure: its latest redemptions. Null, with an error on this path, when the caller may not read it or the funding subgraph fails.',
  })
  passRedemptions(
    @Root() org: OrganizationRef,
    @Arg('first', () => Int, { defaultValue: 10, description: 'At most 100.' }) first: number,
    @Ctx() ctx: FundingContext,
  ): Promise<Redemption[]> {
    requireReadOf(ctx.viewer, org.id, 'redemptions');
    return ctx.loaders.latestRedemptionsByTrainer.load({ parent: org.id, first: latestCount(first) });
  }

  @FieldResolver(() => [Reimbursement], {
    nullable: true,
    description:
      'As a training structure: its reimbursements, latest first. Null, with an error on this path, when the caller may not read it or the funding subgraph fails.',
  })
  passReimbursements(@Root() org: OrganizationRef, @Ctx() ctx: FundingContext): Promise<Reimbursement[]> {
    requireReadOf(ctx.viewer, org.id, 'reimbursements');
    return ctx.loaders.reimbursementsByTrainer.load(org.id);
  }

  @FieldResolver(() => [Contribution], {
    nullable: true,
    description:
      'As a funder: its contributions to funding programmes. Null, with an error on this path, when the funding subgraph fails.',
  })
  fundingContributions(@Root() org: OrganizationRef, @Ctx() ctx: FundingContext): Promise<Contribution[]> {
    return ctx.loaders.contributionsByFunder.load(org.id);
  }

  @FieldResolver(() => [Accreditation], {
    nullable: true,
    description:
      'Its Pass numérique accreditations, active or not. Null, with an error on this path, when the funding subgraph fails.',
  })
  passAccreditations(@Root() org: OrganizationRef, @Ctx() ctx: FundingContext): Promise<Accreditation[]> {
    return ctx.loaders.accreditationsByOrganization.load(org.id);
  }
}

@Resolver(() => TrainingSessionRef)
export class TrainingSessionPassResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Passes redeemed for this session. Null, with an error on this path, when the funding subgraph fails.',
  })
  passesUsed(@Root() session: TrainingSessionRef, @Ctx() ctx: FundingContext): Promise<number> {
    return ctx.loaders.passesUsedBySession.load(session.id);
  }

  @FieldResolver(() => [Redemption], {
    nullable: true,
    description:
      'The redemptions for this session (a partner sees its own). Null, with an error on this path, when the funding subgraph fails.',
  })
  async passRedemptions(
    @Root() session: TrainingSessionRef,
    @Ctx() ctx: FundingContext,
  ): Promise<Redemption[]> {
    // A partner sees the redemptions made at its own organization only.
    const scope = scopeOfRead(ctx.viewer, 'redemptions');
    const redemptions = await ctx.loaders.redemptionsBySession.load(session.id);
    return scope ? redemptions.filter((r) => r.trainerId === scope) : redemptions;
  }
}
