import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../shared/scalars';

/** An intercommunalité (EPCI à fiscalité propre). */
@Entity({ tableName: 'epci' })
@ObjectType({ description: 'An intercommunalité (EPCI), identified by its SIREN.' })
@Directive('@key(fields: "siren")')
export class Epci {
  @PrimaryKey({ type: 'string', length: 9 })
  @Field({ description: 'SIREN of the EPCI as a legal body (9 digits): its key.' })
  siren!: string;

  @Field(() => ID, { description: 'Stable id: the SIREN.' })
  get id(): string {
    return this.siren;
  }

  @Property({ type: 'text' })
  @Field({ description: 'Official name (e.g. CA Agglomération d’Agen).' })
  name!: string;

  @Property({ type: 'string', length: 10 })
  @Field({ description: 'Legal form: CA (communauté d’agglomération), CC (communauté de communes), …' })
  kind!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Population municipale of its communes in the département.' })
  population!: number;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When this EPCI was first loaded into the hub.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, {
    description: 'When this EPCI’s row last changed in the hub (reference data reloaded).',
  })
  updatedAt: Date = new Date();
}
