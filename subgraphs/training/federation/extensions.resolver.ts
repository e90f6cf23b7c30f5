import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { organizationStatsResolver } from '../../shared/organization-stats.resolver';
import type { TrainingContext } from '../context';
import { TrainingOffer } from '../offer/training-offer.entity';
import { TrainingSession } from '../session/training-session.entity';
import { checkListSize } from '../session/training-session.search';
import { SessionListArgs } from '../session/sessions-by-parent';
import { OrganizationTrainingStats } from '../territory/organization-training-stats';
import { OrganizationRef, PersonRef, PlaceRef } from './stubs';

@Resolver(() => PlaceRef)
export class PlaceTrainingResolver {
  @FieldResolver(() => [TrainingSession], {
    nullable: true,
    description:
      'Its next training sessions by start time (one query for every place of a request). Null, with an error on this path, when `first` is refused or the training subgraph fails.',
  })
  upcomingSessions(
    @Root() place: PlaceRef,
    @Arg('first', () => Int, {
      defaultValue: 3,
      description:
        'How many sessions per place, 0 to MAX_PAGE_SIZE (100 unless configured); more is refused.',
    })
    first: number,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingSession[]> {
    checkListSize(first);
    return ctx.loaders.sessionsByParent.load({ parent: 'place_id', id: place.id, first, upcoming: true });
  }
}

@Resolver(() => PersonRef)
export class PersonTrainingResolver {
  @FieldResolver(() => [TrainingSession], {
    nullable: true,
    description:
      'Training sessions this person leads, by start time. Null, with an error on this path, when `first` is refused or the training subgraph fails.',
  })
  sessionsLed(
    @Root() person: PersonRef,
    @Args() { first, upcoming }: SessionListArgs,
    @Ctx() ctx: TrainingContext,
  ): Promise<TrainingSession[]> {
    checkListSize(first);
    return ctx.loaders.sessionsByParent.load({ parent: 'trainer_id', id: person.id, first, upcoming });
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationTrainingResolver {
  @FieldResolver(() => [TrainingOffer], {
    nullable: true,
    description:
      'Training offers it provides, by title. Null, with an error on this path, when the training subgraph fails.',
  })
  offers(@Root() organization: OrganizationRef, @Ctx() ctx: TrainingContext): Promise<TrainingOffer[]> {
    return ctx.loaders.offersByProvider.load(organization.id);
  }
}

/** Partner dashboard: the training an organization provides, over a period and by month. */
export const OrganizationTrainingStatsResolver = organizationStatsResolver<
  OrganizationTrainingStats,
  TrainingContext
>(OrganizationRef, {
  field: 'trainingStats',
  type: OrganizationTrainingStats,
  description:
    'Training it provides over a period (partner dashboard): its offers, the sessions of its offers held (online ones included), seats, registrations, fill rate and attendance, by format.',
  loader: (ctx) => ctx.loaders.organizationTraining,
  rows: { byFormat: 'format' },
  what: 'training figures',
});
