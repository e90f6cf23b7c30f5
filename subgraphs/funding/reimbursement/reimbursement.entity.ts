import { calendarDate } from '../../shared/calendar-date';
import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar, SafeIntScalar } from '../scalars';

/** What a training structure is paid back for one month: the sum of its redeemed passes. */
@Entity({ tableName: 'reimbursement' })
@ObjectType('PassReimbursement', {
  description: 'A monthly reimbursement of a training structure for the passes it redeemed.',
})
export class Reimbursement {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Property({ type: 'uuid' })
  trainerId!: string;

  @Property(calendarDate())
  month!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'How many redeemed passes this reimbursement pays for.' })
  passCount!: number;

  @Property({ type: new BigIntType('number') })
  @Field(() => SafeIntScalar, { description: 'Sum of its redemptions, in cents.' })
  amountCents!: number;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub first recorded it.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub last changed it.' })
  updatedAt!: Date;
}
