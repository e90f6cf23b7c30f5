import { forbidden, requireAdmin } from '../../../common/auth';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { checkPeriodWithin, PeriodArgs, toPeriod, type Period } from '../../shared/period';
import { todayInParis } from '../../shared/today';
import {
  CofunderStatement,
  cofunderStatements,
  mayReadStatement,
  requireStatementReader,
} from './cofunder-statement';
import { expiryForecast, forecastScope, PassExpiryForecast } from './expiry-forecast';
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

  @FieldResolver(() => [CofunderStatement], {
    nullable: true,
    description:
      "Co-funder statements over a period (both days included, Europe/Paris): one per contribution, largest first, then the part of the budget no contribution covers (when there is one). A partner sees its own organization's only; admin, analysts and the préfecture all; anonymous callers none (null and FORBIDDEN). A period wholly after today (`from`) or before the programme's first day (`to`) is refused with BAD_USER_INPUT naming the argument.",
  })
  async cofunderStatements(
    @Root() program: FundingProgram,
    @Args() args: PeriodArgs,
    @Ctx() ctx: FundingContext,
  ): Promise<CofunderStatement[]> {
    requireStatementReader(ctx.viewer);
    return (await statementsOf(program, programPeriod(program, args), ctx)).filter((s) =>
      mayReadStatement(ctx.viewer, s.funderId),
    );
  }

  @FieldResolver(() => CofunderStatement, {
    nullable: true,
    description:
      "One co-funder's statement over a period (see cofunderStatements); null when that organization does not contribute. Its own partner, admin, analysts and the préfecture read it; anyone else gets null and FORBIDDEN.",
  })
  async cofunderStatement(
    @Root() program: FundingProgram,
    @Arg('funderId', () => ID, { description: 'The co-funder (Organization id).' }) funderId: string,
    @Args() args: PeriodArgs,
    @Ctx() ctx: FundingContext,
  ): Promise<CofunderStatement | null> {
    if (!mayReadStatement(ctx.viewer, funderId.toLowerCase()))
      throw forbidden("a partner only reads its own organization's co-funder statement");
    const statements = await statementsOf(program, programPeriod(program, args), ctx);
    return statements.find((s) => s.funderId === funderId.toLowerCase()) ?? null;
  }

  @FieldResolver(() => PassExpiryForecast, {
    nullable: true,
    description:
      "Passes still unused whose validity ends within `withinDays` days from today (or has ended, within the January tolerance), by prescriber, EPCI, and prescriber × commune: what can still be redistributed. Admin, analysts, the préfecture, the programme's operator and co-funders read all of it; another partner its own passes as a prescriber; anonymous callers get null and FORBIDDEN.",
  })
  async expiryForecast(
    @Root() program: FundingProgram,
    @Arg('withinDays', () => Int, {
      defaultValue: 60,
      description: 'Horizon in days from today, 0 to 400.',
    })
    withinDays: number,
    @Arg('first', () => Int, {
      defaultValue: 100,
      description: 'At most this many rows in byPrescriber and rows (0 to 1000).',
    })
    first: number,
    @Ctx() ctx: FundingContext,
  ): Promise<PassExpiryForecast> {
    const contributions = await ctx.loaders.contributionsByProgram.load(program.id);
    const { prescriberId } = forecastScope(ctx.viewer, program, contributions);
    return expiryForecast(ctx.em, program.id, { withinDays, first, prescriberId });
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

/** A statement period: valid (from ≤ to, at most 10 years) and overlapping the programme's days up to today. */
export function programPeriod(program: FundingProgram, args: PeriodArgs): Period {
  return checkPeriodWithin(
    toPeriod(args),
    { first: program.validFrom, last: todayInParis() },
    'data of this programme',
  );
}

/** Every co-funder statement of a programme over a period (the rule of who reads which is the caller's). */
export async function statementsOf(
  program: FundingProgram,
  period: Period,
  ctx: FundingContext,
): Promise<CofunderStatement[]> {
  const [contributions, data] = await Promise.all([
    ctx.loaders.contributionsByProgram.load(program.id),
    ctx.loaders.programMonths.load({ programId: program.id, ...period }),
  ]);
  return cofunderStatements(program, contributions, data, period);
}

@Resolver(() => CofunderStatement)
export class CofunderStatementResolver {
  @FieldResolver(() => FundingProgram, { nullable: true, description: 'The programme.' })
  program(@Root() statement: CofunderStatement, @Ctx() ctx: FundingContext): Promise<FundingProgram | null> {
    return ctx.loaders.program.load(statement.programId);
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description:
      'The co-funder; null for the part of the budget no contribution covers (and, with an error on this path, when the places subgraph fails or does not know it).',
  })
  funder(@Root() statement: CofunderStatement): OrganizationRef | null {
    return statement.funderId ? organizationRef(statement.funderId) : null;
  }
}
