import { Field, InputType } from 'type-graphql';
import { OrganizationKind, OrganizationRole } from './organization.enums';

/** Fields of createOrganization (name, kind and siret or rna required) and updateOrganization (fields given change). */
@InputType()
export class OrganizationInput {
  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: '14 digits passing the Luhn check.' })
  siret?: string | null;

  @Field(() => String, { nullable: true, description: 'W followed by 9 digits.' })
  rna?: string | null;

  @Field(() => OrganizationKind, { nullable: true })
  kind?: OrganizationKind | null;

  @Field(() => [OrganizationRole], { nullable: true })
  roles?: OrganizationRole[] | null;

  @Field(() => Boolean, { nullable: true })
  conventionSignatory?: boolean | null;

  @Field(() => String, { nullable: true, description: 'INSEE code of the head office commune.' })
  inseeCode?: string | null;

  @Field(() => String, { nullable: true })
  website?: string | null;
}

@InputType({ description: 'Filters of the organizations list; all combine with AND.' })
export class OrganizationFilter {
  @Field(() => String, { nullable: true, description: 'Name, SIRET or RNA; accent- and case-insensitive.' })
  text?: string;

  @Field(() => [OrganizationRole], { nullable: true, description: 'Having any of these roles.' })
  roles?: OrganizationRole[];

  @Field(() => [OrganizationKind], { nullable: true })
  kinds?: OrganizationKind[];

  @Field(() => Boolean, { nullable: true })
  conventionSignatory?: boolean;

  @Field(() => String, { nullable: true })
  inseeCode?: string;
}
