import { requireOrganization, requireReadOf, requireWriter, scopeOfRead } from '../../../common/auth';
import { UUID_PATTERN } from '../../../common/uuid';
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
import { PersonalData } from '../../shared/personal-data';
import { Connection, PageArgs, pageRequest, toConnection } from '../../shared/connection';
import type { FundingContext } from '../context';
import { CommuneRef, OrganizationRef, organizationRef, PersonRef } from '../federation/stubs';
import { Pass } from '../pass/pass.entity';
import { FundingProgram } from '../program/program.entity';
import { Carnet } from './carnet.entity';
import { IssueCarnetInput, PassFilter } from './carnet.input';
import { checkPassFilter, searchCarnets } from './carnet.search';
import { cancelCarnetPasses, issueCarnet } from './carnet.write';

@ObjectType({ description: 'A page of Carnet results, Relay style.' })
export class CarnetConnection extends Connection('Carnet', Carnet) {}

@ObjectType({ description: 'The outcome of cancelling the unused passes of a carnet.' })
export class CarnetCancellation {
  @Field(() => Carnet, { description: 'The carnet, as it is after the cancellation.' })
  carnet!: Carnet;

  @Field(() => Int, {
    description: 'Passes this call moved from ISSUED to CANCELLED (0 when none was left unused).',
  })
  passesCancelled!: number;

  @Field(() => Int, { description: 'Given back to the programme’s budget, in cents.' })
  amountCancelledCents!: number;
}

@Resolver(() => Carnet)
export class CarnetResolver {
  @Query(() => Carnet, { nullable: true, description: 'A carnet by id; null when unknown.' })
  async carnet(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: FundingContext,
  ): Promise<Carnet | null> {
    scopeOfRead(ctx.viewer, 'carnets');
    const carnet = await ctx.loaders.carnet.load(id);
    if (carnet) requireReadOf(ctx.viewer, carnet.prescriberId, 'carnets');
    return carnet;
  }

  @Query(() => CarnetConnection, {
    nullable: true,
    description: 'Carnets matching a filter, latest issued first. Not public; partners see their own.',
  })
  async carnets(
    @Arg('filter', () => PassFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: PassFilter | undefined,
    @Args() args: PageArgs,
    @Ctx() ctx: FundingContext,
  ): Promise<CarnetConnection> {
    const page = pageRequest(args);
    checkPassFilter(filter);
    // A partner sees the carnets its own organization prescribed, whatever the filter asks.
    const scope = scopeOfRead(ctx.viewer, 'carnets');
    const { rows, totalCount } = await searchCarnets(
      ctx.em,
      scope ? { ...filter, prescriberIds: [scope] } : filter,
      page,
    );
    return toConnection(rows, page, totalCount, (c) => [c.issuedOn, c.id]);
  }

  @FieldResolver(() => FundingProgram, {
    nullable: true,
    description:
      'The funding programme whose budget paid for it; null only if that programme record is gone.',
  })
  program(@Root() carnet: Carnet, @Ctx() ctx: FundingContext): Promise<FundingProgram | null> {
    return ctx.loaders.program.load(carnet.programId);
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description:
      'The prescribing structure. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  prescriber(@Root() carnet: Carnet): OrganizationRef {
    return organizationRef(carnet.prescriberId);
  }

  @FieldResolver(() => PersonRef, { nullable: true, description: 'The person who prescribed, when known.' })
  prescriberPerson(@Root() carnet: Carnet): PersonRef | null {
    return carnet.prescriberPersonId ? { id: carnet.prescriberPersonId } : null;
  }

  @FieldResolver(() => CommuneRef, { nullable: true, description: "The beneficiary's commune of residence." })
  @PersonalData<Carnet>({ owner: (c) => c.prescriberId })
  beneficiaryCommune(@Root() carnet: Carnet): CommuneRef {
    return { inseeCode: carnet.beneficiaryInseeCode };
  }

  @FieldResolver(() => [Pass], { description: 'Its passes, by serial.' })
  passes(@Root() carnet: Carnet, @Ctx() ctx: FundingContext): Promise<Pass[]> {
    return ctx.loaders.passesByCarnet.load(carnet.id);
  }

  @Mutation(() => Carnet, {
    description:
      'Issues a carnet of 5 or 10 passes. Refused with NOT_PRESCRIBER, BUDGET_EXCEEDED or BAD_USER_INPUT; a refusal writes nothing.',
  })
  issueCarnet(
    @Arg('input', () => IssueCarnetInput, {
      description:
        'The programme, the prescriber, the pseudonymous beneficiary and the number of passes (5 or 10).',
    })
    input: IssueCarnetInput,
    @Ctx() ctx: FundingContext,
  ): Promise<Carnet> {
    requireOrganization(ctx.viewer, input.prescriberId, 'issue carnets');
    return ctx.em.transactional((em) => issueCarnet(em, input));
  }

  @Mutation(() => CarnetCancellation, {
    description: 'Cancels the passes of a carnet not used yet and gives their value back to the budget.',
  })
  cancelCarnetPasses(
    @Arg('carnetId', () => ID, { description: 'Id of the carnet whose unused (ISSUED) passes to cancel.' })
    carnetId: string,
    @Ctx() ctx: FundingContext,
  ): Promise<CarnetCancellation> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const carnet = UUID_PATTERN.test(carnetId) ? await em.findOne(Carnet, { id: carnetId }) : null;
      if (carnet) requireOrganization(ctx.viewer, carnet.prescriberId, 'cancel carnets');
      return cancelCarnetPasses(em, carnetId);
    });
  }
}
