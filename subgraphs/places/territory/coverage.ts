import { Arg, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../shared/errors';
import type { PlacesContext } from '../context';
import { EARTH_RADIUS_M } from '../../shared/geography';
import { EARTH_CUBE_OF_PLACE, unitVector } from '../place/place.geo';
import { Place } from '../place/place.entity';
import { SERVICES } from '../place/vocabularies';
import { Commune } from './commune.entity';
import { Departement } from './departement.entity';
import { Epci } from './epci.entity';
import { found } from '../../shared/loaders';

@ObjectType({ description: "One commune's distance to the nearest place offering a service." })
export class CommuneCoverage {
  @Field(() => ID, { description: 'Stable identity: `CommuneCoverage:<INSEE code>:<service>`.' })
  id!: string;

  @Field(() => Commune, { description: 'The commune.' })
  commune!: Commune;

  @Field(() => Float, {
    nullable: true,
    description:
      "Metres from the commune's centre to the nearest place offering the service (great circle); null when no place offers it.",
  })
  distanceMeters!: number | null;

  @Field(() => Place, { nullable: true, description: 'That nearest place; null when none.' })
  nearestPlace!: Place | null;
}

@ObjectType({
  description:
    'Coverage of a territory by the places offering a service: for each commune, the distance from its centre to the nearest such place (anywhere), and the communes with none within `withinKm`.',
})
export class ServiceCoverage {
  @Field(() => ID, { description: 'Stable identity: `ServiceCoverage:<level>:<code>:<service>:<withinKm>`.' })
  id!: string;

  @Field(() => SERVICES, { description: 'The service.' })
  service!: string;

  @Field(() => Float, { description: 'The distance the communes are checked against, in km.' })
  withinKm!: number;

  @Field(() => Int, { description: 'Communes of the territory.' })
  communes!: number;

  @Field(() => Int, { description: 'Of which without a place offering the service within `withinKm`.' })
  communesWithout!: number;

  @Field(() => Int, { description: 'Their population municipale (INSEE).' })
  populationWithout!: number;

  @Field(() => [CommuneCoverage], { description: 'Every commune of the territory, farthest first.' })
  byCommune!: CommuneCoverage[];
}

const MAX_WITHIN_KM = 200;

interface Row {
  insee_code: string;
  place_id: string | null;
  distance: number | string | null;
}

async function coverage(
  ctx: PlacesContext,
  level: 'epci' | 'departement',
  code: string,
  service: string,
  withinKm: number,
): Promise<ServiceCoverage> {
  if (!Number.isFinite(withinKm) || withinKm <= 0 || withinKm > MAX_WITHIN_KM)
    throw badUserInput('withinKm', `must be above 0 and at most ${MAX_WITHIN_KM}`);
  const column = level === 'epci' ? 'epci_siren' : 'departement_code';
  // The nearest place per commune walks the places' KNN index (place_earth_index) from the commune's centre.
  const rows = await ctx.em.execute<Row[]>(
    `select c.insee_code, n.id as place_id,
       case when n.chord is null then null else 2 * ?::float8 * asin(least(n.chord / 2, 1)) end as distance
     from commune c
     left join lateral (
       select p.id, ${EARTH_CUBE_OF_PLACE} operator(public.<->) ${unitVector('c.centre_latitude', 'c.centre_longitude')} as chord
       from place p
       where p.services @> array[?]::text[] and p.latitude is not null and p.longitude is not null
       order by chord limit 1) n on true
     where c.${column} = ?
     order by distance desc nulls first, c.insee_code`,
    [EARTH_RADIUS_M, service, code],
  );
  const [communes, places] = await Promise.all([
    ctx.loaders.commune.loadMany(rows.map((r) => r.insee_code)),
    ctx.loaders.place.loadMany(rows.filter((r) => r.place_id).map((r) => r.place_id!)),
  ]);
  const placeById = new Map(found(places).map((p) => [p.id, p] as const));
  const within = withinKm * 1000;
  const byCommune = rows.map((r, i) => ({
    id: `CommuneCoverage:${r.insee_code}:${service}`,
    commune: communes[i] as Commune,
    distanceMeters: r.distance === null ? null : Math.round(Number(r.distance)),
    nearestPlace: r.place_id ? (placeById.get(r.place_id) ?? null) : null,
  }));
  const without = byCommune.filter((c) => c.distanceMeters === null || c.distanceMeters > within);
  return {
    id: `ServiceCoverage:${level}:${code}:${service}:${withinKm}`,
    service,
    withinKm,
    communes: byCommune.length,
    communesWithout: without.length,
    populationWithout: without.reduce((acc, c) => acc + c.commune.population, 0),
    byCommune,
  };
}

const COVERAGE = {
  nullable: true,
  description:
    'Coverage by the places offering `service`: distance from each commune to the nearest one, communes with none within `withinKm`. Null, with an error on this path, when an argument is refused.',
};
const SERVICE_ARG = { description: 'The service (national places standard `services`).' };
const WITHIN_ARG = { defaultValue: 10, description: 'Distance in km (above 0, at most 200), default 10.' };

@Resolver(() => Epci)
export class EpciCoverageResolver {
  @FieldResolver(() => ServiceCoverage, COVERAGE)
  serviceCoverage(
    @Root() epci: Epci,
    @Arg('service', () => SERVICES, SERVICE_ARG) service: string,
    @Arg('withinKm', () => Float, WITHIN_ARG) withinKm: number,
    @Ctx() ctx: PlacesContext,
  ): Promise<ServiceCoverage> {
    return coverage(ctx, 'epci', epci.siren, service, withinKm);
  }
}

@Resolver(() => Departement)
export class DepartementCoverageResolver {
  @FieldResolver(() => ServiceCoverage, COVERAGE)
  serviceCoverage(
    @Root() departement: Departement,
    @Arg('service', () => SERVICES, SERVICE_ARG) service: string,
    @Arg('withinKm', () => Float, WITHIN_ARG) withinKm: number,
    @Ctx() ctx: PlacesContext,
  ): Promise<ServiceCoverage> {
    return coverage(ctx, 'departement', departement.code, service, withinKm);
  }
}
