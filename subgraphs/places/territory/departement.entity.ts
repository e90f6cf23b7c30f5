import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';

/** A département: the top of the territory spine. */
@Entity({ tableName: 'departement' })
@ObjectType({ description: 'A département, identified by its code (47 for Lot-et-Garonne).' })
@Directive('@key(fields: "code")')
export class Departement {
  @PrimaryKey({ type: 'string', length: 3 })
  @Field()
  code!: string;

  @Field(() => ID, { description: 'Stable id: the code.' })
  get id(): string {
    return this.code;
  }

  @Property({ type: 'text' })
  @Field()
  name!: string;

  @Property({ type: 'string', length: 2 })
  @Field()
  regionCode!: string;

  @Property({ type: 'integer' })
  @Field(() => Int)
  population!: number;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar)
  updatedAt: Date = new Date();
}
