import { calendarDate } from '../../shared/calendar-date';
import { randomUUID } from 'node:crypto';
import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Importable } from '../lacoop/provenance';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PersonalData } from '../../shared/personal-data';
import { DateScalar, DateTimeScalar, EmailAddressScalar, PhoneNumberScalar } from '../../shared/scalars';
import { PersonCertification, PersonProfession, PersonRole, PersonTrainingStatus } from '../vocabulary';

/** An aidant numérique or a conseiller numérique. Last name and contact details are personal data. */
@Entity({ tableName: 'person' })
@ObjectType({ description: 'Someone who helps people with digital tools: a conseiller or an aidant.' })
@Directive('@key(fields: "id")')
export class Person extends Importable {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = randomUUID();

  @Index()
  @Property({ type: 'string', length: 32 })
  @Field(() => PersonRole, {
    description: 'Who the person is in the programme: conseiller numérique, aidant, médiateur, coordinateur.',
  })
  role!: PersonRole;

  @Property({ type: 'string', length: 32, nullable: true })
  @Field(() => PersonProfession, { nullable: true, description: 'For aidants: the job they help through.' })
  profession?: PersonProfession | null;

  @Index()
  @Property({ type: 'uuid', nullable: true })
  employerId?: string | null;

  @Property({ type: 'text' })
  @Field({ description: 'First name (public; the last name is personal data).' })
  firstName!: string;

  @Property({ type: 'text' })
  @Field(() => String, { nullable: true, description: 'Personal data: admins and partners of the employer.' })
  @PersonalData<Person>({ owner: (p) => p.employerId })
  lastName!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => EmailAddressScalar, {
    nullable: true,
    description: 'Personal data: admins and partners of the employer.',
  })
  @PersonalData<Person>({ owner: (p) => p.employerId })
  email?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  @Field(() => PhoneNumberScalar, {
    nullable: true,
    description: 'Personal data: admins and partners of the employer.',
  })
  @PersonalData<Person>({ owner: (p) => p.employerId })
  phone?: string | null;

  @Index()
  @Property({ type: 'string', length: 5 })
  @Field({
    description: 'INSEE code of the commune of their main place of work: places them on the territory.',
  })
  inseeCode!: string;

  @Property({ type: 'boolean' })
  @Field({ description: 'Habilitated to act for people through Aidants Connect.' })
  aidantsConnectHabilitated: boolean = false;

  @Property(calendarDate({ nullable: true }))
  @Field(() => DateScalar, { nullable: true, description: 'Date of the Aidants Connect habilitation.' })
  aidantsConnectHabilitatedOn?: string | null;

  @Property({ type: ArrayType, columnType: 'text[]' })
  @Field(() => [PersonCertification], {
    description:
      'Digital-mediation certifications the person holds (Pix, CCP1, REMN title); empty when none.',
  })
  certifications: PersonCertification[] = [];

  @Property({ type: 'string', length: 16 })
  @Field(() => PersonTrainingStatus, {
    description:
      'Where the person stands in the training the programme asks of them (NOT_REQUIRED by default).',
  })
  trainingStatus: PersonTrainingStatus = PersonTrainingStatus.NOT_REQUIRED;

  @Property({ type: 'text' })
  searchText!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the person was created in the hub.' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => DateTimeScalar, { description: 'When any of their fields last changed in the hub.' })
  updatedAt: Date = new Date();
}
