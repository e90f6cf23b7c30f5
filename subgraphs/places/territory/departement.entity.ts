import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';

/** A département: the top of the territory spine. */
@Entity({ tableName: 'departement' })
@ObjectType({ description: 'A département, identified by its code (47 for Lot-et-Garonne).' })
@Directive('@key(fields: "code")')
export class Departement {
  @PrimaryKey({ type: 'string', length: 3 })
  @Field({ description: 'Code of the département (e.g. 47; 2A/2B in Corsica): its key.' })
  code!: string;

  @Field(() => ID, { description: 'Stable id: the code.' })
  get id(): string {
    return this.code;
  }

  @Property({ type: 'text' })
  @Field({ description: 'Official name (e.g. Lot-et-Garonne).' })
  name!: string;

  @Property({ type: 'string', length: 2 })
  @Field({ description: 'INSEE code of its région (75: Nouvelle-Aquitaine).' })
  regionCode!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Population municipale (INSEE): the sum over its communes.' })
  population!: number;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When this département was first loaded into the hub.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, {
    description: 'When this département’s row last changed in the hub (reference data reloaded).',
  })
  updatedAt: Date = new Date();
}
