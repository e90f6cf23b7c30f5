import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Connection, PageArgs, pageRequest, toConnection } from '../../shared/connection';
import { badUserInput } from '../../shared/errors';
import { territoryStatsResolvers } from '../../shared/territory-stats.resolver';
import { escapeLike, foldForSearch } from '../../shared/text';
import type { PlacesContext } from '../context';
import { Commune } from './commune.entity';
import { Departement } from './departement.entity';
import { Epci } from './epci.entity';
import { PlaceStats } from './place-stats';

@ObjectType({ description: 'A page of Commune results, Relay style.' })
export class CommuneConnection extends Connection('Commune', Commune) {}

@ArgsType()
class CommunesArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Name, accent- and case-insensitive.' })
  text?: string;

  @Field(() => String, { nullable: true, description: 'Only the communes of this EPCI.' })
  epciSiren?: string;
}

@Resolver(() => Commune)
export class CommuneResolver {
  @Query(() => Commune, { nullable: true, description: 'A commune by INSEE code; null when unknown.' })
  commune(
    @Arg('inseeCode', () => String, { description: 'INSEE code of the commune (5 characters, e.g. 47001).' })
    inseeCode: string,
    @Ctx() ctx: PlacesContext,
  ): Promise<Commune | null> {
    return ctx.loaders.commune.load(inseeCode);
  }

  @Query(() => CommuneConnection, { nullable: true, description: 'Communes ordered by name.' })
  async communes(@Args() args: CommunesArgs, @Ctx() ctx: PlacesContext): Promise<CommuneConnection> {
    const page = pageRequest(args, 100);
    if (args.text !== undefined && args.text.length > 200)
      throw badUserInput('text', 'at most 200 characters');
    const where: Record<string, unknown> = {};
    if (args.epciSiren) where.epciSiren = args.epciSiren;
    if (args.text?.trim()) where.searchText = { $like: `%${escapeLike(foldForSearch(args.text))}%` };
    const after = page.after as [string, string] | null;
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(
        Commune,
        after
          ? { ...where, $or: [{ name: { $gt: after[0] } }, { name: after[0], inseeCode: { $gt: after[1] } }] }
          : where,
        {
          orderBy: { name: 'asc', inseeCode: 'asc' },
          limit: page.first + 1,
        },
      ),
      ctx.em.count(Commune, where),
    ]);
    return toConnection(rows, page, totalCount, (c) => [c.name, c.inseeCode]);
  }

  @FieldResolver(() => Epci, {
    nullable: true,
    description:
      'The intercommunalité it belongs to; null only if the EPCI is missing from the reference data.',
  })
  epci(@Root() commune: Commune, @Ctx() ctx: PlacesContext): Promise<Epci | null> {
    return ctx.loaders.epci.load(commune.epciSiren);
  }

  @FieldResolver(() => Departement, {
    nullable: true,
    description: 'Its département; null only if it is missing from the reference data.',
  })
  departement(@Root() commune: Commune, @Ctx() ctx: PlacesContext): Promise<Departement | null> {
    return ctx.loaders.departement.load(commune.departementCode);
  }
}

@Resolver(() => Epci)
export class EpciResolver {
  @Query(() => Epci, { nullable: true, description: 'An EPCI by SIREN; null when unknown.' })
  epci(
    @Arg('siren', () => String, { description: 'SIREN of the EPCI (9 digits).' }) siren: string,
    @Ctx() ctx: PlacesContext,
  ): Promise<Epci | null> {
    return ctx.loaders.epci.load(siren);
  }

  @Query(() => [Epci], {
    nullable: true,
    description: 'Every EPCI with communes in the hub’s territory, by name.',
  })
  epcis(@Ctx() ctx: PlacesContext): Promise<Epci[]> {
    return ctx.em.find(Epci, {}, { orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => [Commune], { description: 'Its communes in the hub’s territory, by name.' })
  communes(@Root() epci: Epci, @Ctx() ctx: PlacesContext): Promise<Commune[]> {
    return ctx.loaders.communesByEpci.load(epci.siren);
  }
}

@Resolver(() => Departement)
export class DepartementResolver {
  @Query(() => Departement, { nullable: true, description: 'A département by code; null when unknown.' })
  departement(
    @Arg('code', () => String, { description: 'Code of the département (e.g. 47).' }) code: string,
    @Ctx() ctx: PlacesContext,
  ): Promise<Departement | null> {
    return ctx.loaders.departement.load(code);
  }

  @Query(() => [Departement], {
    nullable: true,
    description: 'Every département of the hub’s territory (today only 47, Lot-et-Garonne), by code.',
  })
  departements(@Ctx() ctx: PlacesContext): Promise<Departement[]> {
    return ctx.em.find(Departement, {}, { orderBy: { code: 'asc' } });
  }

  @FieldResolver(() => [Epci], {
    description: 'EPCIs with at least one commune in the département, by name.',
  })
  epcis(@Root() departement: Departement, @Ctx() ctx: PlacesContext): Promise<Epci[]> {
    return ctx.loaders.epcisByDepartement.load(departement.code);
  }

  @FieldResolver(() => [Commune], { description: 'Its communes, by name.' })
  communes(@Root() departement: Departement, @Ctx() ctx: PlacesContext): Promise<Commune[]> {
    return ctx.loaders.communesByDepartement.load(departement.code);
  }
}

/** Places indicators on the three territory levels. */
export const placeStatsResolvers = territoryStatsResolvers<PlaceStats, PlacesContext>(
  { commune: Commune, epci: Epci, departement: Departement },
  {
    field: 'placeStats',
    type: PlaceStats,
    description: 'Places indicators at the end of a period.',
    loader: (ctx) => ctx.loaders.placeStats,
    rows: { byKind: 'kind' },
  },
);
