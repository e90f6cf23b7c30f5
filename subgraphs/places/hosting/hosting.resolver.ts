import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requireOrganization, requireWriter } from '../../../common/auth';
import { badUserInput } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import type { PlacesContext } from '../context';
import { Organization } from '../organization/organization.entity';
import { Place } from '../place/place.entity';
import { PlaceHost } from './place-host.entity';
import { found } from '../../shared/loaders';

/** The hosting rule (DESIGN.md 5): a partner posts its staff or sessions at another organization's place only where that organization agreed. */
@Resolver(() => Place)
export class PlaceHostingResolver {
  @FieldResolver(() => [Organization], {
    description:
      "Organizations the place's owner agreed to host: their staff's permanences and their training sessions may be set here.",
  })
  async hostedOrganizations(@Root() place: Place, @Ctx() ctx: PlacesContext): Promise<Organization[]> {
    const hosts = await ctx.loaders.hostsByPlace.load(place.id);
    return found(await ctx.loaders.organization.loadMany(hosts.map((h) => h.organizationId)));
  }

  @FieldResolver(() => Boolean, {
    description:
      "Whether this organization may set permanences of its staff or training sessions here: it runs the place, or the place's owner hosts it.",
  })
  async hosts(
    @Root() place: Place,
    @Arg('organizationId', () => ID, { description: 'The organization asking to post here.' })
    organizationId: string,
    @Ctx() ctx: PlacesContext,
  ): Promise<boolean> {
    if (place.organizationId && place.organizationId === organizationId) return true;
    const hosts = await ctx.loaders.hostsByPlace.load(place.id);
    return hosts.some((h) => h.organizationId === organizationId);
  }

  @Mutation(() => Place, {
    description:
      "Sets the organizations a place hosts (replacing the list): by the place's owner or an admin. At most 100 items.",
  })
  async setPlaceHosts(
    @Arg('placeId', () => ID, { description: 'The place (owned by the caller’s organization).' })
    placeId: string,
    @Arg('organizationIds', () => [ID], {
      description: 'The hosted organizations (Organization ids). At most 100 items.',
    })
    organizationIds: string[],
    @Ctx() ctx: PlacesContext,
  ): Promise<Place> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const place = UUID_PATTERN.test(placeId) ? await em.findOne(Place, { id: placeId }) : null;
      // Authorization before validation: an admin hears "unknown place", a partner only that it may not.
      requireOrganization(ctx.viewer, place?.organizationId, 'manage the hosting of the places');
      if (!place) throw badUserInput('placeId', 'unknown place');
      const ids = [...new Set(organizationIds)];
      if (ids.length > 100) throw badUserInput('organizationIds', 'at most 100 items');
      if (ids.some((id) => !UUID_PATTERN.test(id)))
        throw badUserInput('organizationIds', 'not organization ids');
      const known = await em.count(Organization, { id: { $in: ids } });
      if (known !== ids.length) throw badUserInput('organizationIds', 'unknown organization');
      await em.nativeDelete(PlaceHost, { placeId });
      for (const organizationId of ids)
        em.persist(Object.assign(new PlaceHost(), { placeId, organizationId }));
      return place;
    });
  }
}
