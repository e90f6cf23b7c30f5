import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Args, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { requireReadOf, type Viewer } from '../../common/auth';
import { identified, indicatorId, type Figures } from './indicator';
import { PeriodArgs, SeriesArgs, seriesBuckets, toPeriod, type Period } from './period';
import { seriesBucketType, type SeriesBucket } from './territory-stats.resolver';
import { executeNamed, pgTextArray, type PlanMode } from './sql';
import { groupBy } from '../../common/group-by';

/** One organization over one period: what a partner dashboard figure is computed for. */
export interface OrganizationPeriod extends Period {
  organizationId: string;
}

const keyOf = (k: OrganizationPeriod) => `${k.organizationId}|${k.from}|${k.to}`;

/** A row of an organization indicator's SQL: figures of one organization over one of the batch's periods. */
export interface OrganizationPeriodRow {
  org: string;
  from: string;
  to: string;
}

/**
 * What a subgraph gives to add an organization indicator: one SQL for a batch of organizations and periods, written
 * with `:orgs` (uuid[]) and the periods as `per` (`with per as (…)`, prepended here, `PERIODS`), returning rows
 * carrying `org`, `from` and `to`; and the summary of one organization's rows over one period.
 */
export interface OrganizationIndicator<Row extends OrganizationPeriodRow, Summary> {
  sql: string;
  /**
   * How PostgreSQL plans it (`executeNamed`): `generic` when one plan per connection serves small organizations and
   * the largest alike (measured on the Département at scale 100); planned for its values each time by default.
   */
  plan?: PlanMode;
  summarize(rows: Row[], period: Period): Summary;
}

/**
 * The batch's periods, one row each: `f` and `t` (dates, both inclusive); `starts_at` and `ends_before`, the instants
 * where `f` starts and the day after `t` starts in Europe/Paris; `next_day`, the day after `t` in the session's time
 * zone, as `created_at < t + interval '1 day'` compares it. Each bound is computed once per period here: converted
 * in a join condition, it was converted again for every row it met (the staff of 5,000 people at scale 100: 28 ms a
 * statement with the conversion in the join, 21 without).
 */
const PERIODS = `with per as (select f, t,
    f::timestamp at time zone 'Europe/Paris' as starts_at, (t + 1)::timestamp at time zone 'Europe/Paris' as ends_before,
    (t + 1)::timestamptz as next_day
  from unnest(:froms::date[], :tos::date[]) as per(f, t))`;

/**
 * The loader of an organization indicator: one SQL statement for a whole batch (organizations and periods mixed,
 * the buckets of a series included), each organization and period summed here.
 */
export function createOrganizationIndicatorLoader<Row extends OrganizationPeriodRow, Summary>(
  em: EntityManager,
  indicator: OrganizationIndicator<Row, Summary>,
): DataLoader<OrganizationPeriod, Summary, string> {
  return new DataLoader(
    async (keys) => {
      const periods = [...new Map(keys.map((k) => [`${k.from}|${k.to}`, k])).values()];
      const rows = await executeNamed<Row>(
        em,
        `${PERIODS} ${indicator.sql}`,
        {
          orgs: pgTextArray([...new Set(keys.map((k) => k.organizationId))]),
          froms: pgTextArray(periods.map((p) => p.from)),
          tos: pgTextArray(periods.map((p) => p.to)),
        },
        { plan: indicator.plan },
      );
      const byKey = groupBy(rows, (row) =>
        keyOf({ organizationId: row.org, from: isoDay(row.from), to: isoDay(row.to) }),
      );
      return keys.map((k) => indicator.summarize(byKey.get(keyOf(k)) ?? [], k));
    },
    { cacheKeyFn: keyOf },
  );
}

/** A DATE as YYYY-MM-DD, whether the driver hands over text or a Date. */
const isoDay = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

export interface OrganizationStatsField<T extends { id: string }, C> {
  /** The field added to Organization, e.g. `trainingStats`. */
  field: string;
  /** The indicator's GraphQL type; its name makes the ids of its objects. */
  type: ClassType<T>;
  description: string;
  /** The request's loader of this indicator. */
  loader: (ctx: C) => DataLoader<OrganizationPeriod, Figures<T>, string>;
  /** Lists of the indicator whose rows get an id: list field -> the row's key field. */
  rows?: Partial<Record<keyof T, string>>;
  /** What the figures are, for the refusal (`training figures`). */
  what: string;
}

/**
 * The resolver adding one partner dashboard indicator to Organization, and its series (every month or quarter,
 * zeros included). The access rule lives here, on the field, so every path (a query, a nested field, the
 * subgraph's `_entities`) applies it: its own partner, analysts, the préfecture and admin read exact figures;
 * anyone else gets null and FORBIDDEN on the path.
 */
export function organizationStatsResolver<T extends { id: string }, C extends { viewer: Viewer }>(
  organization: ClassType<{ id: string }>,
  options: OrganizationStatsField<T, C>,
): ClassType {
  const typeName = options.type.name;

  const Bucket = seriesBucketType(options.type);
  type Bucket = SeriesBucket<T>;

  const figures = (ctx: C, id: string, period: Period) =>
    identified<T>(
      indicatorId(typeName, 'organization', id, period),
      options.loader(ctx).load({ organizationId: id, ...period }),
      options.rows,
    );
  const access = `Its own partner, analysts, the préfecture and admin read it; null, with an error on this path, when the caller may not read it or the period is refused.`;

  @Resolver(() => organization)
  class OrganizationStatsResolver {
    @FieldResolver(() => options.type, {
      name: options.field,
      nullable: true,
      description: `${options.description} ${access}`,
    })
    stats(@Root() org: { id: string }, @Args() args: PeriodArgs, @Ctx() ctx: C): Promise<T> {
      requireReadOf(ctx.viewer, org.id, options.what);
      return figures(ctx, org.id, toPeriod(args));
    }

    @FieldResolver(() => [Bucket], {
      name: `${options.field}Series`,
      nullable: true,
      description: `The same figures as \`${options.field}\`, as a series: every calendar month or quarter the period touches, in order, empty buckets included (zeros), the first starting on \`from\` and the last ending on \`to\`. ${access}`,
    })
    series(@Root() org: { id: string }, @Args() args: SeriesArgs, @Ctx() ctx: C): Promise<Bucket[]> {
      requireReadOf(ctx.viewer, org.id, options.what);
      return Promise.all(
        seriesBuckets(toPeriod(args), args.by).map(async (bucket) => {
          const stats = await figures(ctx, org.id, bucket);
          return {
            id: stats.id,
            from: new Date(`${bucket.from}T00:00:00Z`),
            to: new Date(`${bucket.to}T00:00:00Z`),
            stats,
          };
        }),
      );
    }
  }
  Object.defineProperty(OrganizationStatsResolver, 'name', {
    value: `Organization${options.field}Resolver`,
  });
  return OrganizationStatsResolver;
}
