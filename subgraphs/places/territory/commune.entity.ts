import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, InseeCodeScalar, LatitudeScalar, LongitudeScalar } from '../../shared/scalars';

/** A commune of the département, from the INSEE / DGCL reference data. */
@Entity({ tableName: 'commune' })
@ObjectType({
  description: 'A commune (INSEE code officiel géographique), the finest level of the territory spine.',
})
@Directive('@key(fields: "inseeCode")')
export class Commune {
  @PrimaryKey({ type: 'string', length: 5 })
  @Field(() => InseeCodeScalar)
  inseeCode!: string;

  @Field(() => ID, { description: 'Stable id: the INSEE code.' })
  get id(): string {
    return this.inseeCode;
  }

  @Property({ type: 'text' })
  @Field()
  name!: string;

  @Property({ type: 'string', length: 9 })
  @Field({ description: 'SIREN of the commune as a legal body.' })
  siren!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [String])
  postalCodes!: string[];

  @Index()
  @Property({ type: 'string', length: 3 })
  @Field()
  departementCode!: string;

  @Property({ type: 'string', length: 2 })
  @Field()
  regionCode!: string;

  @Property({ type: 'string', length: 5 })
  @Field()
  arrondissementCode!: string;

  @Property({ type: 'string', length: 5 })
  @Field()
  cantonCode!: string;

  @Index()
  @Property({ type: 'string', length: 9 })
  @Field()
  epciSiren!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Population municipale (INSEE, populations légales).' })
  population!: number;

  @Property({ type: 'integer' })
  @Field(() => Int)
  populationTotal!: number;

  @Property({ type: 'double' })
  @Field(() => LatitudeScalar, { description: 'Approximate centre (area centroid), WGS84.' })
  centreLatitude!: number;

  @Property({ type: 'double' })
  @Field(() => LongitudeScalar)
  centreLongitude!: number;

  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar)
  updatedAt: Date = new Date();
}
