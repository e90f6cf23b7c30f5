import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { WITHHELD_DESCRIPTION } from '../../shared/small-numbers';
import { INDICATOR_ID, type Figures } from '../../shared/indicator';
import { executeNamed } from '../../shared/sql';
import {
  sumOf,
  TERRITORY_COMMUNES,
  type TerritoryIndicator,
  type TerritoryRow,
} from '../../shared/territory-indicator';
import { SafeIntScalar } from '../scalars';
import { todayInParis } from '../../shared/today';
import { periodRows, spanBindings } from '../../shared/rollup-period';

@ObjectType({
  description:
    "Pass numérique indicators of a territory over a period (FNE table), by the beneficiaries' commune of residence.",
})
export class PassStats {
  @Field(() => ID, { description: INDICATOR_ID })
  id!: string;

  @Field(() => [String], { description: WITHHELD_DESCRIPTION })
  withheld!: string[];

  @Field(() => Int, { nullable: true, description: 'Carnets issued during the period.' })
  carnetsIssued!: number;

  @Field(() => Int, { nullable: true, description: 'Passes issued during the period, not cancelled.' })
  passesIssued!: number;

  @Field(() => SafeIntScalar, { nullable: true, description: 'Their value, in cents.' })
  amountIssuedCents!: number;

  @Field(() => Int, { nullable: true, description: 'Passes redeemed during the period (whenever issued).' })
  passesRedeemed!: number;

  @Field(() => SafeIntScalar, { nullable: true, description: 'Their value, in cents.' })
  amountRedeemedCents!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Passes expired unused: their validity (31 December) ended during the period and their redemption tolerance (31 January after) has lapsed, neither redeemed nor cancelled.',
  })
  passesExpired!: number;

  @Field(() => SafeIntScalar, { nullable: true, description: 'Their value, in cents.' })
  amountExpiredCents!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Passes cancelled, among those issued during the period.',
  })
  passesCancelled!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Share of the passes issued during the period that have been redeemed since; null when none.',
  })
  redemptionRate!: number | null;
}

interface Row extends TerritoryRow {
  carnets: string;
  issued: string;
  issued_amount: string;
  issued_redeemed: string;
  redeemed: string;
  redeemed_amount: string;
  expired: string;
  expired_amount: string;
  cancelled: string;
}

/**
 * A pass counts as expired once its redemption tolerance has lapsed (31 January after its year) while it was
 * neither redeemed nor cancelled, on the day its validity ended (31 December): decided at read time from the
 * expiry rollup and today's date, whether or not `expirePasses` has marked it EXPIRED yet.
 *
 * Written as a bound on the date, which an index can use: 31 January of the year after `date` is before `today`
 * exactly when 1 January of that year is on or before `today` minus 31 days, that is when `date` is before
 * 1 January of the year of `today - 31` (the rule itself, `make_date(year(date) + 1, 1, 31) < today`, had
 * PostgreSQL compute a date per row: two thirds of a co-funder statement's time at national scale).
 */
export const LAPSED = (date: string, today: string) =>
  `${date} < make_date(extract(year from ${today} - 31)::int, 1, 1)`;

/**
 * Carnets and passes by the beneficiaries' commune of residence, read from the rollups (issued and redeemed: the
 * month rows of the period's whole months, the day rows around them): one row per territory of the batch.
 */
export const passStatsIndicator: TerritoryIndicator<Row, Figures<PassStats>> = {
  query: (em, batch, { from, to }) =>
    executeNamed<Row>(
      em,
      `with issued as (
         select insee_code, sum(carnets) as carnets, sum(passes_issued) as issued, sum(amount_issued) as issued_amount,
           sum(passes_used) as issued_redeemed, sum(passes_cancelled) as cancelled
         from (${periodRows(
           { daily: 'pass_issued_daily', monthly: 'pass_issued_monthly' },
           () => 'insee_code, carnets, passes_issued, amount_issued, passes_used, passes_cancelled',
           'insee_code = any(:codes::text[])',
         )}) x
         group by insee_code),
       redeemed as (
         select insee_code, sum(passes_redeemed) as redeemed, sum(amount_redeemed) as redeemed_amount
         from (${periodRows(
           { daily: 'pass_redeemed_daily', monthly: 'pass_redeemed_monthly' },
           () => 'insee_code, passes_redeemed, amount_redeemed',
           'insee_code = any(:codes::text[])',
         )}) x
         group by insee_code),
       expired as (
         select insee_code, sum(passes_unused) as expired, sum(amount_unused) as expired_amount
         from pass_expiry_daily
         where insee_code = any(:codes::text[]) and date between :from::date and :to::date
           and ${LAPSED('date', ':today::date')}
         group by insee_code)
       select tc.territory, sum(carnets) as carnets, sum(issued) as issued, sum(issued_amount) as issued_amount,
         sum(issued_redeemed) as issued_redeemed, sum(redeemed) as redeemed, sum(redeemed_amount) as redeemed_amount,
         sum(expired) as expired, sum(expired_amount) as expired_amount, sum(cancelled) as cancelled
       from (
         select insee_code, coalesce(carnets, 0) as carnets, coalesce(issued, 0) as issued,
           coalesce(issued_amount, 0) as issued_amount, coalesce(issued_redeemed, 0) as issued_redeemed,
           coalesce(redeemed, 0) as redeemed, coalesce(redeemed_amount, 0) as redeemed_amount,
           coalesce(expired, 0) as expired, coalesce(expired_amount, 0) as expired_amount,
           coalesce(cancelled, 0) as cancelled
         from issued full join redeemed using (insee_code) full join expired using (insee_code)) x
       join ${TERRITORY_COMMUNES} on tc.insee_code = x.insee_code
       group by tc.territory`,
      { ...batch, from, to, today: todayInParis(), ...spanBindings({ from, to }) },
    ),
  summarize(rows) {
    const sum = (column: keyof Row) => sumOf(rows, (r) => r[column]);
    const issued = sum('issued');
    return {
      carnetsIssued: sum('carnets'),
      passesIssued: issued,
      amountIssuedCents: sum('issued_amount'),
      passesRedeemed: sum('redeemed'),
      amountRedeemedCents: sum('redeemed_amount'),
      passesExpired: sum('expired'),
      amountExpiredCents: sum('expired_amount'),
      passesCancelled: sum('cancelled'),
      redemptionRate: issued ? Math.round((sum('issued_redeemed') / issued) * 10_000) / 10_000 : null,
    };
  },
};
