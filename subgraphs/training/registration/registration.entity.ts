import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { PersonalData } from '../../shared/personal-data';

export enum RegistrationStatus {
  REGISTERED = 'REGISTERED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(RegistrationStatus, {
  name: 'TrainingRegistrationStatus',
  description:
    'Status of a registration (value descriptions: French labels, the hub’s own wording): REGISTERED holds a seat; CANCELLED freed it.',
  valuesConfig: {
    REGISTERED: { description: 'Inscription confirmée' },
    CANCELLED: { description: 'Inscription annulée' },
  },
});

/** A pseudonymous participant's seat in a session: an opaque reference, never a name. */
@Entity({ tableName: 'registration' })
@ObjectType('TrainingRegistration', { description: 'A pseudonymous participant registered to a session.' })
export class Registration {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier of the registration (a UUID).' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  sessionId!: string;

  @Property({ type: 'text' })
  @PersonalData()
  @Field(() => String, {
    nullable: true,
    description:
      'Opaque pseudonymous reference of the participant, chosen by the registering structure (admin only).',
  })
  participantRef!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => RegistrationStatus, {
    description: 'Whether the seat is held (REGISTERED) or was freed (CANCELLED).',
  })
  status: RegistrationStatus = RegistrationStatus.REGISTERED;

  @Property({ type: 'boolean', nullable: true })
  @Field(() => Boolean, { nullable: true, description: 'Attended the session; null until recorded.' })
  attended?: boolean | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the participant was registered.' })
  registeredAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it was cancelled; null while it holds a seat.',
  })
  cancelledAt?: Date | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, {
    description: 'When the registration row was created (same as registeredAt).',
  })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, { description: 'When it last changed: cancelled or attendance recorded.' })
  updatedAt: Date = new Date();
}
