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
@InputType({
  description:
    'A place’s fields in the national standard’s terms: for createPlace (name, address, postalCode, inseeCode and pivot or organizationId required) and updatePlace (only the fields given change; null clears an optional one).',
})
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

  @Field(() => Float, {
    nullable: true,
    description:
      '`latitude`, WGS84 degrees, -90 to 90; given or cleared together with longitude (needed for the map).',
  })
  latitude?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '`longitude`, WGS84 degrees, -180 to 180; given or cleared together with latitude.',
  })
  longitude?: number | null;

  @Field(() => [Typologie], {
    nullable: true,
    description: '`typologie`: structure types (data·inclusion codes); they decide the place’s map `kind`.',
  })
  typologies?: string[] | null;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +33553000000.' })
  phone?: string | null;

  @Field(() => [String], { nullable: true, description: '`courriels`: public contact e-mail addresses.' })
  emails?: string[] | null;

  @Field(() => [String], { nullable: true, description: '`site_web`: http(s) URLs of its websites.' })
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

  @Field(() => [ITINERANCE], { nullable: true, description: '`itinerance`: fixed, itinerant, or both.' })
  mobility?: string[] | null;

  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  parentStructure?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '`date_maj`; defaults to today on every write.' })
  updatedOn?: Date | null;

  @Field(() => [SERVICES], { nullable: true, description: '`services`: the help offered there.' })
  services?: string[] | null;

  @Field(() => [PUBLICS], {
    nullable: true,
    description: '`publics_specifiquement_adresses`: publics addressed specifically; empty means everyone.',
  })
  publics?: string[] | null;

  @Field(() => [PRISE_EN_CHARGE_SPECIFIQUE], {
    nullable: true,
    description: '`prise_en_charge_specifique`: specific needs (disabilities, languages…) the team supports.',
  })
  specificSupport?: string[] | null;

  @Field(() => [FRAIS_A_CHARGE], {
    nullable: true,
    description: '`frais_a_charge`: whether the help is free, free with conditions, or paid.',
  })
  fees?: string[] | null;

  @Field(() => [DISPOSITIF_PROGRAMMES_NATIONAUX], {
    nullable: true,
    description: '`dispositif_programmes_nationaux`: national programmes the place takes part in.',
  })
  nationalProgrammes?: string[] | null;

  @Field(() => [FORMATIONS_LABELS], {
    nullable: true,
    description: '`formations_labels`: trainings and labels of the national list the place holds.',
  })
  labels?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      '`autres_formations_labels`: labels outside the national list, free text, each at most 200 characters without `|`. The Pass numérique is set with acceptsPassNumerique, not here.',
  })
  otherLabels?: string[] | null;

  @Field(() => [MODALITES_ACCES], {
    nullable: true,
    description: '`modalites_acces`: how to get the help (walk in, phone, e-mail, online appointment…).',
  })
  accessModes?: string[] | null;

  @Field(() => [MODALITES_ACCOMPAGNEMENT], {
    nullable: true,
    description:
      '`modalites_accompagnement`: kinds of support (on one’s own, one to one, in a group workshop, remotely).',
  })
  supportModes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: '`fiche_acces_libre`: http(s) URL of its accessibility sheet on acceslibre.beta.gouv.fr.',
  })
  accessibilitySheetUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: '`prise_rdv`: http(s) URL where to book an appointment.',
  })
  appointmentUrl?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the place takes Pass numérique cheques (exported as an `autres_formations_labels` value).',
  })
  acceptsPassNumerique?: boolean | null;
}
