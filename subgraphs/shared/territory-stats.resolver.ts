import type DataLoader from 'dataloader';
import { Args, Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import { identified, indicatorId, type Figures } from './indicator';
import { PeriodArgs, toPeriod } from './period';
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
}

const CODE_OF: Record<TerritoryLevel, (root: Record<string, string>) => string> = {
  commune: (c) => c.inseeCode,
  epci: (e) => e.siren,
  departement: (d) => d.code,
};

/**
 * Resolver classes adding one territory indicator field to Commune, Epci and Departement (in the manner of
 * `Connection()`): a subgraph lists them among its resolvers.
 */
export function territoryStatsResolvers<T extends { id: string }, C>(
  territories: TerritoryTypes,
  options: TerritoryStatsField<T, C>,
): ClassType[] {
  return (Object.keys(CODE_OF) as TerritoryLevel[]).map((level) => {
    @Resolver(() => territories[level])
    class TerritoryStatsResolver {
      @FieldResolver(() => options.type, {
        name: options.field,
        nullable: true,
        description: `${options.description} Null, with an error on this path, when the period is refused or the subgraph that computes it fails.`,
      })
      stats(@Root() root: Record<string, string>, @Args() args: PeriodArgs, @Ctx() ctx: C): Promise<T> {
        const code = CODE_OF[level](root);
        const period = toPeriod(args);
        return identified<T>(
          indicatorId(options.type.name, level, code, period),
          options.loader(ctx).load({ level, code, ...period }),
          options.rows,
        );
      }
    }
    Object.defineProperty(TerritoryStatsResolver, 'name', {
      value: `${territories[level].name}${options.field}Resolver`,
    });
    return TerritoryStatsResolver;
  });
}
