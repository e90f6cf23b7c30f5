import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { territoryStatsResolvers } from '../../shared/territory-stats.resolver';
import type { TrainingContext } from '../context';
import { TrainingOffer } from '../offer/training-offer.entity';
import { TrainingSession } from '../session/training-session.entity';
import { checkListSize } from '../session/training-session.search';
import { TrainingStats } from '../stats/training-stats';
import { CommuneRef, DepartementRef, EpciRef, OrganizationRef, PersonRef, PlaceRef } from './stubs';

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
    @Arg('first', () => Int, {
      defaultValue: 20,
      description: 'How many sessions, 0 to MAX_PAGE_SIZE (100 unless configured); more is refused.',
    })
    first: number,
    @Arg('upcoming', () => Boolean, {
      defaultValue: true,
      description: 'Only sessions starting from now on.',
    })
    upcoming: boolean,
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

/** Training indicators on the three territory levels. */
export const trainingStatsResolvers = territoryStatsResolvers<TrainingStats, TrainingContext>(
  { commune: CommuneRef, epci: EpciRef, departement: DepartementRef },
  {
    field: 'trainingStats',
    type: TrainingStats,
    description: 'Training indicators over a period: sessions held, seats, registrations, attendance.',
    loader: (ctx) => ctx.loaders.trainingStats,
    rows: { byFormat: 'format' },
    smallNumbers: { attendanceRate: 'attendees' },
  },
);
