import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { TrainingFormat, TrainingLevel, TrainingPublic, TrainingTheme } from './training-offer.enums';

/** A training offer of a labelled structure, or of a programme such as the Jeudis de l'inclusion numérique. */
@Entity({ tableName: 'training_offer' })
@ObjectType({ description: 'A training offer: what is taught, to whom, by which structure, at what price.' })
@Directive('@key(fields: "id")')
export class TrainingOffer {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier of the offer (a UUID).' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  @Field({ description: 'Title of the offer, as its provider publishes it.' })
  title!: string;

  @Property({ type: 'text' })
  @Field({ description: 'What the offer teaches and how, in the provider’s words.' })
  description!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [TrainingTheme], { description: 'What the training covers: one or more mediation themes.' })
  themes: TrainingTheme[] = [];

  @Property({ type: 'string', length: 16 })
  @Field(() => TrainingLevel, { description: 'Level the offer is meant for.' })
  level!: TrainingLevel;

  @Property({ type: 'string', length: 16 })
  @Field(() => TrainingFormat, { description: 'On site, remote, podcast or hybrid.' })
  format!: TrainingFormat;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Duration of the training in minutes.' })
  durationMinutes!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Price per participant in euro cents; 0 when free.' })
  priceCents!: number;

  @Property({ type: 'boolean' })
  @Field({ description: 'The Pass numérique pays for it.' })
  passNumeriqueEligible: boolean = false;

  @Index()
  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [TrainingPublic], {
    description: 'Publics the offer is designed for; empty when it is open to everyone.',
  })
  targetPublics: TrainingPublic[] = [];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Programme it belongs to, e.g. "Les Jeudis de l\'inclusion numérique".',
  })
  programme?: string | null;

  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the offer was created in the hub.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, { description: 'When any of its fields last changed in the hub.' })
  updatedAt: Date = new Date();
}
