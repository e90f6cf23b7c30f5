import type DataLoader from 'dataloader';
import {
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  ObjectType,
  Resolver,
  Root,
  type ClassType,
} from 'type-graphql';
import { identified, indicatorId, type Figures } from './indicator';
import { PeriodArgs, SeriesArgs, seriesBuckets, toPeriod, type Period } from './period';
import { DateScalar } from './scalars';
import type { Viewer } from '../../common/auth';
import { withSmallNumbers, type DerivedFigures } from './small-numbers';
import type { TerritoryLevel } from './territory';
import type { TerritoryStatsKey } from './territory-indicator';

/** The classes standing for Commune, Epci and Departement in a subgraph (the entities or their key stubs). */
export interface TerritoryTypes {
  commune: ClassType<{ inseeCode: string }>;
  epci: ClassType<{ siren: string }>;
  departement: ClassType<{ code: string }>;
}

export interface TerritoryStatsField<T extends { id: string }, C> {
  /** The field added to Commune, Epci and Departement, e.g. `passStats`. */
  field: string;
  /** The indicator's GraphQL type; its name makes the ids of its objects. */
  type: ClassType<T>;
  description: string;
  /** The request's loader of this indicator. */
  loader: (ctx: C) => DataLoader<TerritoryStatsKey, Figures<T>, string>;
  /** Lists of the indicator whose rows get an id: list field -> the row's key field. */
  rows?: Partial<Record<keyof T, string>>;
  /**
   * Statistical secrecy for anonymous callers (see small-numbers.ts): the figures derived from a count (figure ->
   * count). Absent for indicators of public records (places), which are shown as they are.
   */
  smallNumbers?: DerivedFigures;
}

const CODE_OF: Record<TerritoryLevel, (root: Record<string, string>) => string> = {
  commune: (c) => c.inseeCode,
  epci: (e) => e.siren,
  departement: (d) => d.code,
};

/** One bucket of an indicator's series: a calendar month or quarter clipped to the period, and its figures. */
export interface SeriesBucket<T extends object> {
  id: string;
  from: Date;
  to: Date;
  stats: T;
}

/** The GraphQL type `<Indicator>Bucket` of an indicator's series (territories and organizations alike). */
export function seriesBucketType<T extends object>(type: ClassType<T>): ClassType<SeriesBucket<T>> {
  @ObjectType(`${type.name}Bucket`, {
    description: `One bucket of a series of ${type.name}: a calendar month or quarter, clipped to the requested period.`,
  })
  class Bucket {
    @Field(() => ID, { description: 'The id of its figures (`stats.id`).' })
    id!: string;

    @Field(() => DateScalar, { description: 'First day of the bucket (included, Europe/Paris).' })
    from!: Date;

    @Field(() => DateScalar, { description: 'Last day of the bucket (included, Europe/Paris).' })
    to!: Date;

    @Field(() => type, { description: 'The figures of the bucket.' })
    stats!: T;
  }
  return Bucket;
}

/**
 * Resolver classes adding one territory indicator field to Commune, Epci and Departement (in the manner of
 * `Connection()`): a subgraph lists them among its resolvers.
 */
export function territoryStatsResolvers<T extends { id: string }, C extends { viewer: Viewer }>(
  territories: TerritoryTypes,
  options: TerritoryStatsField<T, C>,
): ClassType[] {
  const typeName = options.type.name;

  const Bucket = seriesBucketType(options.type);
  type Bucket = SeriesBucket<T>;

  const figures = async (ctx: C, level: TerritoryLevel, code: string, period: Period) => {
    const stats = await identified<T>(
      indicatorId(typeName, level, code, period),
      options.loader(ctx).load({ level, code, ...period }),
      options.rows,
    );
    return options.smallNumbers
      ? withSmallNumbers(ctx.viewer, stats, options.smallNumbers, options.rows)
      : stats;
  };

  return (Object.keys(CODE_OF) as TerritoryLevel[]).map((level) => {
    @Resolver(() => territories[level])
    class TerritoryStatsResolver {
      @FieldResolver(() => options.type, {
        name: options.field,
        nullable: true,
        description: `${options.description} Null, with an error on this path, when the period is refused or the subgraph that computes it fails.`,
      })
      stats(@Root() root: Record<string, string>, @Args() args: PeriodArgs, @Ctx() ctx: C): Promise<T> {
        return figures(ctx, level, CODE_OF[level](root), toPeriod(args));
      }

      @FieldResolver(() => [Bucket], {
        name: `${options.field}Series`,
        nullable: true,
        description: `The same figures as \`${options.field}\`, as a series: every calendar month or quarter the period touches, in order, empty buckets included (zeros), the first starting on \`from\` and the last ending on \`to\`. Null, with an error on this path, when the period is refused or the subgraph that computes it fails.`,
      })
      series(
        @Root() root: Record<string, string>,
        @Args() args: SeriesArgs,
        @Ctx() ctx: C,
      ): Promise<Bucket[]> {
        const code = CODE_OF[level](root);
        return Promise.all(
          seriesBuckets(toPeriod(args), args.by).map(async (bucket) => {
            const stats = await figures(ctx, level, code, bucket);
            return { id: stats.id, from: isoDate(bucket.from), to: isoDate(bucket.to), stats };
          }),
        );
      }
    }
    Object.defineProperty(TerritoryStatsResolver, 'name', {
      value: `${territories[level].name}${options.field}Resolver`,
    });
    return TerritoryStatsResolver;
  });
}

const isoDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
