import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, LatitudeScalar, LongitudeScalar, URLScalar } from '../../shared/scalars';

/**
 * An offer at a date and time, at a place or online. The place's INSEE code and coordinates are copied
 * here when the session is created, so territory and distance filters never read the places subgraph.
 */
@Entity({ tableName: 'training_session' })
@ObjectType({ description: 'A training offer at a date and time, at a place or online.' })
@Directive('@key(fields: "id")')
export class TrainingSession {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  offerId!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the session starts.' })
  startsAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the session ends.' })
  endsAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  placeId?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => URLScalar, { nullable: true, description: 'Link to join online (remote or hybrid sessions).' })
  onlineUrl?: string | null;

  @Property({ type: 'string', length: 5, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "INSEE code of the place's commune, as given when the session was created; null online.",
  })
  inseeCode?: string | null;

  @Property({ type: 'double', nullable: true })
  @Field(() => LatitudeScalar, { nullable: true, description: "The place's latitude (WGS84), as given." })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  @Field(() => LongitudeScalar, { nullable: true, description: "The place's longitude (WGS84), as given." })
  longitude?: number | null;

  @Property({ type: 'uuid', nullable: true })
  trainerId?: string | null;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Seats offered.' })
  capacity!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Active registrations (cancelled ones excluded).' })
  registrationsCount: number = 0;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the session was created in the hub.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, {
    description: 'When it last changed in the hub, registrations included (they update its count).',
  })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Seats still free: capacity minus active registrations, never negative.' })
  get seatsLeft(): number {
    return Math.max(0, this.capacity - this.registrationsCount);
  }
}
