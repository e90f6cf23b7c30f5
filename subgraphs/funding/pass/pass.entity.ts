import { calendarDate } from '../../shared/calendar-date';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../scalars';
import { PersonalData } from '../../shared/personal-data';
import type { FundingContext } from '../context';
import { PassStatus } from './pass.enums';

/** A serial is a bearer instrument: its issuing prescriber and the trainer that redeemed it own it (DESIGN.md 5). */
async function serialOwners(pass: Pass, ctx: FundingContext): Promise<(string | undefined)[]> {
  const [carnet, redemption] = await Promise.all([
    ctx.loaders.carnet.load(pass.carnetId),
    ctx.loaders.redemptionByPass.load(pass.id),
  ]);
  return [carnet?.prescriberId, redemption?.trainerId];
}

/** One €10 cheque of a carnet. */
@Entity({ tableName: 'pass' })
@ObjectType({ description: 'A Pass numérique: a €10 training cheque, redeemable once.' })
@Directive('@key(fields: "id")')
export class Pass {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Property({ type: 'string', length: 19 })
  @Field(() => String, {
    nullable: true,
    description:
      'Serial number printed on the pass (random, 80 bits, Crockford base 32): a secret worth its value, read only by the issuing prescriber, the trainer that redeemed it and admins; null with FORBIDDEN for anyone else.',
  })
  @PersonalData<Pass, FundingContext>({ owner: serialOwners, tag: 'secret' })
  serial!: string;

  @Property({ type: 'uuid' })
  carnetId!: string;

  @Property({ type: 'uuid' })
  programId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Face value in cents.' })
  valueCents!: number;

  @Property({ type: 'string', length: 12 })
  @Field(() => PassStatus, {
    description: 'Where the pass stands: issued, redeemed, reimbursed, expired or cancelled.',
  })
  status!: PassStatus;

  @Property(calendarDate())
  @Field(() => DateScalar, { description: 'Day the pass was issued, with its carnet.' })
  issuedOn!: string;

  @Property(calendarDate())
  @Field(() => DateScalar, { description: '31 December of the year of issue.' })
  expiresOn!: string;

  @Property(calendarDate())
  @Field(() => DateScalar, { description: 'Last day it is accepted: 31 January after the year of issue.' })
  redeemableUntil!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub first recorded it.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub last changed it.' })
  updatedAt!: Date;
}

/** A pass used at a qualified training structure: at most one per pass (unique in the database). */
@Entity({ tableName: 'redemption' })
@ObjectType('PassRedemption', { description: 'A pass used at a qualified training structure.' })
export class Redemption {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Property({ type: 'uuid' })
  passId!: string;

  @Property({ type: 'uuid' })
  trainerId!: string;

  @Property({ type: 'uuid', nullable: true })
  trainingSessionId?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the training structure redeemed the pass.' })
  redeemedAt!: Date;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Amount owed to the training structure, in cents.' })
  valueCents!: number;

  @Property({ type: 'uuid', nullable: true })
  reimbursementId?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub first recorded it.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub last changed it.' })
  updatedAt!: Date;
}
