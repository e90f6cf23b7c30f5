import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { InseeCodeScalar } from '../../shared/scalars';

// Entities owned by other subgraphs: only their key lives here; this subgraph adds its own fields to them.

@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;
}

@ObjectType('Person')
@Directive('@key(fields: "id")')
export class PersonRef {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;
}

@ObjectType('TrainingSession')
@Directive('@key(fields: "id")')
export class TrainingSessionRef {
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

/** A stub's reference is its key: the owning subgraph answers for it, so nothing is looked up here. */
export const organizationRef = (id: string): OrganizationRef => ({ id });
