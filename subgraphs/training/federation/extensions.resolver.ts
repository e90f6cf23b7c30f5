import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { identified, indicatorId } from '../../shared/indicator';
import { PeriodArgs, toPeriod } from '../../shared/period';
import type { TerritoryLevel } from '../../shared/territory';
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
    @Arg('first', () => Int, { defaultValue: 3 }) first: number,
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
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
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

function trainingStats(ctx: TrainingContext, level: TerritoryLevel, code: string, args: PeriodArgs) {
  const period = toPeriod(args);
  return identified<TrainingStats>(
    indicatorId('TrainingStats', level, code, period),
    ctx.loaders.trainingStats.load({ level, code, ...period }),
    { byFormat: 'format' },
  );
}

const STATS_DESCRIPTION =
  'Training indicators over a period: sessions held, seats, registrations, attendance. Null, with an error on this path, when the period is refused or the subgraph that computes it fails.';

@Resolver(() => CommuneRef)
export class CommuneTrainingResolver {
  @FieldResolver(() => TrainingStats, { nullable: true, description: STATS_DESCRIPTION })
  trainingStats(@Root() commune: CommuneRef, @Args() period: PeriodArgs, @Ctx() ctx: TrainingContext) {
    return trainingStats(ctx, 'commune', commune.inseeCode, period);
  }
}

@Resolver(() => EpciRef)
export class EpciTrainingResolver {
  @FieldResolver(() => TrainingStats, { nullable: true, description: STATS_DESCRIPTION })
  trainingStats(@Root() epci: EpciRef, @Args() period: PeriodArgs, @Ctx() ctx: TrainingContext) {
    return trainingStats(ctx, 'epci', epci.siren, period);
  }
}

@Resolver(() => DepartementRef)
export class DepartementTrainingResolver {
  @FieldResolver(() => TrainingStats, { nullable: true, description: STATS_DESCRIPTION })
  trainingStats(
    @Root() departement: DepartementRef,
    @Args() period: PeriodArgs,
    @Ctx() ctx: TrainingContext,
  ) {
    return trainingStats(ctx, 'departement', departement.code, period);
  }
}
