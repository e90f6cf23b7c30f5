import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Args, Ctx, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { requireReadOf } from '../../../common/auth';
import {
  checkPeriodWithin,
  PeriodArgs,
  SeriesInterval,
  seriesBuckets,
  toPeriod,
  type Period,
} from '../../shared/period';
import { executeNamed, pgTextArray } from '../../shared/sql';
import { todayInParis } from '../../shared/today';
import type { FundingContext } from '../context';
import { DateScalar, SafeIntScalar } from '../scalars';
import { OrganizationRef } from './stubs';
import { CofunderStatement } from '../program/cofunder-statement';
import { statementsOf } from '../program/program.resolver';
import { groupBy } from '../../../common/group-by';

@ObjectType({ description: "An organization's Pass numérique figures over a period or one of its months." })
export class PassActivityFigures {
  @Field(() => Int, { description: 'As a prescriber: carnets issued (day of issue in the period).' })
  carnetsIssued!: number;

  @Field(() => Int, { description: 'As a prescriber: passes of those carnets, not cancelled.' })
  passesIssued!: number;

  @Field(() => SafeIntScalar, { description: 'Their value, in cents.' })
  amountIssuedCents!: number;

  @Field(() => Int, {
    description: 'As a training structure: passes redeemed (Europe/Paris day in the period).',
  })
  passesRedeemed!: number;

  @Field(() => SafeIntScalar, {
    description:
      'Their value, in cents: what the programme owes the structure for them (reimbursements due).',
  })
  amountRedeemedCents!: number;

  @Field(() => SafeIntScalar, { description: 'Of that value, what has been reimbursed since, in cents.' })
  amountReimbursedCents!: number;

  @Field(() => SafeIntScalar, { description: 'Of that value, what still awaits reimbursement, in cents.' })
  amountPendingCents!: number;

  @Field(() => SafeIntScalar, {
    description:
      'Reimbursements paid to the structure by the batches of the months the period touches (they may settle earlier months), in cents.',
  })
  reimbursementsPaidCents!: number;
}

@ObjectType({
  description: "One calendar month of an organization's Pass numérique activity, clipped to the period.",
})
export class PassActivityMonth extends PassActivityFigures {
  @Field(() => ID, { description: 'The activity id, then `:<YYYY-MM>`.' })
  id!: string;

  @Field({ description: 'The calendar month, YYYY-MM.' })
  month!: string;

  @Field(() => DateScalar, { description: 'First day of the month in the period.' })
  from!: Date;

  @Field(() => DateScalar, { description: 'Last day of the month in the period.' })
  to!: Date;
}

@ObjectType({
  description:
    "Partner dashboard, funding part: an organization's carnets issued (as prescriber), passes redeemed and reimbursements due and paid (as training structure) over a period, and month by month.",
})
export class OrganizationPassActivity extends PassActivityFigures {
  @Field(() => ID, {
    description: 'Stable identity: `OrganizationPassActivity:organization:<id>:<from>..<to>`.',
  })
  id!: string;

  @Field(() => DateScalar, { description: 'First day of the period (included).' })
  from!: Date;

  @Field(() => DateScalar, { description: 'Last day of the period (included).' })
  to!: Date;

  @Field(() => [PassActivityMonth], {
    description:
      'Every calendar month the period touches, in order, zeros included; they add up to the period.',
  })
  months!: PassActivityMonth[];
}

type Figures = Omit<PassActivityFigures, never>;
const EMPTY: Figures = {
  carnetsIssued: 0,
  passesIssued: 0,
  amountIssuedCents: 0,
  passesRedeemed: 0,
  amountRedeemedCents: 0,
  amountReimbursedCents: 0,
  amountPendingCents: 0,
  reimbursementsPaidCents: 0,
};

interface OrganizationPeriod extends Period {
  organizationId: string;
}
const keyOf = (k: OrganizationPeriod) => `${k.organizationId}|${k.from}|${k.to}`;

export type MonthFigures = { month: string; figures: Figures }[];

/**
 * An organization's figures per month of a period, for a batch of organizations: one SQL per period (carnets from
 * the issue rollup by prescriber; redemptions and reimbursements from their own tables, indexed by trainer).
 */
