import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Info,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Connection, pageRequest, toConnection, type Edge } from '../../shared/connection';
import { requireOrganization, requireWriter } from '../../../common/auth';
import { badUserInput } from '../../shared/errors';
import { intFromEnv } from '../../../common/config';
import { isOpenAt } from '../../shared/opening-hours';
import { selectedFieldsAt, selectsField } from '../../shared/selection';
import { DateTimeScalar, JSONObjectScalar } from '../../shared/scalars';
import type { PlacesContext } from '../context';
import { Commune } from '../territory/commune.entity';
import { Organization } from '../organization/organization.entity';
import { Place } from './place.entity';
import { Freshness } from './place.enums';
import { PlaceFilter } from './place.filter';
import { PlaceInput } from './place.input';
import { searchPlaces } from './place.search';
import { validatePlaceFilter } from './search/check';
import { placeSortKey } from './search/sort-key';
import { FEATURE_FIELDS, toFeatureCollection, toStandardRecord } from './place.standard';
import { freshnessOf } from './place.vocabulary';
import { applyPlaceInput } from './place.write';
import { lockedKnownRow, lockedRow } from '../../shared/locked-row';

@ObjectType('PlaceEdge', { description: 'A place in one search result, with what depends on that search.' })
export class PlaceEdge {
  @Field(() => Place, { description: 'The place; what depends on the search is on this edge, not on it.' })
  node!: Place;

  @Field({ description: 'Opaque cursor of this place in this search, for `after`.' })
  cursor!: string;

  @Field(() => Float, {
    nullable: true,
    description:
      'Distance in metres from the `near` point of this search; null without `near`. On the edge, not on `Place`: it depends on the search, and a normalized client cache keeps one `Place` per id.',
  })
  distanceMeters!: number | null;
}

@ObjectType({ description: 'A page of Place results, Relay style.' })
export class PlaceConnection extends Connection('Place', Place, PlaceEdge) {}

const MAP_HINT =
  '; a map asks `placesGeoJson` (same filter, up to GEOJSON_MAX_FEATURES) or pages on with `after`';

/** The page of `places`: PageArgs, with a description that sends map clients to `placesGeoJson`. */
@ArgsType()
export class PlacePageArgs {
  @Field(() => Int, {
    nullable: true,
    description:
      "Page size, default 20: 0 to the server's MAX_PAGE_SIZE (100 unless configured, never above 1000); a larger value is refused with BAD_USER_INPUT on `first`. A map that wants every place of a bounding box at once asks `placesGeoJson` (same filter, up to GEOJSON_MAX_FEATURES, default 2000), or pages on with `after`.",
  })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string;
}

/** Largest GeoJSON answer: GEOJSON_MAX_FEATURES, default 2000, never above 10000. */
const geoJsonMax = () => intFromEnv('GEOJSON_MAX_FEATURES', 2000, 1, 10_000);

@Resolver(() => Place)
export class PlaceResolver {
  @Query(() => Place, { nullable: true, description: 'A place by id; null when unknown.' })
  place(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: PlacesContext,
  ): Promise<Place | null> {
    return ctx.loaders.place.load(id);
  }

