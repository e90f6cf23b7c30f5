import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { identified, indicatorId } from '../../shared/indicator';
import { PeriodArgs, toPeriod } from '../../shared/period';
import type { TerritoryLevel } from '../../shared/territory';
import type { PeopleContext } from '../context';
import { CommuneRef, DepartementRef, EpciRef } from '../federation/stubs';
import { MediationStats } from './mediation-stats';

function mediationStats(ctx: PeopleContext, level: TerritoryLevel, code: string, args: PeriodArgs) {
  const period = toPeriod(args);
  return identified<MediationStats>(
    indicatorId('MediationStats', level, code, period),
    ctx.loaders.mediationStats.load({ level, code, ...period }),
    { topThemes: 'theme' },
  );
}

const NULLABLE = {
  nullable: true,
  description:
    'Digital mediation indicators over a period. Null, with an error on this path, when the period is refused or the subgraph that computes it fails.',
};

@Resolver(() => CommuneRef)
export class CommuneMediationResolver {
  @FieldResolver(() => MediationStats, NULLABLE)
  mediationStats(@Root() commune: CommuneRef, @Args() period: PeriodArgs, @Ctx() ctx: PeopleContext) {
    return mediationStats(ctx, 'commune', commune.inseeCode, period);
  }
}

@Resolver(() => EpciRef)
export class EpciMediationResolver {
  @FieldResolver(() => MediationStats, NULLABLE)
  mediationStats(@Root() epci: EpciRef, @Args() period: PeriodArgs, @Ctx() ctx: PeopleContext) {
    return mediationStats(ctx, 'epci', epci.siren, period);
  }
}

@Resolver(() => DepartementRef)
export class DepartementMediationResolver {
  @FieldResolver(() => MediationStats, NULLABLE)
  mediationStats(@Root() departement: DepartementRef, @Args() period: PeriodArgs, @Ctx() ctx: PeopleContext) {
    return mediationStats(ctx, 'departement', departement.code, period);
  }
}
