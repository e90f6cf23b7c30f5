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
  @Field({ description: 'Usual name of the structure (e.g. CAF de Lot-et-Garonne, Mairie de Nérac).' })
  name!: string;

  @Property({ type: 'string', length: 14, nullable: true, unique: true })
  @Field(() => SiretScalar, {
    nullable: true,
    description:
      'SIRET of its establishment (14 digits, Luhn-checked); null for an association known only by its RNA.',
  })
  siret?: string | null;

  @Property({ type: 'string', length: 10, nullable: true, unique: true })
  @Field(() => String, {
    nullable: true,
    description: 'Répertoire national des associations number (W + 9 digits).',
  })
  rna?: string | null;

  @Property({ type: 'string', length: 32 })
  @Field(() => OrganizationKind, {
    description: 'Legal nature of the structure (État, commune, association…).',
  })
  kind!: OrganizationKind;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [OrganizationRole], {
    description:
      'What it does in the programme (prescriber, qualified trainer, funder, employer); empty for a plain partner. Pass numérique rights are granted by the funding subgraph’s accreditations.',
  })
  roles: OrganizationRole[] = [];

  @Property({ type: 'boolean' })
  @Field({ description: 'Signed the déClic47 convention.' })
  conventionSignatory: boolean = false;

  @Index()
  @Property({ type: 'string', length: 5, nullable: true })
  @Field(() => String, { nullable: true, description: 'INSEE code of the head office commune.' })
  inseeCode?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => URLScalar, {
    nullable: true,
    description: 'Its website (http or https URL); null when unknown.',
  })
  website?: string | null;

  @Property({ type: 'text' })
  @Field({ description: "Provenance of the record; 'generated' where the fact was not known." })
  source: string = 'api';

  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the organization was created in the hub.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, { description: 'When any of its fields last changed in the hub.' })
  updatedAt: Date = new Date();
}
