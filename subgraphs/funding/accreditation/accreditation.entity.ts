import { calendarDate } from '../../shared/calendar-date';
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../scalars';
import { PassAccreditationRole } from './accreditation.enums';

/**
 * An organization accredited to prescribe or to redeem passes. Roles belong to the places subgraph, whose
 * tables this subgraph may not read; so the ledger keeps its own registry, seeded from the catalog's roles
 * and maintained by `setPassAccreditation`, and checks it inside the issuing and redeeming transactions.
 */
@Entity({ tableName: 'accreditation' })
@ObjectType('PassAccreditation', { description: 'An organization accredited to prescribe or redeem passes.' })
export class Accreditation {
  @PrimaryKey({ type: 'uuid' })
  organizationId!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  @Field(() => PassAccreditationRole, {
    description: 'What it is accredited for: prescribing or redeeming passes.',
  })
  role!: PassAccreditationRole;

  @Property({ type: 'boolean' })
  @Field({
    description: 'true while the accreditation is in force; false once withdrawn (the row stays as history).',
  })
  active!: boolean;

  @Property(calendarDate())
  @Field(() => DateScalar, {
    description: 'Since when it holds (or, inactive, last changed) this accreditation.',
  })
  since!: string;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub first recorded it.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => DateTimeScalar, { description: 'When the hub last changed it.' })
  updatedAt!: Date;
}
