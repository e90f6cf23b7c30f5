import { Field, ID, InputType, Int } from 'type-graphql';
import { TrainingFormat, TrainingLevel, TrainingPublic, TrainingTheme } from './training-offer.enums';

/** Fields of createTrainingOffer (title, description, themes, level, format, duration, price, provider required) and updateTrainingOffer (fields given change). */
@InputType({
  description:
    'Fields of createTrainingOffer (all but passNumeriqueEligible, targetPublics and programme required) and updateTrainingOffer (only the fields given change).',
})
export class TrainingOfferInput {
  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  title?: string | null;

  @Field(() => String, { description: 'At most 5000 characters.', nullable: true })
  description?: string | null;

  @Field(() => [TrainingTheme], { nullable: true, description: 'At least one.' })
  themes?: TrainingTheme[] | null;

  @Field(() => TrainingLevel, {
    nullable: true,
    description: 'Level the offer is meant for; required on create.',
  })
  level?: TrainingLevel | null;

  @Field(() => TrainingFormat, {
    nullable: true,
    description: 'On site, remote, podcast or hybrid; required on create.',
  })
  format?: TrainingFormat | null;

  @Field(() => Int, { nullable: true, description: 'Minutes, 1 to 100000.' })
  durationMinutes?: number | null;

  @Field(() => Int, { nullable: true, description: 'Euro cents per participant; 0 when free.' })
  priceCents?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether Pass numérique cheques pay for it (false when left out on create).',
  })
  passNumeriqueEligible?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Organization id of the provider.' })
  providerId?: string | null;

  @Field(() => [TrainingPublic], {
    nullable: true,
    description: 'Publics it is designed for, replacing the current list; empty for everyone.',
  })
  targetPublics?: TrainingPublic[] | null;

  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  programme?: string | null;
}

@InputType({ description: 'Filters of the training offers list; all combine with AND.' })
export class TrainingOfferFilter {
  @Field(() => [TrainingTheme], { nullable: true, description: 'Covering any of these themes.' })
  themes?: TrainingTheme[];

  @Field(() => [TrainingLevel], { nullable: true, description: 'At any of these levels.' })
  levels?: TrainingLevel[];

  @Field(() => [TrainingFormat], { nullable: true, description: 'In any of these formats.' })
  formats?: TrainingFormat[];

  @Field(() => [ID], { nullable: true, description: 'Provided by any of these organizations.' })
  providerIds?: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only offers the Pass numérique pays for; false: only the others.',
  })
  passNumeriqueEligible?: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Belonging to this programme, written exactly (e.g. "Les Jeudis de l\'inclusion numérique").',
  })
  programme?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Words of the title, description or programme; accent- and case-insensitive.',
  })
  text?: string;
}
