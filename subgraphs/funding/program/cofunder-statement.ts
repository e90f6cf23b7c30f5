import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { forbidden, readsEverything, type Viewer } from '../../../common/auth';
import { SeriesInterval, seriesBuckets, type Period } from '../../shared/period';
import { executeNamed, pgTextArray } from '../../shared/sql';
import { todayInParis } from '../../shared/today';
import { periodRows, spanBindings } from '../../shared/rollup-period';
import { DateScalar, SafeIntScalar } from '../scalars';
import { LAPSED } from '../territory/pass-stats';
import { largestRemainder } from './attribution';
import type { Contribution, FundingProgram } from './program.entity';
import { groupBy } from '../../../common/group-by';

@ObjectType({
  description: "A programme's whole figures over a period or a month (every co-funder's together).",
})
export class FundingStatementFigures {
  @Field(() => Int, { description: 'Passes issued (not cancelled) in the period, by their day of issue.' })
  passesIssued!: number;

  @Field(() => SafeIntScalar, { description: 'Their value, in cents.' })
  issuedCents!: number;

  @Field(() => Int, { description: 'Passes redeemed in the period (Europe/Paris day of redemption).' })
  passesRedeemed!: number;

  @Field(() => SafeIntScalar, { description: 'Their value, in cents.' })
  redeemedCents!: number;

  @Field(() => Int, {
    description:
      'Passes expired unused: validity (31 December) ended in the period and redemption tolerance (31 January after) lapsed.',
  })
  passesExpired!: number;

  @Field(() => SafeIntScalar, { description: 'Their value, in cents.' })
  expiredCents!: number;

  @Field(() => Int, {
    description: 'Passes reimbursed to training structures by the batches of the months the period touches.',
  })
  passesReimbursed!: number;

  @Field(() => SafeIntScalar, { description: 'Their value, in cents.' })
  reimbursedCents!: number;
}

@ObjectType({ description: "One calendar month of a co-funder's statement, clipped to the period." })
export class CofunderStatementMonth {
  @Field(() => ID, { description: 'The statement id, then `:<YYYY-MM>`.' })
  id!: string;

  @Field({ description: 'The calendar month, YYYY-MM.' })
  month!: string;

  @Field(() => DateScalar, { description: 'First day of the month in the period.' })
  from!: Date;

  @Field(() => DateScalar, { description: 'Last day of the month in the period.' })
  to!: Date;

  @Field(() => SafeIntScalar, { description: "The co-funder's part of the month's issued value, in cents." })
  issuedCents!: number;

  @Field(() => SafeIntScalar, {
    description: "The co-funder's part of the month's redeemed value, in cents.",
  })
  redeemedCents!: number;

  @Field(() => SafeIntScalar, { description: "The co-funder's part of the month's expired value, in cents." })
  expiredCents!: number;

  @Field(() => SafeIntScalar, {
    description: "The co-funder's part of the month's reimbursed value, in cents.",
  })
  reimbursedCents!: number;

  @Field(() => FundingStatementFigures, { description: "The programme's whole figures of the month." })
  programme!: FundingStatementFigures;
}

@ObjectType({
  description:
    "What a co-funder's contribution paid for over a period: its part (pro rata of its contribution to the programme's budget, exact cents by largest remainder, month by month) of the value issued, redeemed, expired and reimbursed. Read by the co-funder's own partner, analysts, the préfecture and admin.",
})
export class CofunderStatement {
  @Field(() => ID, {
    description:
      'Stable identity: `CofunderStatement:<programme id>:<funder id or "uncovered">:<from>..<to>`.',
  })
  id!: string;

  programId!: string;

  /** Null for the part of the budget no contribution covers. */
  funderId!: string | null;

  @Field(() => DateScalar, { description: 'First day of the period (included).' })
  from!: Date;

  @Field(() => DateScalar, { description: 'Last day of the period (included).' })
  to!: Date;

  @Field(() => SafeIntScalar, {
    description: 'The contribution, in cents (for the uncovered part: the budget no contribution covers).',
  })
  contributionCents!: number;

  @Field(() => Float, { description: "Its share of the programme's budget (contribution / budget), 0 to 1." })
  share!: number;

