import { Field, Float, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../shared/scalars';
import {
  DISPOSITIF_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  ITINERANCE,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISE_EN_CHARGE_SPECIFIQUE,
  PUBLICS,
  SERVICES,
} from './vocabularies';
import { Typologie } from './place.enums';

/**
 * A place's fields for createPlace (name, address, postalCode, inseeCode and pivot or organizationId
 * required) and updatePlace (only the fields given change; null clears an optional field).
 * Values are checked by the resolver so every problem comes back as BAD_USER_INPUT naming its field.
 */
@InputType()
export class PlaceInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The Organization running the place; sets `pivot` when it is not given.',
  })
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: '`pivot`: SIRET, SIREN or RNA.' })
  pivot?: string | null;

  @Field(() => String, { nullable: true, description: '`id` in the source. At most 200 characters.' })
  sourceId?: string | null;

  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  name?: string | null;

  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  address?: string | null;

  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  addressComplement?: string | null;

  @Field(() => String, { nullable: true, description: 'Five digits, one of the commune’s postal codes.' })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'INSEE code of a commune of the hub’s territory.' })
  inseeCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Commune name as written in the address; defaults to the commune’s name. At most 100 characters.',
  })
  communeName?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;

  @Field(() => [Typologie], { nullable: true })
  typologies?: string[] | null;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +33553000000.' })
  phone?: string | null;

  @Field(() => [String], { nullable: true })
  emails?: string[] | null;

  @Field(() => [String], { nullable: true })
  websites?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'OpenStreetMap opening_hours syntax. At most 500 characters, checked before parsing.',
  })
  openingHours?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 280 characters.' })
  summary?: string | null;

  @Field(() => String, { description: 'At most 5000 characters.', nullable: true })
  description?: string | null;

  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  source?: string | null;

  @Field(() => [ITINERANCE], { nullable: true })
  mobility?: string[] | null;

  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  parentStructure?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '`date_maj`; defaults to today on every write.' })
  updatedOn?: Date | null;

  @Field(() => [SERVICES], { nullable: true })
  services?: string[] | null;

  @Field(() => [PUBLICS], { nullable: true })
  publics?: string[] | null;

  @Field(() => [PRISE_EN_CHARGE_SPECIFIQUE], { nullable: true })
  specificSupport?: string[] | null;

  @Field(() => [FRAIS_A_CHARGE], { nullable: true })
  fees?: string[] | null;

  @Field(() => [DISPOSITIF_PROGRAMMES_NATIONAUX], { nullable: true })
  nationalProgrammes?: string[] | null;

  @Field(() => [FORMATIONS_LABELS], { nullable: true })
  labels?: string[] | null;

  @Field(() => [String], { nullable: true })
  otherLabels?: string[] | null;

  @Field(() => [MODALITES_ACCES], { nullable: true })
  accessModes?: string[] | null;

  @Field(() => [MODALITES_ACCOMPAGNEMENT], { nullable: true })
  supportModes?: string[] | null;

  @Field(() => String, { nullable: true })
  accessibilitySheetUrl?: string | null;

  @Field(() => String, { nullable: true })
  appointmentUrl?: string | null;

  @Field(() => Boolean, { nullable: true })
  acceptsPassNumerique?: boolean | null;
}
