import { requireAdmin } from '../../../common/auth';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { FundingContext } from '../context';
import { OrganizationRef, organizationRef } from '../federation/stubs';
import { SafeIntScalar } from '../scalars';
import { Contribution, FundingProgram } from './program.entity';
import { ContributionInput, FundingProgramInput } from './program.input';
import { addContribution, createProgram } from './program.write';

@Resolver(() => FundingProgram)
export class FundingProgramResolver {
  @Query(() => FundingProgram, {
    nullable: true,
    description: 'A funding programme by id; null when unknown.',
  })
  fundingProgram(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: FundingContext,
  ): Promise<FundingProgram | null> {
    return ctx.loaders.program.load(id);
  }

  @Query(() => [FundingProgram], { nullable: true, description: 'Every funding programme, latest first.' })
  fundingPrograms(@Ctx() ctx: FundingContext): Promise<FundingProgram[]> {
    return ctx.em.find(FundingProgram, {}, { orderBy: { validFrom: 'desc', id: 'asc' } });
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description:
      'The operator, e.g. Docaposte. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  operator(@Root() program: FundingProgram): OrganizationRef {
    return organizationRef(program.operatorId);
  }

  @FieldResolver(() => SafeIntScalar, { description: 'Budget left for new carnets, in cents.' })
  leftCents(@Root() program: FundingProgram): number {
    return program.budgetCents - program.issuedCents;
  }

  @FieldResolver(() => [Contribution], { description: 'Contributions, largest first.' })
  contributions(@Root() program: FundingProgram, @Ctx() ctx: FundingContext): Promise<Contribution[]> {
    return ctx.loaders.contributionsByProgram.load(program.id);
  }

  @FieldResolver(() => SafeIntScalar, {
    description: 'Value of the passes redeemed (or reimbursed), in cents.',
  })
  async redeemedCents(@Root() program: FundingProgram, @Ctx() ctx: FundingContext): Promise<number> {
    return (await ctx.loaders.programLedger.load(program.id)).redeemedCents;
  }

  @FieldResolver(() => SafeIntScalar, { description: 'Value of the passes reimbursed, in cents.' })
  async reimbursedCents(@Root() program: FundingProgram, @Ctx() ctx: FundingContext): Promise<number> {
    return (await ctx.loaders.programLedger.load(program.id)).reimbursedCents;
  }

  @FieldResolver(() => SafeIntScalar, {
    description: 'Value of the passes expired unused, in cents (still counted in issuedCents).',
  })
  async expiredCents(@Root() program: FundingProgram, @Ctx() ctx: FundingContext): Promise<number> {
    return (await ctx.loaders.programLedger.load(program.id)).expiredCents;
  }

  @Mutation(() => FundingProgram, {
    description: 'Creates a programme with its contributions; BAD_USER_INPUT names any invalid field.',
  })
  createFundingProgram(
    @Arg('input', () => FundingProgramInput, {
      description: 'The new programme: name, operator, validity period, budget and first contributions.',
    })
    input: FundingProgramInput,
    @Ctx() ctx: FundingContext,
  ): Promise<FundingProgram> {
    requireAdmin(ctx.viewer);
    return ctx.em.transactional((em) => createProgram(em, input));
  }

  @Mutation(() => Contribution, {
    description: "Adds a funder's contribution; BUDGET_EXCEEDED when contributions would pass the budget.",
  })
  addFundingContribution(
    @Arg('programId', () => ID, { description: 'The funding programme receiving the contribution.' })
    programId: string,
    @Arg('input', () => ContributionInput, {
      description: 'The funder and the amount it adds, in euro cents.',
    })
    input: ContributionInput,
    @Ctx() ctx: FundingContext,
  ): Promise<Contribution> {
    requireAdmin(ctx.viewer);
    return ctx.em.transactional((em) => addContribution(em, programId, input));
  }
}

@Resolver(() => Contribution)
export class ContributionResolver {
  @FieldResolver(() => FundingProgram, {
    nullable: true,
    description: 'The programme this contribution funds; null only if that record is gone.',
  })
  program(@Root() contribution: Contribution, @Ctx() ctx: FundingContext): Promise<FundingProgram | null> {
    return ctx.loaders.program.load(contribution.programId);
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description:
      'The funder. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  funder(@Root() contribution: Contribution): OrganizationRef {
    return organizationRef(contribution.funderId);
  }
}
