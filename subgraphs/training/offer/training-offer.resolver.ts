import { requireOrganization, requireWriter } from '../../../common/auth';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, pageRequest, toConnection } from '../../shared/connection';
import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { escapeLike, foldForSearch } from '../../shared/text';
import type { TrainingContext } from '../context';
import { OrganizationRef } from '../federation/stubs';
import { TrainingSession } from '../session/training-session.entity';
import { checkListSize } from '../session/training-session.search';
import { SessionListArgs } from '../session/sessions-by-parent';
import { TrainingOffer } from './training-offer.entity';
import { TrainingOfferFilter, TrainingOfferInput } from './training-offer.input';
import { applyTrainingOfferInput } from './training-offer.write';
import { lockedKnownRow } from '../../shared/locked-row';

@ObjectType({ description: 'A page of TrainingOffer results, Relay style.' })
export class TrainingOfferConnection extends Connection('TrainingOffer', TrainingOffer) {}

function offerWhere(filter: TrainingOfferFilter | undefined): Record<string, unknown> {
  const problems = new InputProblems();
  if (filter?.text !== undefined)
    problems.check(filter.text.length <= 200, 'filter.text', 'at most 200 characters');
  const badIds = (filter?.providerIds ?? []).filter((id) => !UUID_PATTERN.test(id));
  problems.check(badIds.length === 0, 'filter.providerIds', `not organization ids: ${badIds.join(', ')}`);
  problems.throwIfAny();
  const where: Record<string, unknown>[] = [];
  if (filter?.themes?.length) where.push({ themes: { $overlap: filter.themes } });
  if (filter?.levels?.length) where.push({ level: { $in: filter.levels } });
  if (filter?.formats?.length) where.push({ format: { $in: filter.formats } });
  if (filter?.providerIds?.length) where.push({ providerId: { $in: filter.providerIds } });
  if (filter?.passNumeriqueEligible != null)
    where.push({ passNumeriqueEligible: filter.passNumeriqueEligible });
  if (filter?.programme != null) where.push({ programme: filter.programme });
  if (filter?.text?.trim()) {
    for (const word of foldForSearch(filter.text).split(' '))
      where.push({ searchText: { $like: `%${escapeLike(word)}%` } });
  }
  return where.length ? { $and: where } : {};
}

@Resolver(() => TrainingOffer)
export class TrainingOfferResolver {
  @Query(() => TrainingOffer, { nullable: true, description: 'A training offer by id; null when unknown.' })
  trainingOffer(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingOffer | null> {
    return ctx.loaders.offer.load(id);
  }

  @Query(() => TrainingOfferConnection, {
    nullable: true,
    description: 'Training offers matching a filter, by title.',
  })
  async trainingOffers(
    @Arg('filter', () => TrainingOfferFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: TrainingOfferFilter | undefined,
    @Args() args: PageArgs,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingOfferConnection> {
    const page = pageRequest(args);
    const where = offerWhere(filter);
    const after = page.after as [string, string] | null;
    const keyset = after
      ? { $or: [{ title: { $gt: after[0] } }, { title: after[0], id: { $gt: after[1] } }] }
      : {};
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(
        TrainingOffer,
        { $and: [where, keyset] },
        { orderBy: { title: 'asc', id: 'asc' }, limit: page.first + 1 },
      ),
      ctx.em.count(TrainingOffer, where),
    ]);
    return toConnection(rows, page, totalCount, (o) => [o.title, o.id]);
  }

  @FieldResolver(() => OrganizationRef, {
    nullable: true,
    description:
      'The organization that provides it. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  provider(@Root() offer: TrainingOffer): OrganizationRef {
    return { id: offer.providerId };
  }

  @FieldResolver(() => [TrainingSession], { description: 'Its first sessions by start time.' })
  sessions(
    @Root() offer: TrainingOffer,
    @Args() { first, upcoming }: SessionListArgs,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingSession[]> {
    checkListSize(first);
    return ctx.loaders.sessionsByParent.load({ parent: 'offer_id', id: offer.id, first, upcoming });
  }

  @Mutation(() => TrainingOffer, {
    description: 'Creates a training offer; BAD_USER_INPUT names any invalid field and nothing is written.',
  })
  createTrainingOffer(
    @Arg('input', () => TrainingOfferInput, {
      description:
        'The new offer: title, description, themes, level, format, durationMinutes, priceCents and providerId are required.',
    })
    input: TrainingOfferInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingOffer> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const offer = new TrainingOffer();
      applyTrainingOfferInput(offer, input, true);
      requireOrganization(ctx.viewer, offer.providerId, 'create offers');
      em.persist(offer);
      return offer;
    });
  }

  @Mutation(() => TrainingOffer, {
    description: 'Updates the fields given; BAD_USER_INPUT for an unknown id or invalid field.',
  })
  updateTrainingOffer(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Arg('input', () => TrainingOfferInput, {
      description: 'The fields to change; fields left out stay as they are.',
    })
    input: TrainingOfferInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingOffer> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const offer = await lockedKnownRow(em, TrainingOffer, id, 'training offer');
      requireOrganization(ctx.viewer, offer.providerId, 'update offers');
      applyTrainingOfferInput(offer, input, false);
      // A partner cannot hand its offer over to another provider.
      requireOrganization(ctx.viewer, offer.providerId, 'move offers');
      return offer;
    });
  }
}
