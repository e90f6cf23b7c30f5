import { NearInput } from '../../shared/geography';
import { Field, Float, InputType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { PUBLICS, SERVICES } from './vocabularies';
import { PlaceKind, Typologie } from './place.enums';

@InputType({ description: 'A WGS84 bounding box.' })
export class BoundingBoxInput {
  @Field(() => Float, { description: 'Southern edge: latitude in degrees, -90 to 90, at most `north`.' })
  south!: number;

  @Field(() => Float, {
    description:
      'Western edge: longitude in degrees, -180 to 180, at most `east` (no box across the antimeridian).',
  })
  west!: number;

  @Field(() => Float, { description: 'Northern edge: latitude in degrees, -90 to 90.' })
  north!: number;

  @Field(() => Float, { description: 'Eastern edge: longitude in degrees, -180 to 180.' })
  east!: number;
}

/**
 * Filters of the map and the directory. List filters match a place having any of the values; all filters
 * combine with AND. With `near`, results are ordered by distance; otherwise by name.
 */
@InputType({
  description:
    'Filters of the map and the directory: list filters match a place having any of their values; all filters combine with AND.',
})
export class PlaceFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Free text over name, commune, address and summary; accent- and case-insensitive.',
  })
  text?: string;

  @Field(() => [Typologie], {
    nullable: true,
    description: 'Having any of these structure types (`typologie`).',
  })
  typologies?: string[];

  @Field(() => [PlaceKind], { nullable: true, description: 'Shown on the map as any of these kinds.' })
  kinds?: PlaceKind[];

  @Field(() => [SERVICES], { nullable: true, description: 'Offering any of these services (`services`).' })
  services?: string[];

  @Field(() => [PUBLICS], {
    nullable: true,
    description: 'Addressing any of these publics specifically (`publics_specifiquement_adresses`).',
  })
  publics?: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only places accepting the Pass numérique; false: only places not accepting it.',
  })
  acceptsPassNumerique?: boolean;

  @Field(() => [String], { nullable: true, description: 'INSEE codes of communes.' })
  inseeCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'SIRENs of EPCIs.' })
  epciSirens?: string[];

  @Field(() => BoundingBoxInput, {
    nullable: true,
    description:
      'Only places whose coordinates lie inside this box; places without coordinates are left out.',
  })
  bbox?: BoundingBoxInput;

  @Field(() => NearInput, {
    nullable: true,
    description: 'Places within a radius of a point, ordered by distance.',
  })
  near?: NearInput;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Open at this instant (opening hours read in Europe/Paris).',
  })
  openAt?: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'Only places changed (updatedAt) at or after this instant; for an incremental sync with deletions use `placeChanges`.',
  })
  updatedSince?: Date;
}
