import { Field, ID, InputType } from 'type-graphql';

/** Fields of createPermanence (person, place and schedule required) and updatePermanence. */
@InputType({
  description:
    'Fields of createPermanence (personId, placeId and openingHours required) and updatePermanence (only the fields given change).',
})
export class PermanenceInput {
  @Field(() => ID, { nullable: true, description: 'Id of the conseiller or aidant who is present.' })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Place id (places subgraph).' })
  placeId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'OpenStreetMap `opening_hours`, e.g. "Tu,Th 09:00-12:00". At most 500 characters, checked before parsing.',
  })
  openingHours?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 280 characters.' })
  note?: string | null;
}
