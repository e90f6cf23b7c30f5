import { calendarDate } from '../../shared/calendar-date';
import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import {
  DateScalar,
  DateTimeScalar,
  EmailAddressScalar,
  LatitudeScalar,
  LongitudeScalar,
  PhoneNumberScalar,
  PostalCodeScalar,
  URLScalar,
} from '../../shared/scalars';
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
import { PlaceKind, Typologie } from './place.enums';

// A fresh options object per property: MikroORM writes into the one it is given.
const list = () => ({ type: ArrayType, columnType: 'text[]' });

/**
 * A lieu de médiation numérique, field for field after the national standard v1.0.2; the GraphQL names are
 * English, each description names the standard field it carries. List fields hold the standard's labels.
 */
@Entity({ tableName: 'place' })
@ObjectType({ description: 'A lieu de médiation numérique (national standard v1.0.2).' })
@Directive('@key(fields: "id")')
export class Place {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: '`id`: the source’s own identifier.' })
  sourceId?: string | null;

  @Index()
  @Property({ type: 'string', length: 14 })
  @Field({ description: '`pivot`: SIRET, SIREN or RNA of the structure.' })
  pivot!: string;

  @Index()
  @Property({ type: 'uuid', nullable: true })
  organizationId?: string | null;

  @Property({ type: 'text' })
  @Field({ description: '`nom`' })
  name!: string;

  @Property({ type: 'text' })
  @Field({ description: '`adresse`' })
  address!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: '`complement_adresse`' })
  addressComplement?: string | null;

  @Property({ type: 'string', length: 5 })
  @Field(() => PostalCodeScalar, { description: '`code_postal`' })
  postalCode!: string;

  @Property({ type: 'text' })
  @Field({ description: '`commune`: the commune name as written in the address.' })
  communeName!: string;

  // place_insee_code_index: (insee_code, kind) with placeStats' columns included (…_place_commune_stats_index).
  @Index()
  @Property({ type: 'string', length: 5 })
  @Field({ description: '`code_insee`' })
  inseeCode!: string;

  @Property({ type: 'double', nullable: true })
  @Field(() => LatitudeScalar, { nullable: true, description: '`latitude` (WGS84)' })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  @Field(() => LongitudeScalar, { nullable: true, description: '`longitude` (WGS84)' })
  longitude?: number | null;

  @Property(list())
  @Field(() => [Typologie], { description: '`typologie`' })
  typologies: string[] = [];

  @Index()
  @Property({ type: 'string', length: 32 })
  @Field(() => PlaceKind, { description: 'Map kind, derived from `typologie`.' })
  kind: PlaceKind = PlaceKind.OTHER;

  @Property({ type: 'string', length: 20, nullable: true })
  @Field(() => PhoneNumberScalar, { nullable: true, description: '`telephone` (E.164)' })
  phone?: string | null;

  @Property(list())
  @Field(() => [EmailAddressScalar], { description: '`courriels`' })
  emails: string[] = [];

  @Property(list())
  @Field(() => [URLScalar], { description: '`site_web`' })
  websites: string[] = [];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: '`horaires`, OpenStreetMap opening_hours syntax.' })
  openingHours?: string | null;

  @Property({ type: 'string', length: 280, nullable: true })
  @Field(() => String, { nullable: true, description: '`presentation_resume` (≤ 280 characters)' })
  summary?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: '`presentation_detail`' })
  description?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: '`source`: who collected the data.' })
  source?: string | null;

  @Property(list())
  @Field(() => [ITINERANCE], { description: '`itinerance`' })
  mobility: string[] = [];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: '`structure_parente`' })
  parentStructure?: string | null;

  @Property(calendarDate())
  @Field(() => DateScalar, { description: '`date_maj`: when the data was last updated.' })
  updatedOn!: string;

  @Property(list())
  @Field(() => [SERVICES], { description: '`services`' })
  services: string[] = [];

  @Property(list())
  @Field(() => [PUBLICS], { description: '`publics_specifiquement_adresses`' })
  publics: string[] = [];

  @Property(list())
  @Field(() => [PRISE_EN_CHARGE_SPECIFIQUE], { description: '`prise_en_charge_specifique`' })
  specificSupport: string[] = [];

  @Property(list())
  @Field(() => [FRAIS_A_CHARGE], { description: '`frais_a_charge`' })
  fees: string[] = [];

  @Property(list())
  @Field(() => [DISPOSITIF_PROGRAMMES_NATIONAUX], { description: '`dispositif_programmes_nationaux`' })
  nationalProgrammes: string[] = [];

  @Property(list())
  @Field(() => [FORMATIONS_LABELS], { description: '`formations_labels`' })
  labels: string[] = [];

  @Property(list())
  @Field(() => [String], { description: '`autres_formations_labels`' })
  otherLabels: string[] = [];

  @Property(list())
  @Field(() => [MODALITES_ACCES], { description: '`modalites_acces`' })
  accessModes: string[] = [];

  @Property(list())
  @Field(() => [MODALITES_ACCOMPAGNEMENT], { description: '`modalites_accompagnement`' })
  supportModes: string[] = [];

  @Property({ type: 'text', nullable: true })
  @Field(() => URLScalar, { nullable: true, description: '`fiche_acces_libre`' })
  accessibilitySheetUrl?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => URLScalar, { nullable: true, description: '`prise_rdv`' })
  appointmentUrl?: string | null;

  @Index()
  @Property({ type: 'boolean' })
  @Field({
    description:
      'Accepts the Pass numérique (not in the v1 standard; exported in `autres_formations_labels`).',
  })
  acceptsPassNumerique: boolean = false;

  @Property({ type: 'text' })
  searchText!: string;

  /** Set by `near` searches only; the API shows it on the search's edge (`PlaceEdge.distanceMeters`). */
  @Property({ persist: false })
  distanceMeters?: number | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, {
    description: 'When the place was created in the hub (by a write or an import).',
  })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, {
    description: 'When the hub’s row last changed (any field); `updatedOn` is the standard’s `date_maj`.',
  })
  updatedAt: Date = new Date();
}
