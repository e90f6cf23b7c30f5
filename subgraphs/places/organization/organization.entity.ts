import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, SiretScalar, URLScalar } from '../../shared/scalars';
import { OrganizationKind, OrganizationRole } from './organization.enums';

/** A partner structure: CAF, a commune, an association, a training structure, a funder… */
@Entity({ tableName: 'organization' })
@ObjectType({ description: 'A partner structure of déClic47, identified by SIRET or RNA.' })
@Directive('@key(fields: "id")')
export class Organization {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Property({ type: 'text' })
  @Field()
  name!: string;

  @Property({ type: 'string', length: 14, nullable: true, unique: true })
  @Field(() => SiretScalar, { nullable: true })
  siret?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, unique: true })
  @Field(() => String, {
    nullable: true,
    description: 'Répertoire national des associations number (W + 9 digits).',
  })
  rna?: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [OrganizationRole])
  roles: OrganizationRole[] = [];

  @Property({ type: 'boolean' })
  @Field({ description: 'Signed the déClic47 convention.' })
  conventionSignatory: boolean = false;

  @Index()
  @Property({ type: 'string', length: 5, nullable: true })
  @Field(() => String, { nullable: true, description: 'INSEE code of the head office commune.' })
  inseeCode?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => URLScalar, { nullable: true })
  website?: string | null;

  @Property({ type: 'text' })
  @Field({ description: "Provenance of the record; 'generated' where the fact was not known." })
  source: string = 'api';

  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar)
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar)
  updatedAt: Date = new Date();
}
