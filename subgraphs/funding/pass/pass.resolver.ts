import { requireAdmin, requireOrganization, scopeOfRead } from '../../../common/auth';
import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Connection, PageArgs, pageRequest, toConnection } from '../../shared/connection';
import { Carnet } from '../carnet/carnet.entity';
import { PassFilter } from '../carnet/carnet.input';
import { checkPassFilter, searchPasses } from '../carnet/carnet.search';
import type { FundingContext } from '../context';
import { OrganizationRef, organizationRef, TrainingSessionRef } from '../federation/stubs';
import { Reimbursement } from '../reimbursement/reimbursement.entity';
import { DateScalar } from '../scalars';
import { Pass, Redemption } from './pass.entity';
import { normalizeSerial } from './pass-serial';
import { expirePasses, redeemPass } from './pass.write';

@ObjectType({ description: 'A page of Pass results, Relay style.' })
export class PassConnection extends Connection('Pass', Pass) {}

@ObjectType({ description: 'The outcome of an expiry run.' })
export class PassExpiry {
  @Field(() => DateScalar, {
    description:
      'The day the run was made for: unused passes whose last accepted day is before it were expired.',
  })
  asOf!: string;

  @Field(() => Int, { description: 'Passes this run marked EXPIRED (0 when a previous run already had).' })
  passesExpired!: number;

  @Field(() => Int, { description: 'Their value, in cents.' })
  amountExpiredCents!: number;
}

@Resolver(() => Pass)
export class PassResolver {
  @Query(() => Pass, {
    nullable: true,
    description: 'A pass by serial (case, spaces and dashes ignored); null when unknown.',
  })
  async pass(
    @Arg('serial', { description: 'Serial printed on the pass; case, spaces and dashes ignored.' })
    serial: string,
    @Ctx() ctx: FundingContext,
  ): Promise<Pass | null> {
    // Any partner looks a serial up (a training structure checks the pass it is handed); never the public.
    scopeOfRead(ctx.viewer, 'passes');
    const normalized = normalizeSerial(serial);
    return normalized ? ctx.em.findOne(Pass, { serial: normalized }) : null;
  }

  @Query(() => PassConnection, {
    nullable: true,
    description: 'Passes matching a filter, latest issued first.',
  })
  async passes(
    @Arg('filter', () => PassFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: PassFilter | undefined,
    @Args() args: PageArgs,
    @Ctx() ctx: FundingContext,
  ): Promise<PassConnection> {
    const page = pageRequest(args);
    checkPassFilter(filter);
    const scope = scopeOfRead(ctx.viewer, 'passes');
    const { rows, totalCount } = await searchPasses(
      ctx.em,
      scope ? { ...filter, prescriberIds: [scope] } : filter,
      page,
    );
    return toConnection(rows, page, totalCount, (p) => [p.issuedOn, p.id]);
  }

  @FieldResolver(() => Carnet, {
    nullable: true,
    description: 'The carnet it belongs to; null only if that record is gone.',
  })
  carnet(@Root() pass: Pass, @Ctx() ctx: FundingContext): Promise<Carnet | null> {
    return ctx.loaders.carnet.load(pass.carnetId);
  }

  @FieldResolver(() => Redemption, { nullable: true, description: 'Its redemption, once redeemed.' })
  redemption(@Root() pass: Pass, @Ctx() ctx: FundingContext): Promise<Redemption | null> {
    return ctx.loaders.redemptionByPass.load(pass.id);
  }

  @Mutation(() => Redemption, {
    description:
      'Redeems a pass at a qualified training structure, once. Refused with PASS_ALREADY_REDEEMED, PASS_EXPIRED, PASS_CANCELLED, NOT_QUALIFIED or BAD_USER_INPUT.',
  })
  redeemPass(
    @Arg('serial', { description: 'Serial printed on the pass; case, spaces and dashes ignored.' })
    serial: string,
    @Arg('trainerId', () => ID, { description: 'The training structure (Organization id).' })
    trainerId: string,
    @Arg('trainingSessionId', () => ID, {
      nullable: true,
      description: 'The training session the pass pays for, when known (TrainingSession id).',
    })
    trainingSessionId: string | undefined,
    @Ctx() ctx: FundingContext,
  ): Promise<Redemption> {
    requireOrganization(ctx.viewer, trainerId, 'redeem passes');
    return ctx.em.transactional((em) => redeemPass(em, { serial, trainerId, trainingSessionId }));
  }

  @Mutation(() => PassExpiry, {
    description:
      'Marks EXPIRED the unused passes whose tolerance (31 January) ended before `asOf` (default today).',
  })
  expirePasses(
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description:
        'The day to expire passes for (YYYY-MM-DD, not in the future); today in Europe/Paris by default.',
    })
    asOf: Date | undefined,
    @Ctx() ctx: FundingContext,
  ): Promise<PassExpiry> {
    requireAdmin(ctx.viewer);
    return ctx.em.transactional((em) => expirePasses(em, asOf));
  }
}

@Resolver(() => Redemption)
export class RedemptionResolver {
  @FieldResolver(() => Pass, {
    nullable: true,
    description: 'The pass redeemed; null only if that record is gone.',
  })
  pass(@Root() redemption: Redemption, @Ctx() ctx: FundingContext): Promise<Pass | null> {
    return ctx.loaders.pass.load(redemption.passId);
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description:
      'The training structure. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  trainer(@Root() redemption: Redemption): OrganizationRef {
    return organizationRef(redemption.trainerId);
  }

  @FieldResolver(() => TrainingSessionRef, {
    nullable: true,
    description: 'The training session it paid for; null when none was given at redemption.',
  })
  trainingSession(@Root() redemption: Redemption): TrainingSessionRef | null {
    return redemption.trainingSessionId ? { id: redemption.trainingSessionId } : null;
  }

  @FieldResolver(() => Reimbursement, {
    nullable: true,
    description: 'The reimbursement that paid it, if any.',
  })
  reimbursement(
    @Root() redemption: Redemption,
    @Ctx() ctx: FundingContext,
  ): Promise<Reimbursement | null> | null {
    return redemption.reimbursementId ? ctx.loaders.reimbursement.load(redemption.reimbursementId) : null;
  }
}
