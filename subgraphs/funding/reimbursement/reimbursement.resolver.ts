import { requireAdmin, scopeOfRead } from '../../../common/auth';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toMonth } from '../../shared/period';
import { todayInParis } from '../../shared/today';
import type { FundingContext } from '../context';
import { OrganizationRef, organizationRef } from '../federation/stubs';
import { Redemption } from '../pass/pass.entity';
import { Reimbursement } from './reimbursement.entity';
import { runReimbursementBatch } from './reimbursement.write';

@Resolver(() => Reimbursement)
export class ReimbursementResolver {
  @Query(() => [Reimbursement], {
    nullable: true,
    description:
      "A month's reimbursements (YYYY-MM), largest first. A month after the current one, or before the first programme's first month, is refused with BAD_USER_INPUT naming `month`.",
  })
  async passReimbursements(
    @Arg('month', {
      description: "Calendar month, YYYY-MM, from the first programme's first month to the current month.",
    })
    month: string,
    @Ctx() ctx: FundingContext,
  ): Promise<Reimbursement[]> {
    const scope = scopeOfRead(ctx.viewer, 'reimbursements');
    await monthOfData(month, ctx);
    return ctx.em.find(
      Reimbursement,
      scope ? { month: `${month}-01`, trainerId: scope } : { month: `${month}-01` },
      { orderBy: { amountCents: 'desc', id: 'asc' } },
    );
  }

  @FieldResolver(() => String, { description: 'The month reimbursed, YYYY-MM.' })
  month(@Root() reimbursement: Reimbursement): string {
    return String(reimbursement.month).slice(0, 7);
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description:
      'The training structure paid back. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  trainer(@Root() reimbursement: Reimbursement): OrganizationRef {
    return organizationRef(reimbursement.trainerId);
  }

  @FieldResolver(() => [Redemption], { description: 'The redemptions it pays for.' })
  redemptions(@Root() reimbursement: Reimbursement, @Ctx() ctx: FundingContext): Promise<Redemption[]> {
    return ctx.loaders.redemptionsByReimbursement.load(reimbursement.id);
  }

  @Mutation(() => [Reimbursement], {
    description:
      "Runs a finished month's reimbursement batch (YYYY-MM): one reimbursement per training structure for its redeemed passes not yet reimbursed.",
  })
  async runPassReimbursementBatch(
    @Arg('month', {
      description: "Calendar month, YYYY-MM, from the first programme's first month to the current month.",
    })
    month: string,
    @Ctx() ctx: FundingContext,
  ): Promise<Reimbursement[]> {
    requireAdmin(ctx.viewer);
    await monthOfData(month, ctx);
    return ctx.em.transactional((em) => runReimbursementBatch(em, month));
  }
}

/** A month argument of the reimbursements: YYYY-MM, from the first programme's first month to the current month. */
async function monthOfData(month: string, ctx: FundingContext): Promise<void> {
  toMonth(
    'month',
    month,
    { first: await ctx.loaders.dataStart.load('all'), last: todayInParis() },
    'reimbursements',
  );
}
