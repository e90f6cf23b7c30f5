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
  @Field(() => InseeCodeScalar, {
    description:
      'INSEE code of the commune (code officiel géographique, 5 characters, e.g. 47001 for Agen): its key.',
  })
  inseeCode!: string;

  @Field(() => ID, { description: 'Stable id: the INSEE code.' })
  get id(): string {
    return this.inseeCode;
  }

  @Property({ type: 'text' })
  @Field({ description: 'Official name, with accents and articles (e.g. Villeneuve-sur-Lot).' })
  name!: string;

  @Property({ type: 'string', length: 9 })
  @Field({ description: 'SIREN of the commune as a legal body.' })
  siren!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [String], { description: 'Postal codes (La Poste) serving the commune; one or more.' })
  postalCodes!: string[];

  @Index()
  @Property({ type: 'string', length: 3 })
  @Field({ description: 'Code of its département (47).' })
  departementCode!: string;

  @Property({ type: 'string', length: 2 })
  @Field({ description: 'INSEE code of its région (75: Nouvelle-Aquitaine).' })
  regionCode!: string;

  @Property({ type: 'string', length: 5 })
  @Field({ description: 'INSEE code of its arrondissement (e.g. 471 for Agen).' })
  arrondissementCode!: string;

  @Property({ type: 'string', length: 5 })
  @Field({ description: 'INSEE code of its canton (e.g. 4797).' })
  cantonCode!: string;

  @Index()
  @Property({ type: 'string', length: 9 })
  @Field({ description: 'SIREN of the intercommunalité (EPCI) it belongs to; see `epci`.' })
  epciSiren!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Population municipale (INSEE, populations légales).' })
  population!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description:
      'Population totale (INSEE): the population municipale plus people counted elsewhere (students, boarders…).',
  })
  populationTotal!: number;

  @Property({ type: 'double' })
  @Field(() => LatitudeScalar, { description: 'Approximate centre (area centroid), WGS84.' })
  centreLatitude!: number;

  @Property({ type: 'double' })
  @Field(() => LongitudeScalar, {
    description: 'Longitude of the approximate centre (area centroid), WGS84.',
  })
  centreLongitude!: number;

  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When this commune was first loaded into the hub.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, {
    description: 'When this commune’s row last changed in the hub (reference data reloaded).',
  })
  updatedAt: Date = new Date();
}
