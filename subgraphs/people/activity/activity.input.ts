import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../shared/scalars';
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

/** One activity report. Validated by `checkActivityInput`, so that problems name their field. */
@InputType({
  description:
    'One activity report (CRA) to record: who helped, where, when, how long, on what themes, and the anonymous participant profile. Never a beneficiary’s name.',
})
export class ActivityInput {
  @Field(() => ID, { description: 'Id of the conseiller or aidant who gave the help.' })
  personId!: string;

  @Field(() => ActivityLocationType, {
    description: 'Where the help took place; LIEU_ACTIVITE requires placeId and inseeCode.',
  })
  locationType!: ActivityLocationType;

  @Field(() => ID, {
    nullable: true,
    description: 'Place id; given exactly when locationType is LIEU_ACTIVITE.',
  })
  placeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'INSEE code of the commune where the help took place (the place’s commune). May be left out for remote or home help: the participant’s commune is used.',
  })
  inseeCode?: string | null;

  @Field(() => String, { description: 'YYYY-MM-DD, not in the future.' })
  date!: string;

  @Field(() => ActivityType, {
    description: 'Individual help, administrative procedure or collective workshop (COLLECTIF).',
  })
  type!: ActivityType;

  @Field(() => Int, { description: '1 to 720.' })
  durationMinutes!: number;

  @Field(() => [ActivityTheme], { description: 'At least one.' })
  themes!: ActivityTheme[];

  @Field(() => Int, {
    nullable: true,
    description: '1 for individual help (the default); 1 to 500 for a workshop.',
  })
  participantsCount?: number | null;

  @Field(() => [ActivityEquipment], {
    nullable: true,
    description: 'Equipment used; left out when not reported. AUCUN excludes any other value.',
  })
  equipment?: ActivityEquipment[] | null;

  @Field(() => ActivityAutonomy, {
    nullable: true,
    description: 'How autonomous the participant was at the end; left out when not assessed.',
  })
  autonomy?: ActivityAutonomy | null;

  @Field(() => WorkshopLevel, { nullable: true, description: 'Only for a collective workshop.' })
  workshopLevel?: WorkshopLevel | null;

  @Field(() => ParticipantAgeBand, {
    nullable: true,
    description: 'Age band of the participant (never a birth date); left out when unknown or for a group.',
  })
  participantAgeBand?: ParticipantAgeBand | null;

  @Field(() => ParticipantSocialStatus, {
    nullable: true,
    description: 'Social status of the participant; left out when unknown or for a group.',
  })
  participantSocialStatus?: ParticipantSocialStatus | null;

  @Field(() => String, {
    nullable: true,
    description: 'INSEE code of the participant’s commune of residence.',
  })
  participantInseeCode?: string | null;
}

@InputType({ description: 'Filters of the activities list; all combine with AND.' })
export class ActivityFilter {
  @Field(() => ID, { nullable: true, description: 'Given by this person (conseiller or aidant id).' })
  personId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Given at this place (place id); excludes remote and home help.',
  })
  placeId?: string;

  @Field(() => DateScalar, { nullable: true, description: 'From this day (included).' })
  from?: Date;

  @Field(() => DateScalar, { nullable: true, description: 'To this day (included).' })
  to?: Date;

  @Field(() => ActivityTheme, { nullable: true, description: 'Having this theme.' })
  theme?: ActivityTheme;

  @Field(() => [ActivityType], { nullable: true, description: 'Of any of these types.' })
  types?: ActivityType[];

  @Field(() => String, { nullable: true, description: 'Taking place in this commune (INSEE code).' })
  inseeCode?: string;
}