  @Query(() => PlaceConnection, {
    nullable: true,
    description:
      'Places matching a filter: by distance with `near` (each edge then carries `distanceMeters`), else by name. Null, with an error on this path, when an argument is refused.',
  })
  async places(
    @Arg('filter', () => PlaceFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: PlaceFilter | undefined,
    @Args() args: PlacePageArgs,
    @Ctx() ctx: PlacesContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PlaceConnection> {
    const page = pageRequest(args, 20, MAP_HINT);
    await validatePlaceFilter(ctx.em, filter);
    // A map or a list page rarely asks for totalCount, and counting scans every match.
    const count = selectsField(info, 'totalCount');
    const fields = selectedFieldsAt(info, ['edges', 'node']) ?? new Set<string>();
    const { rows, totalCount } = await searchPlaces(ctx.em, filter, page, { count, fields });
    // Unselected, the count is never serialized.
    const connection = toConnection(rows, page, totalCount ?? 0, (p) => placeSortKey(p, filter));
    for (const edge of connection.edges as (Edge<Place> & { distanceMeters?: number | null })[])
      edge.distanceMeters = edge.node.distanceMeters ?? null;
    return connection;
  }

  @Query(() => JSONObjectScalar, {
    nullable: true,
    description:
      'The same search as `places`, as one GeoJSON FeatureCollection for map clients (up to `limit` features, no paging; near a point each feature has `properties.distanceMeters`). Null, with an error on this path, when an argument is refused.',
  })
  async placesGeoJson(
    @Arg('filter', () => PlaceFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: PlaceFilter | undefined,
    @Arg('limit', () => Int, {
      nullable: true,
      description: 'At most GEOJSON_MAX_FEATURES (default 2000). Default 500.',
    })
    limit: number | undefined,
    @Ctx() ctx: PlacesContext,
  ) {
    const max = geoJsonMax();
    const first = limit ?? Math.min(500, max);
    if (!Number.isInteger(first) || first < 0 || first > max)
      throw badUserInput('limit', `must be between 0 and ${max}`);
    await validatePlaceFilter(ctx.em, filter);
    const { rows, totalCount } = await searchPlaces(
      ctx.em,
      filter,
      { first, after: null },
      { fields: FEATURE_FIELDS },
    );
    return toFeatureCollection(rows.slice(0, first), totalCount!);
  }

  @FieldResolver(() => Commune, { nullable: true, description: 'The commune of `code_insee`.' })
  commune(@Root() place: Place, @Ctx() ctx: PlacesContext): Promise<Commune | null> {
    return ctx.loaders.commune.load(place.inseeCode);
  }

  @FieldResolver(() => Organization, {
    nullable: true,
    description: 'The structure of `pivot`, when it is registered.',
  })
  organization(@Root() place: Place, @Ctx() ctx: PlacesContext): Promise<Organization | null> | null {
    return place.organizationId ? ctx.loaders.organization.load(place.organizationId) : null;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Open right now (Europe/Paris); null without valid opening hours.',
  })
  openNow(@Root() place: Place): boolean | null {
    return isOpenAt(place.openingHours, new Date());
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'Open at an instant (Europe/Paris); null without valid opening hours.',
  })
  isOpenAt(
    @Root() place: Place,
    @Arg('at', () => DateTimeScalar, { description: 'The instant to check (ISO 8601, any offset).' })
    at: Date,
  ): boolean | null {
    return isOpenAt(place.openingHours, at);
  }

  @FieldResolver(() => Freshness, {
    description: 'From `date_maj`: FRESH, TO_CHECK (12–18 months), TO_UPDATE (> 18 months).',
  })
  freshness(@Root() place: Place): Freshness {
    return freshnessOf(place.updatedOn);
  }

  @FieldResolver(() => JSONObjectScalar, {
    description: 'This place as a record of the national standard v1.0.2.',
  })
  standardRecord(@Root() place: Place) {
    return toStandardRecord(place);
  }

  @Mutation(() => Place, {
    description: 'Creates a place; BAD_USER_INPUT names any invalid field and nothing is written.',
  })
  createPlace(
    @Arg('input', () => PlaceInput, {
      description:
        'The new place: name, address, postalCode, inseeCode, and pivot or organizationId, are required.',
    })
    input: PlaceInput,
    @Ctx() ctx: PlacesContext,
  ): Promise<Place> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const place = new Place();
      await applyPlaceInput(em, place, input, true);
      requireOrganization(ctx.viewer, place.organizationId, 'create places');
      em.persist(place);
      return place;
    });
  }

  @Mutation(() => Place, {
    description: 'Updates the fields given; BAD_USER_INPUT for an unknown id or invalid field.',
  })
  updatePlace(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Arg('input', () => PlaceInput, {
      description: 'The fields to change; fields left out stay as they are, null clears an optional one.',
    })
    input: PlaceInput,
    @Ctx() ctx: PlacesContext,
  ): Promise<Place> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const place = await lockedKnownRow(em, Place, id, 'place');
      requireOrganization(ctx.viewer, place.organizationId, 'update places');
      await applyPlaceInput(em, place, input, false);
      // A partner cannot hand its place over to another organization.
      requireOrganization(ctx.viewer, place.organizationId, 'move places');
      return place;
    });
  }

  @Mutation(() => Boolean, {
    description: 'Deletes a place (admin, or a partner on its own places); false when it does not exist.',
  })
  async deletePlace(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: PlacesContext,
  ): Promise<boolean> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const place = await lockedRow(em, Place, id);
      if (!place) return false;
      requireOrganization(ctx.viewer, place.organizationId, 'delete places');
      await em.nativeDelete(Place, { id });
      return true;
    });
  }
}
