import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { isOpenAt } from '../../shared/opening-hours';
import { DateTimeScalar } from '../../shared/scalars';
import type { PeopleContext } from '../context';
import { Permanence } from '../permanence/permanence.entity';
import { Person } from '../person/person.entity';
import { OrganizationRef, PlaceRef } from './stubs';

/** Fields this subgraph adds to Place; each batch of places costs a fixed number of statements. */
@Resolver(() => PlaceRef)
export class PlaceExtensionResolver {
  @FieldResolver(() => [Permanence], {
    nullable: true,
    description:
      'Permanences held here; with `at`, only those where the person is present at that instant. Null, with an error on this path, when the people subgraph fails.',
  })
  async permanences(
    @Root() place: PlaceRef,
    @Arg('at', () => DateTimeScalar, {
      nullable: true,
      description: 'An instant (ISO 8601); its schedule is read in Europe/Paris. Left out: every permanence.',
    })
    at: Date | undefined,
    @Ctx() ctx: PeopleContext,
  ): Promise<Permanence[]> {
    const permanences = await ctx.loaders.permanencesByPlace.load(place.id);
    return at ? permanences.filter((p) => isOpenAt(p.openingHours, at)) : permanences;
  }

  @FieldResolver(() => [Person], {
    nullable: true,
    description:
      'Conseillers numériques holding a permanence here, by first name. Null, with an error on this path, when the people subgraph fails.',
  })
  conseillers(@Root() place: PlaceRef, @Ctx() ctx: PeopleContext): Promise<Person[]> {
    return ctx.loaders.conseillersByPlace.load(place.id);
  }
}

@Resolver(() => OrganizationRef)
export class OrganizationExtensionResolver {
  @FieldResolver(() => [Person], {
    nullable: true,
    description:
      'People this organization employs, by first name. Null, with an error on this path, when the people subgraph fails.',
  })
  staff(@Root() organization: OrganizationRef, @Ctx() ctx: PeopleContext): Promise<Person[]> {
    return ctx.loaders.staffByOrganization.load(organization.id);
  }
}
