import { GraphQLError } from 'graphql';
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
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import { forbidden, readsEverything, requireAdmin } from '../../../common/auth';
import { UUID_PATTERN } from '../../../common/uuid';
import { badUserInput } from '../../shared/errors';
import { PersonalData } from '../../shared/personal-data';
import { PeriodArgs, toPeriod } from '../../shared/period';
import { territoryReference, type TerritoryLevel } from '../../shared/territory';
import { Activity } from '../activity/activity.entity';
import type { PeopleContext } from '../context';
import { Person } from '../person/person.entity';
import { LacoopApiError, LacoopClient, lacoopConfigFromEnv } from './client';
import { Provenance, provenanceOf } from './provenance';
import { reconcileLacoop } from './reconcile';

export enum ReconciliationLevel {
  COMMUNE = 'commune',
  EPCI = 'epci',
  DEPARTEMENT = 'departement',
}
registerEnumType(ReconciliationLevel, {
  name: 'ReconciliationLevel',
  description: 'The kind of territory a reconciliation covers.',
  valuesConfig: {
    COMMUNE: { description: 'Commune\n\nA commune, by INSEE code.' },
    EPCI: { description: 'Intercommunalité\n\nAn EPCI, by SIREN (La Coop is asked for its communes).' },
    DEPARTEMENT: { description: 'Département\n\nA département, by code.' },
  },
});

@ObjectType({ description: 'One indicator on which the hub and La Coop disagree.' })
export class ReconciliationDifference {
  @Field({ description: 'The mediationStats indicator, e.g. `accompaniments` or `topThemes[0]`.' })
  indicator!: string;

  @Field({ description: 'The hub’s value (themes as `code count`).' })
  hub!: string;

  @Field({ description: 'La Coop’s value from /statistiques for the same filters.' })
  lacoop!: string;
}

@ObjectType({
  description: 'The hub’s mediationStats against La Coop’s /statistiques, for one territory and period.',
})
export class LacoopReconciliation {
  @Field(() => ReconciliationLevel, { description: 'Kind of territory.' })
  level!: TerritoryLevel;

  @Field({ description: 'Its code (INSEE code, SIREN or département code).' })
  code!: string;

  @Field({ description: 'First day (YYYY-MM-DD).' })
  from!: string;

  @Field({ description: 'Last day (YYYY-MM-DD).' })
  to!: string;

  @Field({ description: 'True when every compared indicator is equal.' })
  agree!: boolean;

  @Field(() => [String], { description: 'The indicators compared.' })
  compared!: string[];

  @Field(() => [ReconciliationDifference], {
    description: 'Each indicator that differs; empty when they agree.',
  })
  differences!: ReconciliationDifference[];

  @Field(() => Int, {
    description:
      'Reports of the scope the hub holds that did not come from La Coop (they explain a hub surplus).',
  })
  hubActivitiesNotFromLacoop!: number;
}

@Resolver()
export class LacoopReconciliationResolver {
  @Query(() => LacoopReconciliation, {
    nullable: true,
    description:
      'Compares the hub’s mediationStats with La Coop’s /statistiques for a territory and period (admin, analyst, préfecture). Needs LACOOP_API_URL.',
  })
  async lacoopReconciliation(
    @Arg('level', () => ReconciliationLevel, { description: 'Kind of territory.' })
    level: ReconciliationLevel,
    @Arg('code', { description: 'INSEE code, EPCI SIREN or département code.' }) code: string,
    @Args() period: PeriodArgs,
    @Ctx() ctx: PeopleContext,
  ): Promise<LacoopReconciliation> {
    if (!readsEverything(ctx.viewer))
      throw forbidden('reconciliation is for admins, analysts and the préfecture');
    const { from, to } = toPeriod(period);
    if (code.length > 9 || territoryReference().communesOf(level, code).length === 0)
      throw badUserInput('code', `unknown ${level} ${code.slice(0, 9)}`);
    const config = lacoopConfigFromEnv();
    if (!config)
      throw new GraphQLError('La Coop is not configured (LACOOP_API_URL)', {
        extensions: { code: 'LACOOP_NOT_CONFIGURED' },
      });
    try {
      return await reconcileLacoop(ctx.em, new LacoopClient({ ...config, maxAttempts: 2 }), {
        level: level as TerritoryLevel,
        code,
        from,
        to,
      });
    } catch (error) {
      if (error instanceof LacoopApiError)
        throw new GraphQLError(error.message, {
          extensions: { code: 'LACOOP_UNAVAILABLE', status: error.status },
        });
      throw error;
    }
  }

  @Mutation(() => Int, {
    description:
      'Admin: matches a La Coop structure to a hub place; its imported reports (and later ones) point at that place. Returns the reports updated.',
  })
  async linkLacoopPlace(
    @Arg('upstreamPlaceId', () => ID, {
      description: 'The La Coop structure id (`provenance.upstreamPlaceId`).',
    })
    upstreamPlaceId: string,
    @Arg('placeId', () => ID, { description: 'The hub place it is.' }) placeId: string,
    @Ctx() ctx: PeopleContext,
  ): Promise<number> {
    requireAdmin(ctx.viewer);
    if (!UUID_PATTERN.test(upstreamPlaceId))
      throw badUserInput('upstreamPlaceId', 'not a La Coop structure id');
    if (!UUID_PATTERN.test(placeId)) throw badUserInput('placeId', 'not a place id');
    return ctx.em.transactional(async (em) => {
      const linked = (
        (await em.execute(`update lacoop_structure set place_id = ? where id = ? returning 1`, [
          placeId,
          upstreamPlaceId,
        ])) as unknown[]
      ).flat();
      if (linked.length === 0) throw badUserInput('upstreamPlaceId', 'unknown La Coop structure');
      const updated = (
        (await em.execute(
          `update activity set place_id = ?, upstream_structure_id = null, updated_at = now()
           where upstream_structure_id = ? returning 1`,
          [placeId, upstreamPlaceId],
        )) as unknown[]
      ).flat();
      return updated.length;
    });
  }
}

@Resolver(() => Activity)
export class ActivityProvenanceResolver {
  @FieldResolver(() => Provenance, {
    nullable: true,
    description: 'Where this report was imported from; null for a report recorded in the hub.',
  })
  provenance(@Root() activity: Activity): Provenance | null {
    return provenanceOf(activity);
  }
}

@Resolver(() => Person)
export class PersonProvenanceResolver {
  @FieldResolver(() => Provenance, {
    nullable: true,
    description:
      'Where this person was imported from (their La Coop user id is personal data: admins and partners of the employer); null when recorded in the hub.',
  })
  @PersonalData<Person>({ owner: (p) => p.employerId })
  provenance(@Root() person: Person): Provenance | null {
    return provenanceOf(person);
  }
}
