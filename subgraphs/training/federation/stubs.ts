import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { InseeCodeScalar } from '../../shared/scalars';

// Entities owned by other subgraphs: stubs carrying only their key, to which training adds its fields.

@ObjectType('Place')
@Directive('@key(fields: "id")')
export class PlaceRef {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;
}

@ObjectType('Person')
@Directive('@key(fields: "id")')
export class PersonRef {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;
}

@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;
}

@ObjectType('Commune')
@Directive('@key(fields: "inseeCode")')
export class CommuneRef {
  @Field(() => InseeCodeScalar)
  inseeCode!: string;
}

@ObjectType('Epci')
@Directive('@key(fields: "siren")')
export class EpciRef {
  @Field()
  siren!: string;
}

@ObjectType('Departement')
@Directive('@key(fields: "code")')
export class DepartementRef {
  @Field()
  code!: string;
}