  @Field(() => SafeIntScalar, { description: 'Its part of the value issued in the period, in cents.' })
  issuedCents!: number;

  @Field(() => SafeIntScalar, { description: 'Its part of the value redeemed in the period, in cents.' })
  redeemedCents!: number;

  @Field(() => SafeIntScalar, {
    description: 'Its part of the value expired unused in the period, in cents.',
  })
  expiredCents!: number;

  @Field(() => SafeIntScalar, { description: 'Its part of the value reimbursed in the period, in cents.' })
  reimbursedCents!: number;

  @Field(() => FundingStatementFigures, { description: "The programme's whole figures over the period." })
  programme!: FundingStatementFigures;

  @Field(() => [CofunderStatementMonth], {
    description:
      'Every calendar month the period touches, in order, zeros included; they add up to the period.',
  })
  months!: CofunderStatementMonth[];
}

const FIGURES = ['issued', 'redeemed', 'expired', 'reimbursed'] as const;
type Figure = (typeof FIGURES)[number];

const EMPTY: FundingStatementFigures = {
  passesIssued: 0,
  issuedCents: 0,
  passesRedeemed: 0,
  redeemedCents: 0,
  passesExpired: 0,
  expiredCents: 0,
  passesReimbursed: 0,
  reimbursedCents: 0,
};

const COUNT: Record<Figure, keyof FundingStatementFigures> = {
  issued: 'passesIssued',
  redeemed: 'passesRedeemed',
  expired: 'passesExpired',
  reimbursed: 'passesReimbursed',
};
const CENTS = (figure: Figure) => `${figure}Cents` as keyof FundingStatementFigures;

/** A programme's whole figures per calendar month of a period (months with no row read zeros). */
export interface ProgramMonths {
  months: (Period & { month: string; whole: FundingStatementFigures })[];
}

interface ProgramPeriod extends Period {
  programId: string;
}
const keyOf = (k: ProgramPeriod) => `${k.programId}|${k.from}|${k.to}`;

/**
 * A programme's figures month by month, read from the rollups: one SQL per period for a batch of programmes.
 * Reimbursements count by their batch month (any month the period touches).
 */
export function createProgramMonthsLoader(em: EntityManager) {
  return new DataLoader<ProgramPeriod, ProgramMonths, string>(
    async (keys) => {
      const byPeriod = groupBy(keys, (k) => `${k.from}|${k.to}`);
      const results = new Map<string, ProgramMonths>();
      await Promise.all(
        [...byPeriod.values()].map(async (group) => {
          const { from, to } = group[0];
          const rows = await executeNamed<{
            program_id: string;
            month: string;
            kind: Figure;
            n: string;
            cents: string;
          }>(
            em,
            `select program_id, month, 'issued' as kind, sum(passes_issued) as n, sum(amount_issued) as cents
               from (${periodRows(
                 { daily: 'pass_issued_daily', monthly: 'pass_issued_monthly' },
                 (date) => `program_id, to_char(${date}, 'YYYY-MM') as month, passes_issued, amount_issued`,
                 'program_id = any(:programs::uuid[])',
               )}) x group by 1, 2
               union all
               select program_id, month, 'redeemed', sum(passes_redeemed), sum(amount_redeemed)
               from (${periodRows(
                 { daily: 'pass_redeemed_daily', monthly: 'pass_redeemed_monthly' },
                 (date) =>
                   `program_id, to_char(${date}, 'YYYY-MM') as month, passes_redeemed, amount_redeemed`,
                 'program_id = any(:programs::uuid[])',
               )}) x group by 1, 2
               union all
               select program_id, to_char(month, 'YYYY-MM'), 'expired', n, cents from (
                 select program_id, date_trunc('month', date)::date as month, sum(passes_unused) as n,
                   sum(amount_unused) as cents
                 from pass_expiry_daily where program_id = any(:programs::uuid[]) and date between :from::date and :to::date
                   and ${LAPSED('date', ':today::date')} group by 1, 2) e
               union all
               select program_id, to_char(month, 'YYYY-MM'), 'reimbursed', sum(passes_reimbursed), sum(amount_reimbursed)
               from pass_reimbursed_monthly where program_id = any(:programs::uuid[])
                 and month between date_trunc('month', :from::date)::date and :to::date group by 1, 2`,
            {
              programs: pgTextArray(group.map((k) => k.programId)),
              from,
              to,
              today: todayInParis(),
              ...spanBindings({ from, to }),
            },
          );
          const buckets = seriesBuckets({ from, to }, SeriesInterval.MONTH);
          for (const key of group) {
            const months = buckets.map((b) => ({ ...b, month: b.from.slice(0, 7), whole: { ...EMPTY } }));
            const byMonth = new Map(months.map((m) => [m.month, m]));
            for (const row of rows) {
              const month = row.program_id === key.programId ? byMonth.get(row.month) : undefined;
              if (!month) continue;
              month.whole[COUNT[row.kind]] = Number(row.n);
              month.whole[CENTS(row.kind)] = Number(row.cents);
            }
            results.set(keyOf(key), { months });
          }
        }),
      );
      return keys.map((k) => results.get(keyOf(k))!);
    },
    { cacheKeyFn: keyOf },
  );
}

