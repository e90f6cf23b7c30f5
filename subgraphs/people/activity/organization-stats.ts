import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requireReadOf } from '../../../common/auth';
import { identified, indicatorId, type Figures } from '../../shared/indicator';
import { PeriodArgs, toPeriod, type Period } from '../../shared/period';
import { namedBindings, pgTextArray } from '../../shared/sql';
import type { PeopleContext } from '../context';
import { OrganizationRef } from '../federation/stubs';
import { MediationStats, summarizeMediation, type MediationRow } from '../territory/mediation-stats';

interface OrganizationPeriod extends Period {
  organizationId: string;
}

const keyOf = (k: OrganizationPeriod) => `${k.organizationId}|${k.from}|${k.to}`;

/**
 * The activity of an organization's staff over a period, for a batch of organizations: one SQL per period, the
 * same figures and breakdowns as a territory's mediationStats (its staff instead of a territory's residents).
 */
export function createOrganizationMediationLoader(em: EntityManager) {
  return new DataLoader<OrganizationPeriod, Figures<MediationStats>, string>(
    async (keys) => {
      const byPeriod = new Map<string, OrganizationPeriod[]>();
      for (const key of keys)
        byPeriod.set(`${key.from}|${key.to}`, [...(byPeriod.get(`${key.from}|${key.to}`) ?? []), key]);
      const results = new Map<string, Figures<MediationStats>>();
      await Promise.all(
        [...byPeriod.values()].map(async (group) => {
          const { from, to } = group[0];
          const rows = await em.execute<(MediationRow & { org: string })[]>(
            ...namedBindings(
              `with staff as (select id, employer_id from person where employer_id = any(:orgs::uuid[])),
               mine as (select a.*, s.employer_id as org from activity a join staff s on s.id = a.person_id
                        where a.date between :from::date and :to::date)
               select org, insee_code, 'activity' as kind, null::text as label, count(*) as n,
                 count(*) filter (where type <> 'collectif') as a, count(*) filter (where type = 'collectif') as b,
                 coalesce(sum(participants_count), 0) as c, coalesce(sum(duration_minutes), 0) as d
               from mine group by org, insee_code
               union all
               select org, insee_code, 'theme', t.theme, count(*), 0, 0, 0, 0
               from mine cross join lateral unnest(mine.themes) as t(theme) group by org, insee_code, t.theme
               union all
               select org, insee_code, 'age', participant_age_band, count(*), coalesce(sum(participants_count), 0), 0, 0, 0
               from mine where participant_age_band is not null group by org, insee_code, participant_age_band
               union all
               select org, insee_code, 'status', participant_social_status, count(*), coalesce(sum(participants_count), 0), 0, 0, 0
               from mine where participant_social_status is not null group by org, insee_code, participant_social_status
               union all
               select employer_id, insee_code, 'people', role, count(*),
                 count(*) filter (where aidants_connect_habilitated_on <= :to::date), 0, 0, 0
               from person where employer_id = any(:orgs::uuid[]) and created_at < :to::date + interval '1 day'
               group by employer_id, insee_code, role`,
              { orgs: pgTextArray(group.map((k) => k.organizationId)), from, to },
            ),
          );
          for (const key of group) {
            const mine = rows.filter((r) => r.org === key.organizationId);
            // Ratios to a population have no meaning for an organization.
            results.set(keyOf(key), {
              ...summarizeMediation(mine, { from, to }, []),
              inhabitantsPerConseiller: null,
            });
          }
        }),
      );
      return keys.map((k) => results.get(keyOf(k))!);
    },
    { cacheKeyFn: keyOf },
  );
}

@Resolver(() => OrganizationRef)
export class OrganizationMediationResolver {
  @FieldResolver(() => MediationStats, {
    nullable: true,
    description:
      "Activity of its staff over a period (partner dashboard): the same figures and breakdowns as a territory's mediationStats, its staff instead of a territory's residents, exact (its own partner, analysts, the préfecture and admin). Null, with an error on this path, when the caller may not read it or the period is refused.",
  })
  staffMediationStats(
    @Root() org: OrganizationRef,
    @Args() args: PeriodArgs,
    @Ctx() ctx: PeopleContext,
  ): Promise<MediationStats> {
    requireReadOf(ctx.viewer, org.id, 'activity reports');
    const period = toPeriod(args);
    return identified<MediationStats>(
      indicatorId('MediationStats', 'organization', org.id, period),
      ctx.loaders.organizationMediation.load({ organizationId: org.id, ...period }),
      { topThemes: 'theme', byTheme: 'theme', byAgeBand: 'ageBand', bySocialStatus: 'socialStatus' },
    ).then((stats) => ({ ...stats, withheld: [] }));
  }
}
