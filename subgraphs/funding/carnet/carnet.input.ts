import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../scalars';
import { PassStatus } from '../pass/pass.enums';
import { ParticipantAgeBand } from '../../shared/age-band';
import { PassSocialStatus } from './carnet.enums';

@InputType({ description: 'The pseudonymous beneficiary of a carnet: never a name.' })
export class PassBeneficiaryInput {
  @Field({ description: "The prescriber's opaque reference: 4 to 64 letters, digits, '-' or '_'." })
  reference!: string;

  @Field(() => ParticipantAgeBand, { description: 'The beneficiary’s age band (never a birth date).' })
  ageBand!: ParticipantAgeBand;

  @Field(() => PassSocialStatus, { description: 'The beneficiary’s social status.' })
  socialStatus!: PassSocialStatus;

  @Field({ description: 'INSEE code of the commune of residence.' })
  inseeCode!: string;
}

@InputType({ description: 'A carnet to issue.' })
export class IssueCarnetInput {
  @Field(() => ID, {
    description:
      'The funding programme paying for it: its validity must cover the day of issue and its budget the carnet.',
  })
  programId!: string;

  @Field(() => ID, { description: 'The prescribing structure (Organization id), accredited PRESCRIBER.' })
  prescriberId!: string;

  @Field(() => ID, { nullable: true, description: 'The person who prescribed, when known (Person id).' })
  prescriberPersonId?: string | null;

  @Field(() => PassBeneficiaryInput, {
    description: 'Who receives it, pseudonymously: an opaque reference, age band, social status, commune.',
  })
  beneficiary!: PassBeneficiaryInput;

  @Field(() => Int, { description: 'Passes in the carnet: 5 or 10.' })
  passCount!: number;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Day of issue, today (Europe/Paris) by default; never in the future.',
  })
  issuedOn?: Date | null;
}

@InputType({ description: 'Filters of carnets and passes; all combine with AND.' })
export class PassFilter {
  @Field(() => [ID], { nullable: true, description: 'Issued by any of these prescribers.' })
  prescriberIds?: string[];

  @Field(() => ID, { nullable: true, description: 'Paid for by this funding programme.' })
  programId?: string;

  @Field(() => [PassStatus], {
    nullable: true,
    description: 'Passes in any of these statuses (passes only).',
  })
  statuses?: PassStatus[];

  @Field(() => DateScalar, { nullable: true, description: 'Issued on or after this day.' })
  issuedFrom?: Date;

  @Field(() => DateScalar, { nullable: true, description: 'Issued on or before this day.' })
  issuedTo?: Date;

  @Field(() => [String], { nullable: true, description: "Beneficiary's commune, by INSEE code." })
  inseeCodes?: string[];

  @Field(() => [String], {
    nullable: true,
    description: "Beneficiary's commune in any of these EPCIs (SIREN).",
  })
  epciSirens?: string[];
}
