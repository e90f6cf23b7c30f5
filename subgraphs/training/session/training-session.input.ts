import { NearInput } from '../../shared/geography';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { TrainingFormat, TrainingTheme } from '../offer/training-offer.enums';

/**
 * Fields of createTrainingSession (offer, start, end, capacity, and a place or an online link required)
 * and updateTrainingSession (fields given change). With a place, give its commune's INSEE code and its
 * coordinates: the session keeps a copy for territory and distance searches.
 */
@InputType({
  description:
    'Fields of createTrainingSession (offerId, startsAt, endsAt, capacity, and a place or an online link required) and updateTrainingSession (only the fields given change). With a place, give its commune’s INSEE code and coordinates: the session keeps a copy for territory and distance searches.',
})
export class TrainingSessionInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The offer this session runs (TrainingOffer id); required on create.',
  })
  offerId?: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Start instant (ISO 8601 with offset); required on create.',
  })
  startsAt?: Date | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'End instant, after startsAt and at most 14 days later; required on create.',
  })
  endsAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'Place id; null for an online-only session.' })
  placeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "INSEE code of the place's commune (required with a place).",
  })
  inseeCode?: string | null;

  @Field(() => Float, { nullable: true, description: "The place's latitude (WGS84)." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "The place's longitude (WGS84)." })
  longitude?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'http(s) link to join online. At most 2000 characters.',
  })
  onlineUrl?: string | null;

  @Field(() => ID, { nullable: true, description: 'Person id of the trainer.' })
  trainerId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Seats offered, 1 to 10000.' })
  capacity?: number | null;
}

@InputType({ description: 'Filters of the training sessions list; all combine with AND.' })
export class TrainingSessionFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Starting at or after this instant.' })
  from?: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Starting before this instant.' })
  to?: Date;

  @Field(() => [ID], { nullable: true, description: 'Of any of these offers (TrainingOffer ids).' })
  offerIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'At any of these places (Place ids).' })
  placeIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Led by any of these trainers (Person ids).' })
  trainerIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'At a place in any of these communes (INSEE codes).',
  })
  inseeCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'At a place in any of these EPCIs (SIREN).' })
  epciSirens?: string[];

  @Field(() => NearInput, { nullable: true, description: 'At a place within a radius of a point.' })
  near?: NearInput;

  @Field(() => Boolean, { nullable: true, description: 'true: seats left; false: full.' })
  hasSeats?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Of an offer the Pass numérique pays for (or not).' })
  passNumeriqueEligible?: boolean;

  @Field(() => [TrainingFormat], { nullable: true, description: 'Of an offer in any of these formats.' })
  formats?: TrainingFormat[];

  @Field(() => [TrainingTheme], { nullable: true, description: 'Of an offer covering any of these themes.' })
  themes?: TrainingTheme[];
}