export function createOrganizationPassActivityLoader(em: EntityManager) {
  return new DataLoader<OrganizationPeriod, MonthFigures, string>(
    async (keys) => {
      const byPeriod = groupBy(keys, (k) => `${k.from}|${k.to}`);
      const results = new Map<string, MonthFigures>();
      await Promise.all(
        [...byPeriod.values()].map(async (group) => {
          const { from, to } = group[0];
          const rows = await executeNamed<{
            org: string;
            month: string;
            kind: string;
            a: string;
            b: string;
            c: string;
          }>(
            em,
            `select prescriber_id as org, to_char(date, 'YYYY-MM') as month, 'issued' as kind,
                 sum(carnets) as a, sum(passes_issued) as b, sum(amount_issued) as c
               from pass_issued_daily where prescriber_id = any(:orgs::uuid[]) and date between :from::date and :to::date
               group by 1, 2
               union all
               select trainer_id, to_char(redeemed_at at time zone 'Europe/Paris', 'YYYY-MM'), 'redeemed',
                 count(*), sum(value_cents), coalesce(sum(value_cents) filter (where reimbursement_id is not null), 0)
               from redemption where trainer_id = any(:orgs::uuid[])
                 and redeemed_at >= (:from::date)::timestamp at time zone 'Europe/Paris'
                 and redeemed_at < (:to::date + 1)::timestamp at time zone 'Europe/Paris'
               group by 1, 2
               union all
               select trainer_id, to_char(month, 'YYYY-MM'), 'paid', sum(pass_count), sum(amount_cents), 0
               from reimbursement where trainer_id = any(:orgs::uuid[])
                 and month between date_trunc('month', :from::date)::date and :to::date
               group by 1, 2`,
            { orgs: pgTextArray(group.map((k) => k.organizationId)), from, to },
          );
          const buckets = seriesBuckets({ from, to }, SeriesInterval.MONTH);
          for (const key of group) {
            const months = buckets.map((b) => ({ month: b.from.slice(0, 7), figures: { ...EMPTY } }));
            const byMonth = new Map(months.map((m) => [m.month, m.figures]));
            for (const r of rows) {
              const f = r.org === key.organizationId ? byMonth.get(r.month) : undefined;
              if (!f) continue;
              if (r.kind === 'issued') {
                f.carnetsIssued = Number(r.a);
                f.passesIssued = Number(r.b);
                f.amountIssuedCents = Number(r.c);
              } else if (r.kind === 'redeemed') {
                f.passesRedeemed = Number(r.a);
                f.amountRedeemedCents = Number(r.b);
                f.amountReimbursedCents = Number(r.c);
                f.amountPendingCents = Number(r.b) - Number(r.c);
              } else f.reimbursementsPaidCents = Number(r.b);
            }
            results.set(keyOf(key), months);
          }
        }),
      );
      return keys.map((k) => results.get(keyOf(k))!);
    },
    { cacheKeyFn: keyOf },
  );
}

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

@Resolver(() => OrganizationRef)
export class OrganizationPassActivityResolver {
  @FieldResolver(() => OrganizationPassActivity, {
    nullable: true,
    description:
      'Partner dashboard, funding part: carnets issued as prescriber, passes redeemed and reimbursements due and paid as training structure, over a period and by month (every month, zeros included). Its own partner, analysts, the préfecture and admin read it; anyone else gets null and FORBIDDEN. A period wholly after today (`from`) or before the first programme (`to`) is refused with BAD_USER_INPUT naming the argument.',
  })
  async passActivity(
    @Root() org: OrganizationRef,
    @Args() args: PeriodArgs,
    @Ctx() ctx: FundingContext,
  ): Promise<OrganizationPassActivity> {
    requireReadOf(ctx.viewer, org.id, 'Pass numérique activity');
    const period = checkPeriodWithin(
      toPeriod(args),
      { first: await ctx.loaders.dataStart.load('all'), last: todayInParis() },
      'Pass numérique data',
    );
    const id = `OrganizationPassActivity:organization:${org.id}:${period.from}..${period.to}`;
    const data = await ctx.loaders.organizationPassActivity.load({
      organizationId: org.id.toLowerCase(),
      ...period,
    });
    const buckets = seriesBuckets(period, SeriesInterval.MONTH);
    const months = data.map((m, i) => ({
      ...m.figures,
      id: `${id}:${m.month}`,
      month: m.month,
      from: asDate(buckets[i].from),
      to: asDate(buckets[i].to),
    }));
    const total = { ...EMPTY };
    for (const m of months) for (const k of Object.keys(total) as (keyof Figures)[]) total[k] += m[k];
    return { ...total, id, from: asDate(period.from), to: asDate(period.to), months };
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationCofunderResolver {
  @FieldResolver(() => [CofunderStatement], {
    nullable: true,
    description:
      'As a co-funder: its statement for each programme it contributes to over a period (see FundingProgram.cofunderStatements). Its own partner, analysts, the préfecture and admin read it; anyone else gets null and FORBIDDEN. A period wholly after today (`from`) or before the first programme (`to`) is refused with BAD_USER_INPUT naming the argument.',
  })
  async cofunderStatements(
    @Root() org: OrganizationRef,
    @Args() args: PeriodArgs,
    @Ctx() ctx: FundingContext,
  ): Promise<CofunderStatement[]> {
    requireReadOf(ctx.viewer, org.id, 'co-funder statements');
    const period = checkPeriodWithin(
      toPeriod(args),
      { first: await ctx.loaders.dataStart.load('all'), last: todayInParis() },
      'Pass numérique data',
    );
    const contributions = await ctx.loaders.contributionsByFunder.load(org.id);
    const statements = await Promise.all(
      contributions.map(async (c) => {
        const program = await ctx.loaders.program.load(c.programId);
        if (!program) return undefined;
        return (await statementsOf(program, period, ctx)).find((s) => s.funderId === c.funderId);
      }),
    );
    return statements.filter((s): s is CofunderStatement => s !== undefined);
  }
}
