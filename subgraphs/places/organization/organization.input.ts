import { Field, InputType } from 'type-graphql';
import { OrganizationKind, OrganizationRole } from './organization.enums';

/** Fields of createOrganization (name, kind and siret or rna required) and updateOrganization (fields given change). */
@InputType({
  description:
    'Fields of createOrganization (name, kind and siret or rna required) and updateOrganization (only the fields given change).',
})
export class OrganizationInput {
  @Field(() => String, { description: 'At most 300 characters.', nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: '14 digits passing the Luhn check.' })
  siret?: string | null;

  @Field(() => String, { nullable: true, description: 'W followed by 9 digits.' })
  rna?: string | null;

  @Field(() => OrganizationKind, {
    nullable: true,
    description: 'Legal nature; required on create, cannot be cleared.',
  })
  kind?: OrganizationKind | null;

  @Field(() => [OrganizationRole], {
    nullable: true,
    description:
      'Its roles in the programme, replacing the current list (Pass numérique rights: setPassAccreditation).',
  })
  roles?: OrganizationRole[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it signed the déClic47 convention (default false).',
  })
  conventionSignatory?: boolean | null;

  @Field(() => String, { nullable: true, description: 'INSEE code of the head office commune.' })
  inseeCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Its website: an http(s) URL.' })
  website?: string | null;
}

@InputType({ description: 'Filters of the organizations list; all combine with AND.' })
export class OrganizationFilter {
  @Field(() => String, { nullable: true, description: 'Name, SIRET or RNA; accent- and case-insensitive.' })
  text?: string;

  @Field(() => [OrganizationRole], { nullable: true, description: 'Having any of these roles.' })
  roles?: OrganizationRole[];

  @Field(() => [OrganizationKind], { nullable: true, description: 'Of any of these legal natures.' })
  kinds?: OrganizationKind[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only signatories of the déClic47 convention; false: only the others.',
  })
  conventionSignatory?: boolean;

  @Field(() => String, { nullable: true, description: 'Head office in this commune (INSEE code).' })
  inseeCode?: string;
}
