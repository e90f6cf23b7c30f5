import { providerOf } from '../ownership';
import { requireOrganization, requireWriter } from '../../../common/auth';
import { requireHosting } from '../../shared/hosting';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, pageRequest, toConnection } from '../../shared/connection';
import type { TrainingContext } from '../context';
import { CommuneRef, PersonRef, PlaceRef } from '../federation/stubs';
import { TrainingOffer } from '../offer/training-offer.entity';
import { TrainingSession } from './training-session.entity';
import { TrainingSessionFilter, TrainingSessionInput } from './training-session.input';
import { searchSessions, sessionSortKey, validateSessionFilter } from './training-session.search';
import { applyTrainingSessionInput } from './training-session.write';
import { lockedKnownRow } from '../../shared/locked-row';

@ObjectType({ description: 'A page of TrainingSession results, Relay style.' })
export class TrainingSessionConnection extends Connection('TrainingSession', TrainingSession) {}

@Resolver(() => TrainingSession)
export class TrainingSessionResolver {
  @Query(() => TrainingSession, {
    nullable: true,
    description: 'A training session by id; null when unknown.',
  })
  trainingSession(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingSession | null> {
    return ctx.loaders.session.load(id);
  }

  @Query(() => TrainingSessionConnection, {
    nullable: true,
    description: 'Training sessions matching a filter, by start time.',
  })
  async trainingSessions(
    @Arg('filter', () => TrainingSessionFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: TrainingSessionFilter | undefined,
    @Args() args: PageArgs,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingSessionConnection> {
    const page = pageRequest(args);
    validateSessionFilter(filter);
    const { rows, totalCount } = await searchSessions(ctx.em, filter, page);
    return toConnection(rows, page, totalCount, sessionSortKey);
  }

  @FieldResolver(() => TrainingOffer, {
    description: 'The offer this session runs: title, themes, level, price.',
  })
  async offer(@Root() session: TrainingSession, @Ctx() ctx: TrainingContext): Promise<TrainingOffer> {
    return (await ctx.loaders.offer.load(session.offerId))!;
  }

  @FieldResolver(() => PlaceRef, {
    nullable: true,
    description: 'Where it is held; null for an online session.',
  })
  place(@Root() session: TrainingSession): PlaceRef | null {
    return session.placeId ? { id: session.placeId } : null;
  }

  @FieldResolver(() => PersonRef, { nullable: true, description: 'Who leads it.' })
  trainer(@Root() session: TrainingSession): PersonRef | null {
    return session.trainerId ? { id: session.trainerId } : null;
  }

  @FieldResolver(() => CommuneRef, { nullable: true, description: "The place's commune; null online." })
  commune(@Root() session: TrainingSession): CommuneRef | null {
    return session.inseeCode ? { inseeCode: session.inseeCode } : null;
  }

  @Mutation(() => TrainingSession, {
    description: 'Creates a training session; BAD_USER_INPUT names any invalid field and nothing is written.',
  })
  async createTrainingSession(
    @Arg('input', () => TrainingSessionInput, {
      description:
        'The new session: offerId, startsAt, endsAt and capacity are required; a place (with its INSEE code) or an online link.',
    })
    input: TrainingSessionInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingSession> {
    requireWriter(ctx.viewer);
    // Authorization before validation: a refusal reveals nothing of what exists.
    requireOrganization(
      ctx.viewer,
      await providerOf(ctx.em, 'offer', input.offerId ?? ''),
      'schedule sessions of the offers',
    );
    await requireHosting(ctx.viewer, ctx.authorization, input.placeId, 'schedule sessions');
    return ctx.em.transactional(async (em) => {
      const session = new TrainingSession();
      await applyTrainingSessionInput(em, session, input, true);
      requireOrganization(
        ctx.viewer,
        await providerOf(em, 'offer', session.offerId),
        'schedule sessions of the offers',
      );
      em.persist(session);
      return session;
    });
  }

  @Mutation(() => TrainingSession, {
    description: 'Updates the fields given; BAD_USER_INPUT for an unknown id or invalid field.',
  })
  async updateTrainingSession(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Arg('input', () => TrainingSessionInput, {
      description: 'The fields to change; fields left out stay as they are, null clears an optional one.',
    })
    input: TrainingSessionInput,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingSession> {
    requireWriter(ctx.viewer);
    if (ctx.viewer.role === 'partner') {
      requireOrganization(
        ctx.viewer,
        await providerOf(ctx.em, 'session', id),
        'update sessions of the offers',
      );
      if (input.offerId != null)
        requireOrganization(
          ctx.viewer,
          await providerOf(ctx.em, 'offer', input.offerId),
          'move sessions to the offers',
        );
      await requireHosting(ctx.viewer, ctx.authorization, input.placeId, 'schedule sessions');
    }
    return ctx.em.transactional(async (em) => {
      const session = await lockedKnownRow(em, TrainingSession, id, 'training session');
      requireOrganization(
        ctx.viewer,
        await providerOf(em, 'offer', session.offerId),
        'update sessions of the offers',
      );
      await applyTrainingSessionInput(em, session, input, false);
      requireOrganization(
        ctx.viewer,
        await providerOf(em, 'offer', session.offerId),
        'move sessions to the offers',
      );
      return session;
    });
  }
}
