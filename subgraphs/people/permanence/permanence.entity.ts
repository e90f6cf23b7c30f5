import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';

/** A person present at a place on a weekly schedule: where and when to meet a conseiller or an aidant. */
@Entity({ tableName: 'permanence' })
@ObjectType({ description: 'A person present at a place on a schedule (OSM `opening_hours`, Europe/Paris).' })
export class Permanence {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier of the permanence (a UUID).' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  personId!: string;

  @Index()
  @Property({ type: 'uuid' })
  placeId!: string;

  @Property({ type: 'text' })
  @Field({ description: 'When the person is there, in OpenStreetMap `opening_hours` syntax.' })
  openingHours!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'A public note, e.g. "sur rendez-vous".' })
  note?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the permanence was created in the hub.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, { description: 'When its schedule, place or note last changed.' })
  updatedAt: Date = new Date();
}
