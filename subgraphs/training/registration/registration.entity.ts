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
  description: 'REGISTERED holds a seat; CANCELLED freed it.',
});

/** A pseudonymous participant's seat in a session: an opaque reference, never a name. */
@Entity({ tableName: 'registration' })
@ObjectType('TrainingRegistration', { description: 'A pseudonymous participant registered to a session.' })
export class Registration {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
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
  @Field(() => RegistrationStatus)
  status: RegistrationStatus = RegistrationStatus.REGISTERED;

  @Property({ type: 'boolean', nullable: true })
  @Field(() => Boolean, { nullable: true, description: 'Attended the session; null until recorded.' })
  attended?: boolean | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar)
  registeredAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true })
  cancelledAt?: Date | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar)
  updatedAt: Date = new Date();
}
