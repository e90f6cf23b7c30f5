import { calendarDate } from '../../shared/calendar-date';
import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Importable } from '../lacoop/provenance';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../shared/scalars';
import {
  ActivityAutonomy,
  ActivityEquipment,
  ActivityLocationType,
  ActivityType,
  ActivityTheme,
  ParticipantSocialStatus,
  WorkshopLevel,
} from '../vocabulary';
import { ParticipantAgeBand } from '../../shared/age-band';

/**
 * One record of the national activity report (CRA): anonymous by construction, it has no column for a
 * beneficiary's name or contact, only an age band, a social status and a commune.
 */
@Entity({ tableName: 'activity' })
@ObjectType({ description: 'An anonymous record of help given (the national activity report, CRA).' })
export class Activity extends Importable {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier of this report (a UUID), assigned by the hub.' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  personId!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => ActivityLocationType, {
    description: 'Where the help took place (national code `type_lieu`).',
  })
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
  @Field(() => DateScalar, { description: 'Day the help took place (Europe/Paris).' })
  date!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => ActivityType, {
    description: 'Individual help, administrative procedure or collective workshop (national code `type`).',
  })
  type!: ActivityType;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'How long the help lasted, in minutes.' })
  durationMinutes!: number;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [ActivityTheme], {
    description: 'What the help was about: one or more national mediation themes, without repeats.',
  })
  themes: ActivityTheme[] = [];

  @Property({ type: 'integer' })
  @Field(() => Int, { description: '1 for individual help; the attendance of a collective workshop.' })
  participantsCount: number = 1;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [ActivityEquipment], {
    description: 'Equipment used during the help (national code `materiel`); empty when not reported.',
  })
  equipment: ActivityEquipment[] = [];

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => ActivityAutonomy, {
    nullable: true,
    description: 'How autonomous the participant was (individual help only).',
  })
  autonomy?: ActivityAutonomy | null;

  @Property({ type: 'string', length: 16, nullable: true })
  @Field(() => WorkshopLevel, { nullable: true, description: 'For a collective workshop.' })
  workshopLevel?: WorkshopLevel | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => ParticipantAgeBand, {
    nullable: true,
    description: 'Age band of the participant (individual help); never a birth date.',
  })
  participantAgeBand?: ParticipantAgeBand | null;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => ParticipantSocialStatus, {
    nullable: true,
    description: 'Social status of the participant (individual help).',
  })
  participantSocialStatus?: ParticipantSocialStatus | null;

  @Property({ type: 'string', length: 5, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'INSEE code of the participant’s commune of residence.',
  })
  participantInseeCode?: string | null;

  /** The La Coop structure of help at a place the hub has not matched to one of its places yet. */
  @Property({ type: 'uuid', nullable: true })
  upstreamStructureId?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, {
    description: 'When the report was recorded in the hub (or first imported).',
  })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, { description: 'When the report was last changed in the hub.' })
  updatedAt: Date = new Date();
}
