import { calendarDate } from '../../shared/calendar-date';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { PersonalData } from '../../shared/personal-data';
import { InseeCodeScalar } from '../../shared/scalars';
import { DateScalar, DateTimeScalar } from '../scalars';
import { ParticipantAgeBand } from '../../shared/age-band';
import { PassSocialStatus } from './carnet.enums';

/** A booklet of 5 or 10 passes handed by a prescriber to a pseudonymous beneficiary. */
@Entity({ tableName: 'carnet' })
@ObjectType({
  description: 'A Pass numérique booklet (5 or 10 passes of €10) issued to a pseudonymous beneficiary.',
})
@Directive('@key(fields: "id")')
export class Carnet {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Property({ type: 'uuid' })
  programId!: string;

  @Property({ type: 'uuid' })
  prescriberId!: string;

  @Property({ type: 'uuid', nullable: true })
  prescriberPersonId?: string | null;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, {
    nullable: true,
    description: "The prescriber's opaque reference for the beneficiary; never a name.",
  })
  @PersonalData<Carnet>({ owner: (c) => c.prescriberId })
  beneficiaryReference!: string;

  @Property({ type: 'string', length: 20 })
  @Field(() => ParticipantAgeBand, {
    nullable: true,
    description:
      'The beneficiary’s age band; null, with a FORBIDDEN error, for callers other than admins and the prescriber’s partners (personal data).',
  })
  @PersonalData<Carnet>({ owner: (c) => c.prescriberId })
  beneficiaryAgeBand!: ParticipantAgeBand;

  @Property({ type: 'string', length: 20 })
  @Field(() => PassSocialStatus, {
    nullable: true,
    description:
      'The beneficiary’s social status; null, with a FORBIDDEN error, for callers other than admins and the prescriber’s partners (personal data).',
  })
  @PersonalData<Carnet>({ owner: (c) => c.prescriberId })
  beneficiarySocialStatus!: PassSocialStatus;

  @Property({ type: 'string', length: 5 })
  @Field(() => InseeCodeScalar, {
    nullable: true,
    description: "INSEE code of the beneficiary's commune of residence.",
  })
  @PersonalData<Carnet>({ owner: (c) => c.prescriberId })
  beneficiaryInseeCode!: string;

  @Property(calendarDate())
  @Field(() => DateScalar, {
    description:
      'Day the carnet was handed out (Europe/Paris); its passes expire on 31 December of that year.',
  })
  issuedOn!: string;

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Passes in the booklet: 5 or 10.' })
  passCount!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Face value of each pass, in cents.' })
  passValueCents!: number;

  @Field(() => Int, { description: 'Face value of the booklet, in cents.' })
  get valueCents(): number {
    return this.passCount * this.passValueCents;
  }

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub first recorded it.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub last changed it.' })
  updatedAt!: Date;
}
