import { Arg, Args, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs, pageRequest, toConnection } from '../../shared/connection';
import { requireAdmin } from '../../../common/auth';
import { badUserInput } from '../../shared/errors';
import { escapeLike, foldForSearch } from '../../shared/text';
import { UUID_PATTERN } from '../../../common/uuid';
import type { PlacesContext } from '../context';
import { Commune } from '../territory/commune.entity';
import { Place } from '../place/place.entity';
import { Organization } from './organization.entity';
import { OrganizationFilter, OrganizationInput } from './organization.input';
import { applyOrganizationInput } from './organization.write';
import { lockedKnownRow } from '../../shared/locked-row';

@ObjectType({ description: 'A page of Organization results, Relay style.' })
export class OrganizationConnection extends Connection('Organization', Organization) {}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: 'An organization by id; null when unknown.' })
  organization(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: PlacesContext,
  ): Promise<Organization | null> {
    return ctx.loaders.organization.load(id);
  }

  @Query(() => OrganizationConnection, { nullable: true, description: 'Organizations ordered by name.' })
  async organizations(
    @Arg('filter', () => OrganizationFilter, {
      nullable: true,
      description: 'Criteria to match; all given must hold. None: everything.',
    })
    filter: OrganizationFilter | undefined,
    @Args() args: PageArgs,
    @Ctx() ctx: PlacesContext,
  ): Promise<OrganizationConnection> {
    const page = pageRequest(args);
    if (filter?.text !== undefined && filter.text.length > 200)
      throw badUserInput('filter.text', 'at most 200 characters');
    const where: Record<string, unknown> = {};
    if (filter?.text?.trim()) where.searchText = { $like: `%${escapeLike(foldForSearch(filter.text))}%` };
    if (filter?.roles?.length) where.roles = { $overlap: filter.roles };
    if (filter?.kinds?.length) where.kind = { $in: filter.kinds };
    if (filter?.conventionSignatory != null) where.conventionSignatory = filter.conventionSignatory;
    if (filter?.inseeCode) where.inseeCode = filter.inseeCode;
    const after = page.after as [string, string] | null;
    const keyset = after
      ? { $or: [{ name: { $gt: after[0] } }, { name: after[0], id: { $gt: after[1] } }] }
      : {};
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(
        Organization,
        { ...where, ...keyset },
        { orderBy: { name: 'asc', id: 'asc' }, limit: page.first + 1 },
      ),
      ctx.em.count(Organization, where),
    ]);
    return toConnection(rows, page, totalCount, (o) => [o.name, o.id]);
  }

  @FieldResolver(() => Commune, { nullable: true, description: 'Head office commune.' })
  commune(@Root() org: Organization, @Ctx() ctx: PlacesContext): Promise<Commune | null> | null {
    return org.inseeCode ? ctx.loaders.commune.load(org.inseeCode) : null;
  }

  @FieldResolver(() => [Place], { description: 'Places this organization runs, by name.' })
  places(@Root() org: Organization, @Ctx() ctx: PlacesContext): Promise<Place[]> {
    return ctx.loaders.placesByOrganization.load(org.id);
  }

  @Mutation(() => Organization, {
    description: 'Creates an organization (admin); BAD_USER_INPUT names any invalid field.',
  })
  createOrganization(
    @Arg('input', () => OrganizationInput, {
      description: 'The new organization: name, kind, and siret or rna, are required.',
    })
    input: OrganizationInput,
    @Ctx() ctx: PlacesContext,
  ): Promise<Organization> {
    requireAdmin(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const org = new Organization();
      await applyOrganizationInput(em, org, input, true);
      em.persist(org);
      return org;
    });
  }

  @Mutation(() => Organization, {
    description: 'Updates the fields given (admin); BAD_USER_INPUT for an unknown id or invalid field.',
  })
  updateOrganization(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Arg('input', () => OrganizationInput, {
      description: 'The fields to change; fields left out stay as they are.',
    })
    input: OrganizationInput,
    @Ctx() ctx: PlacesContext,
  ): Promise<Organization> {
    requireAdmin(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const org = await lockedKnownRow(em, Organization, id, 'organization');
      await applyOrganizationInput(em, org, input, false);
      return org;
    });
  }

  @Mutation(() => Boolean, {
    description:
      'Deletes an organization (admin); its places keep their pivot and lose the link. False when unknown.',
  })
  deleteOrganization(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: PlacesContext,
  ): Promise<boolean> {
    requireAdmin(ctx.viewer);
    if (!UUID_PATTERN.test(id)) return Promise.resolve(false);
    return ctx.em.transactional(async (em) => (await em.nativeDelete(Organization, { id })) > 0);
  }
}
