import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { requireReadOf } from '../../../common/auth';
import { identified, indicatorId, type Figures } from '../../shared/indicator';
import { PeriodArgs, toPeriod, type Period } from '../../shared/period';
import { selectsField } from '../../shared/selection';
import { executeNamed, pgTextArray } from '../../shared/sql';
import type { PeopleContext } from '../context';
import { OrganizationRef } from '../federation/stubs';
import {
  MediationStats,
  ROLLUP_FIGURES,
  summarizeMediation,
  type MediationRow,
} from '../territory/mediation-stats';
import { rollupPeriod } from './activity-rollup';
import { groupBy } from '../../../common/group-by';

interface OrganizationPeriod extends Period {
  organizationId: string;
  /** Only the totals are asked for (no breakdown selected): the rollup's `all` rows suffice. */
  totalsOnly?: boolean;
}

/** The breakdowns of MediationStats, each read from rows of its own dimension. */
const BREAKDOWNS = ['topThemes', 'byTheme', 'byAgeBand', 'bySocialStatus', 'byPlace'];

const groupOf = (k: OrganizationPeriod) => `${k.from}|${k.to}|${k.totalsOnly ? 'totals' : 'all'}`;
const keyOf = (k: OrganizationPeriod) => `${k.organizationId}|${groupOf(k)}`;

/**
 * The activity of an organization's staff over a period, for a batch of organizations: one SQL per period, the
 * same figures and breakdowns as a territory's mediationStats (its staff instead of a territory's residents), read
 * from the rollup's employer scope (`activity_rollup`, scope `o`: the sum of its current staff's person rows).
 */
export function createOrganizationMediationLoader(em: EntityManager) {
  return new DataLoader<OrganizationPeriod, Figures<MediationStats>, string>(
    async (keys) => {
      const byPeriod = groupBy(keys, groupOf);
      const results = new Map<string, Figures<MediationStats>>();
      await Promise.all(
        [...byPeriod.values()].map(async (group) => {
          const { from, to, totalsOnly } = group[0];
          const { condition, bindings } = rollupPeriod({ from, to });
          // The staff's activity from the rollup's employer scope (whole months, then the days around them).
          const rows = await executeNamed<MediationRow & { org: string }>(
            em,
            `select r.scope_id as org, null as insee_code, ${ROLLUP_FIGURES}
               from activity_rollup r
               where r.scope = 'o' and r.scope_id = any(:orgs::text[]) and ${condition}
                 ${totalsOnly ? "and r.dimension = 'all'" : ''}
               group by r.scope_id, r.dimension, r.value
               union all
               select employer_id::text, insee_code, 'people', role, count(*),
                 count(*) filter (where aidants_connect_habilitated_on <= :to::date), 0, 0, 0
               from person where employer_id = any(:orgs::uuid[]) and created_at < :to::date + interval '1 day'
               group by employer_id, insee_code, role`,
            { orgs: pgTextArray(group.map((k) => k.organizationId)), to, ...bindings },
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
    @Info() info: GraphQLResolveInfo,
  ): Promise<MediationStats> {
    requireReadOf(ctx.viewer, org.id, 'activity reports');
    const period = toPeriod(args);
    // A dashboard's totals need none of the rows of themes, bands, statuses and places (thousands for a network).
    const totalsOnly = !BREAKDOWNS.some((field) => selectsField(info, field));
    return identified<MediationStats>(
      indicatorId('MediationStats', 'organization', org.id, period),
      ctx.loaders.organizationMediation.load({ organizationId: org.id, ...period, totalsOnly }),
      {
        topThemes: 'theme',
        byTheme: 'theme',
        byAgeBand: 'ageBand',
        bySocialStatus: 'socialStatus',
        byPlace: 'placeId',
      },
    ).then((stats) => ({ ...stats, withheld: [] }));
  }
}
