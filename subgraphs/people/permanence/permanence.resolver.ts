import { requireHosting } from '../../shared/hosting';
import { requireOrganization, requireWriter } from '../../../common/auth';
import { employerOf } from '../ownership';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { UUID_PATTERN } from '../../../common/uuid';
import { isOpenAt } from '../../shared/opening-hours';
import { DateTimeScalar } from '../../shared/scalars';
import type { PeopleContext } from '../context';
import { PlaceRef } from '../federation/stubs';
import { Person } from '../person/person.entity';
import { Permanence } from './permanence.entity';
import { PermanenceInput } from './permanence.input';
import { applyPermanenceInput } from './permanence.write';
import { lockedKnownRow, lockedRow } from '../../shared/locked-row';

@Resolver(() => Permanence)
export class PermanenceResolver {
  @FieldResolver(() => Person, {
    nullable: true,
    description: 'Who is present (first name and role for the public); null only if that record is gone.',
  })
  person(@Root() permanence: Permanence, @Ctx() ctx: PeopleContext): Promise<Person | null> {
    return ctx.loaders.person.load(permanence.personId);
  }

  @FieldResolver(() => PlaceRef, {
    nullable: true,
    description:
      'Where it is held. Null, with an error on this path, when the places subgraph fails or does not know it.',
  })
  place(@Root() permanence: Permanence): PlaceRef {
    return { id: permanence.placeId };
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'The person is there now (Europe/Paris).' })
  presentNow(@Root() permanence: Permanence): boolean | null {
    return isOpenAt(permanence.openingHours, new Date());
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'The person is there at an instant (Europe/Paris).',
  })
  presentAt(
    @Root() permanence: Permanence,
    @Arg('at', () => DateTimeScalar, { description: 'The instant to check (ISO 8601, any offset).' })
    at: Date,
  ): boolean | null {
    return isOpenAt(permanence.openingHours, at);
  }

  @Mutation(() => Permanence, {
    description: 'Creates a permanence; BAD_USER_INPUT names any invalid field.',
  })
  async createPermanence(
    @Arg('input', () => PermanenceInput, {
      description: 'The person, the place and the schedule (all three required), and an optional note.',
    })
    input: PermanenceInput,
    @Ctx() ctx: PeopleContext,
  ): Promise<Permanence> {
    requireWriter(ctx.viewer);
    // Authorization before validation: a refusal reveals nothing of what exists (another org's permanences).
    requireOrganization(
      ctx.viewer,
      await employerOf(ctx.em, input.personId),
      'schedule permanences of the staff',
    );
    await requireHosting(ctx.viewer, ctx.authorization, input.placeId, 'schedule permanences of its staff');
    return ctx.em.transactional(async (em) => {
      const permanence = new Permanence();
      await applyPermanenceInput(em, permanence, input, true);
      requireOrganization(
        ctx.viewer,
        await employerOf(em, permanence.personId),
        'schedule permanences of the staff',
      );
      em.persist(permanence);
      return permanence;
    });
  }

  @Mutation(() => Permanence, {
    description: 'Updates the fields given; BAD_USER_INPUT for an unknown id or invalid field.',
  })
  async updatePermanence(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Arg('input', () => PermanenceInput, {
      description: 'The fields to change; fields left out stay as they are.',
    })
    input: PermanenceInput,
    @Ctx() ctx: PeopleContext,
  ): Promise<Permanence> {
    requireWriter(ctx.viewer);
    if (ctx.viewer.role === 'partner') {
      const current = UUID_PATTERN.test(id) ? await ctx.em.findOne(Permanence, { id }) : null;
      requireOrganization(
        ctx.viewer,
        await employerOf(ctx.em, current?.personId),
        'update permanences of the staff',
      );
      if (input.personId != null)
        requireOrganization(
          ctx.viewer,
          await employerOf(ctx.em, input.personId),
          'move permanences to the staff',
        );
      await requireHosting(ctx.viewer, ctx.authorization, input.placeId, 'schedule permanences of its staff');
    }
    return ctx.em.transactional(async (em) => {
      const permanence = await lockedKnownRow(em, Permanence, id, 'permanence');
      requireOrganization(
        ctx.viewer,
        await employerOf(em, permanence.personId),
        'update permanences of the staff',
      );
      await applyPermanenceInput(em, permanence, input, false);
      requireOrganization(
        ctx.viewer,
        await employerOf(em, permanence.personId),
        'move permanences to the staff',
      );
      return permanence;
    });
  }

  @Mutation(() => Boolean, { description: 'Deletes a permanence; false when it does not exist.' })
  async deletePermanence(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: PeopleContext,
  ): Promise<boolean> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      const permanence = await lockedRow(em, Permanence, id);
      if (!permanence) return false;
      requireOrganization(
        ctx.viewer,
        await employerOf(em, permanence.personId),
        'delete permanences of the staff',
      );
      await em.nativeDelete(Permanence, { id });
      return true;
    });
  }
}
