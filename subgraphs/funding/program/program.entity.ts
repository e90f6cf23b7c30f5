import { calendarDate } from '../../shared/calendar-date';
import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar, SafeIntScalar } from '../scalars';

/** A funding programme: the budget every pass it issues draws on. */
@Entity({ tableName: 'funding_program' })
@ObjectType({
  description: 'A Pass numérique funding programme: operator, validity, budget and contributions.',
})
@Directive('@key(fields: "id")')
export class FundingProgram {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Property({ type: 'text' })
  @Field({ description: 'Name of the programme (e.g. Pass numérique Lot-et-Garonne 2024–2026 (déClic47)).' })
  name!: string;

  @Property({ type: 'uuid' })
  operatorId!: string;

  @Property(calendarDate())
  @Field(() => DateScalar, { description: 'First day carnets may be issued.' })
  validFrom!: string;

  @Property(calendarDate())
  @Field(() => DateScalar, { description: 'Last day carnets may be issued.' })
  validTo!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntScalar, { description: 'Budget in euro cents.' })
  budgetCents!: number;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntScalar, {
    description:
      'Budget used: value of the passes issued and not cancelled, in cents. Never above the budget.',
  })
  issuedCents!: number;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntScalar, { description: 'Sum of the contributions, in cents. Never above the budget.' })
  contributedCents!: number;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub first recorded it.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub last changed it.' })
  updatedAt!: Date;
}

/** A funder's share of a programme's budget. */
@Entity({ tableName: 'contribution' })
@ObjectType('FundingContribution', { description: "A funder's contribution to a programme's budget." })
export class Contribution {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Property({ type: 'uuid' })
  programId!: string;

  @Property({ type: 'uuid' })
  funderId!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntScalar, { description: 'Amount in euro cents.' })
  amountCents!: number;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub first recorded it.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub last changed it.' })
  updatedAt!: Date;
}
