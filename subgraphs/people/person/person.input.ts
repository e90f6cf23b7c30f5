import { Field, ID, InputType } from 'type-graphql';
import { PersonCertification, PersonProfession, PersonRole, PersonTrainingStatus } from '../vocabulary';

/** Fields of createPerson (role, names and commune required) and updatePerson (the fields given change). */
@InputType({
  description:
    'Fields of createPerson (role, firstName, lastName and inseeCode required) and updatePerson (only the fields given change; null clears an optional one).',
})
export class PersonInput {
  @Field(() => PersonRole, {
    nullable: true,
    description: 'Their role in the programme; required on create.',
  })
  role?: PersonRole | null;

  @Field(() => PersonProfession, { nullable: true, description: 'Required for an AIDANT_NUMERIQUE.' })
  profession?: PersonProfession | null;

  @Field(() => ID, { nullable: true, description: 'Employer Organization id.' })
  employerId?: string | null;

  @Field(() => String, { description: 'At most 100 characters.', nullable: true })
  firstName?: string | null;

  @Field(() => String, { description: 'At most 100 characters.', nullable: true })
  lastName?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Professional e-mail address, at most 254 characters, not another person’s; personal data (admins and the employer’s partners read it).',
  })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +33553000000.' })
  phone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'INSEE code of the commune of the main place of work.',
  })
  inseeCode?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Habilitated Aidants Connect; true needs aidantsConnectHabilitatedOn, false clears the date.',
  })
  aidantsConnectHabilitated?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'YYYY-MM-DD; given exactly when aidantsConnectHabilitated is true.',
  })
  aidantsConnectHabilitatedOn?: string | null;

  @Field(() => [PersonCertification], {
    nullable: true,
    description: 'Certifications held, replacing the current list.',
  })
  certifications?: PersonCertification[] | null;

  @Field(() => PersonTrainingStatus, {
    nullable: true,
    description: 'Where they stand in the programme’s training; NOT_REQUIRED when left out on create.',
  })
  trainingStatus?: PersonTrainingStatus | null;
}

@InputType({ description: 'Filters of the people list; all combine with AND.' })
export class PersonFilter {
  @Field(() => [PersonRole], { nullable: true, description: 'Having any of these roles.' })
  roles?: PersonRole[];

  @Field(() => ID, { nullable: true, description: 'Employed by this Organization.' })
  employerId?: string;

  @Field(() => String, { nullable: true, description: 'Working in this commune (INSEE code).' })
  inseeCode?: string;

  @Field(() => String, { nullable: true, description: 'Working in a commune of this EPCI (SIREN).' })
  epciSiren?: string;

  @Field(() => Boolean, { nullable: true, description: 'Habilitated Aidants Connect (or not).' })
  habilitated?: boolean;

  @Field(() => String, { nullable: true, description: 'Name, accent- and case-insensitive.' })
  text?: string;
}
