import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PeriodArgs, toPeriod } from '../../shared/period';
import type { TerritoryLevel } from '../../shared/territory';
import type { PeopleContext } from '../context';
import { CommuneRef, DepartementRef, EpciRef } from '../federation/stubs';
import { MediationStats } from './mediation-stats';

function mediationStats(ctx: PeopleContext, level: TerritoryLevel, code: string, period: PeriodArgs) {
  return ctx.loaders.mediationStats.load({ level, code, ...toPeriod(period) });
}

@Resolver(() => CommuneRef)
export class CommuneMediationResolver {
  @FieldResolver(() => MediationStats, { description: 'Digital mediation indicators of this commune.' })
  mediationStats(@Root() commune: CommuneRef, @Args() period: PeriodArgs, @Ctx() ctx: PeopleContext) {
    return mediationStats(ctx, 'commune', commune.inseeCode, period);
  }
}

@Resolver(() => EpciRef)
export class EpciMediationResolver {
  @FieldResolver(() => MediationStats, { description: 'Digital mediation indicators of this EPCI.' })
  mediationStats(@Root() epci: EpciRef, @Args() period: PeriodArgs, @Ctx() ctx: PeopleContext) {
    return mediationStats(ctx, 'epci', epci.siren, period);
  }
}

@Resolver(() => DepartementRef)
export class DepartementMediationResolver {
  @FieldResolver(() => MediationStats, { description: 'Digital mediation indicators of this département.' })
  mediationStats(@Root() departement: DepartementRef, @Args() period: PeriodArgs, @Ctx() ctx: PeopleContext) {
    return mediationStats(ctx, 'departement', departement.code, period);
  }
}
