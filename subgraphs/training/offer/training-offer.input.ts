import { Field, ID, InputType, Int } from 'type-graphql';
import { TrainingFormat, TrainingLevel, TrainingPublic, TrainingTheme } from './training-offer.enums';

/** Fields of createTrainingOffer (title, description, themes, level, format, duration, price, provider required) and updateTrainingOffer (fields given change). */
@InputType()
export class TrainingOfferInput {
  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  title?: string | null;

  @Field(() => String, { description: 'At most 5000 characters.', nullable: true })
  description?: string | null;

  @Field(() => [TrainingTheme], { nullable: true, description: 'At least one.' })
  themes?: TrainingTheme[] | null;

  @Field(() => TrainingLevel, { nullable: true })
  level?: TrainingLevel | null;

  @Field(() => TrainingFormat, { nullable: true })
  format?: TrainingFormat | null;

  @Field(() => Int, { nullable: true, description: 'Minutes, 1 to 100000.' })
  durationMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'Euro cents per participant; 0 when free.' })
  priceCents?: number | null;

  @Field(() => Boolean, { nullable: true })
  passNumeriqueEligible?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Organization id of the provider.' })
  providerId?: string | null;

  @Field(() => [TrainingPublic], { nullable: true })
  targetPublics?: TrainingPublic[] | null;

  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  programme?: string | null;
}

@InputType({ description: 'Filters of the training offers list; all combine with AND.' })
export class TrainingOfferFilter {
  @Field(() => [TrainingTheme], { nullable: true, description: 'Covering any of these themes.' })
  themes?: TrainingTheme[];

  @Field(() => [TrainingLevel], { nullable: true })
  levels?: TrainingLevel[];

  @Field(() => [TrainingFormat], { nullable: true })
  formats?: TrainingFormat[];

  @Field(() => [ID], { nullable: true, description: 'Provided by any of these organizations.' })
  providerIds?: string[];

  @Field(() => Boolean, { nullable: true })
  passNumeriqueEligible?: boolean;

  @Field(() => String, { nullable: true })
  programme?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Words of the title, description or programme; accent- and case-insensitive.',
  })
  text?: string;
}
