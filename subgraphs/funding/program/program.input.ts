import { Field, ID, InputType } from 'type-graphql';
import { DateScalar, SafeIntScalar } from '../scalars';

@InputType('FundingContributionInput', { description: "A funder's share of a programme's budget." })
export class ContributionInput {
  @Field(() => ID, { description: 'The funder (Organization id).' })
  funderId!: string;

  @Field(() => SafeIntScalar, { description: 'Amount in euro cents, above 0.' })
  amountCents!: number;
}

@InputType({ description: 'A new funding programme and its first contributions.' })
export class FundingProgramInput {
  @Field({ description: 'At most 300 characters.' })
  name!: string;

  @Field(() => ID, { description: 'The operator (Organization id), e.g. Docaposte.' })
  operatorId!: string;

  @Field(() => DateScalar, { description: 'First day carnets may be issued (YYYY-MM-DD).' })
  validFrom!: Date;

  @Field(() => DateScalar, {
    description: 'Last day carnets may be issued (YYYY-MM-DD), not before validFrom.',
  })
  validTo!: Date;

  @Field(() => SafeIntScalar, { description: 'Budget in euro cents.' })
  budgetCents!: number;

  @Field(() => [ContributionInput], { nullable: true, description: 'Their sum may not exceed the budget.' })
  contributions?: ContributionInput[];
}
