import { calendarDate } from '../../shared/calendar-date';
import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import {
  ActivityAutonomy,
  ActivityEquipment,
  ActivityLocationType,
  ActivityType,
  ActivityTheme,
  ParticipantAgeBand,
  ParticipantSocialStatus,
  WorkshopLevel,
} from '../vocabulary';

/**
 * One record of the national activity report (CRA): anonymous by construction, it has no column for a
 * beneficiary's name or contact, only an age band, a social status and a commune.
 */
@Entity({ tableName: 'activity' })
@ObjectType({ description: 'An anonymous record of help given (the national activity report, CRA).' })
export class Activity {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  personId!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => ActivityLocationType)
  locationType!: ActivityLocationType;

  @Property({ type: 'uuid', nullable: true })
  placeId?: string | null;

  @Property({ type: 'string', length: 5 })
  @Field({
    description:
      'INSEE code of the commune where the help took place; for remote or home help, the participant’s commune.',
  })
  inseeCode!: string;

  @Property(calendarDate())
  @Field(() => DateScalar)
  date!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => ActivityType)
  type!: ActivityType;

  @Property({ type: 'integer' })
  @Field(() => Int)
  durationMinutes!: number;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [ActivityTheme])
  themes: ActivityTheme[] = [];

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '1 for individual help; the attendance of a collective workshop.' })
  participantsCount: number = 1;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [ActivityEquipment])
  equipment: ActivityEquipment[] = [];

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => ActivityAutonomy, { nullable: true })
  autonomy?: ActivityAutonomy | null;

  @Property({ type: 'string', length: 16, nullable: true })
  @Field(() => WorkshopLevel, { nullable: true, description: 'For a collective workshop.' })
  workshopLevel?: WorkshopLevel | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => ParticipantAgeBand, { nullable: true })
  participantAgeBand?: ParticipantAgeBand | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => ParticipantSocialStatus, { nullable: true })
  participantSocialStatus?: ParticipantSocialStatus | null;

  @Property({ type: 'string', length: 5, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'INSEE code of the participant’s commune of residence.',
  })
  participantInseeCode?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar)
  updatedAt: Date = new Date();
}
