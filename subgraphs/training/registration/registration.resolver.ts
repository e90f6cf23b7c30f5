import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { providerOf } from '../ownership';
import { requireOrganization, requireWriter } from '../../../common/auth';
import type { TrainingContext } from '../context';
import { TrainingSession } from '../session/training-session.entity';
import { Registration } from './registration.entity';
import { asRegistrationRefusal, cancelRegistration, recordAttendance, register } from './registration.write';

@Resolver(() => Registration)
export class RegistrationResolver {
  @FieldResolver(() => TrainingSession, { description: 'The session the seat is in.' })
  async session(@Root() registration: Registration, @Ctx() ctx: TrainingContext): Promise<TrainingSession> {
    return (await ctx.loaders.session.load(registration.sessionId))!;
  }

  @Mutation(() => Registration, {
    description:
      'Registers a pseudonymous participant to a session. Refused with SESSION_FULL, SESSION_PAST or ALREADY_REGISTERED; never overbooks, even under concurrent requests.',
  })
  async registerForTrainingSession(
    @Arg('sessionId', () => ID, {
      description: 'The session to register to (TrainingSession id), not started yet.',
    })
    sessionId: string,
    @Arg('participantRef', () => String, { description: 'Opaque pseudonym: 4–64 letters, digits or ._:-' })
    participantRef: string,
    @Ctx() ctx: TrainingContext,
  ): Promise<Registration> {
    // Any partner may register a person it accompanies, to any structure's session.
    requireWriter(ctx.viewer);
    try {
      return await ctx.em.transactional((em) => register(em, sessionId, participantRef));
    } catch (error) {
      throw asRegistrationRefusal(error);
    }
  }

  @Mutation(() => Registration, {
    description: 'Cancels a registration and frees its seat; refused once the session has started.',
  })
  cancelTrainingRegistration(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Ctx() ctx: TrainingContext,
  ): Promise<Registration> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      requireOrganization(
        ctx.viewer,
        await providerOf(em, 'registration', id),
        'manage registrations to the sessions',
      );
      return cancelRegistration(em, id);
    });
  }

  @Mutation(() => Registration, {
    description: 'Records whether the participant attended a started session.',
  })
  recordTrainingAttendance(
    @Arg('id', () => ID, { description: 'Identifier of the record.' }) id: string,
    @Arg('attended', () => Boolean, { description: 'true: the participant came; false: they did not.' })
    attended: boolean,
    @Ctx() ctx: TrainingContext,
  ): Promise<Registration> {
    requireWriter(ctx.viewer);
    return ctx.em.transactional(async (em) => {
      requireOrganization(
        ctx.viewer,
        await providerOf(em, 'registration', id),
        'record attendance at the sessions',
      );
      return recordAttendance(em, id, attended);
    });
  }
}
