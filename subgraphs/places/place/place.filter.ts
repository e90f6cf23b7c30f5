import { NearInput } from '../../shared/geography';
import { Field, Float, InputType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';
import { PUBLICS, SERVICES } from './vocabularies';
import { PlaceKind, Typologie } from './place.enums';

@InputType({ description: 'A WGS84 bounding box.' })
export class BoundingBoxInput {
  @Field(() => Float)
  south!: number;

  @Field(() => Float)
  west!: number;

  @Field(() => Float)
  north!: number;

  @Field(() => Float)
  east!: number;
}

/**
 * Filters of the map and the directory. List filters match a place having any of the values; all filters
 * combine with AND. With `near`, results are ordered by distance; otherwise by name.
 */
@InputType()
export class PlaceFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Free text over name, commune, address and summary; accent- and case-insensitive.',
  })
  text?: string;

  @Field(() => [Typologie], { nullable: true })
  typologies?: string[];

  @Field(() => [PlaceKind], { nullable: true })
  kinds?: PlaceKind[];

  @Field(() => [SERVICES], { nullable: true })
  services?: string[];

  @Field(() => [PUBLICS], { nullable: true })
  publics?: string[];

  @Field(() => Boolean, { nullable: true })
  acceptsPassNumerique?: boolean;

  @Field(() => [String], { nullable: true, description: 'INSEE codes of communes.' })
  inseeCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'SIRENs of EPCIs.' })
  epciSirens?: string[];

  @Field(() => BoundingBoxInput, { nullable: true })
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