const sumFigures = (list: FundingStatementFigures[]): FundingStatementFigures => {
  const total = { ...EMPTY };
  for (const f of list)
    for (const k of Object.keys(total) as (keyof FundingStatementFigures)[]) total[k] += f[k];
  return total;
};

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * The statements of every contribution of a programme (largest first), then, when contributions fall short of
 * the budget, of the uncovered part: each month's whole is split pro rata of contribution / budget with exact
 * cents (largest remainder), so for every month and figure the parts add up to the programme's whole, and each
 * statement's period figures are the sum of its months.
 */
export function cofunderStatements(
  program: FundingProgram,
  contributions: Contribution[],
  data: ProgramMonths,
  period: Period,
): CofunderStatement[] {
  const uncovered = Math.max(0, program.budgetCents - contributions.reduce((s, c) => s + c.amountCents, 0));
  const parties = [
    ...contributions.map((c) => ({ funderId: c.funderId as string | null, amount: c.amountCents })),
    ...(uncovered > 0 ? [{ funderId: null, amount: uncovered }] : []),
  ];
  const weights = parties.map((p) => p.amount);
  // parts[figure][month][party]
  const parts = Object.fromEntries(
    FIGURES.map((f) => [f, data.months.map((m) => largestRemainder(m.whole[CENTS(f)], weights))]),
  ) as Record<Figure, number[][]>;
  const whole = sumFigures(data.months.map((m) => m.whole));
  return parties.map((party, p) => {
    const id = `CofunderStatement:${program.id}:${party.funderId ?? 'uncovered'}:${period.from}..${period.to}`;
    const months = data.months.map((m, i) => ({
      id: `${id}:${m.month}`,
      month: m.month,
      from: asDate(m.from),
      to: asDate(m.to),
      issuedCents: parts.issued[i][p],
      redeemedCents: parts.redeemed[i][p],
      expiredCents: parts.expired[i][p],
      reimbursedCents: parts.reimbursed[i][p],
      programme: m.whole,
    }));
    const total = (f: Figure) => months.reduce((s, m) => s + m[CENTS(f) as 'issuedCents'], 0);
    return {
      id,
      programId: program.id,
      funderId: party.funderId,
      from: asDate(period.from),
      to: asDate(period.to),
      contributionCents: party.amount,
      share: program.budgetCents > 0 ? party.amount / program.budgetCents : 0,
      issuedCents: total('issued'),
      redeemedCents: total('redeemed'),
      expiredCents: total('expired'),
      reimbursedCents: total('reimbursed'),
      programme: whole,
      months,
    };
  });
}

/**
 * Who reads a co-funder statement (the rule of the type, on every path): admin, analysts and the préfecture any;
 * a partner its own organization's; anonymous callers none.
 */
export function mayReadStatement(viewer: Viewer, funderId: string | null): boolean {
  if (readsEverything(viewer)) return true;
  return viewer.role === 'partner' && funderId !== null && viewer.organizationId === funderId;
}

export function requireStatementReader(viewer: Viewer): void {
  if (viewer.role === 'public')
    throw forbidden('co-funder statements are not public: authentication required');
}
