import { ArgsType, Field } from 'type-graphql';
import { DateScalar } from './scalars';
import { badUserInput } from './errors';

/** The period every territory indicator takes, both ends included. */
@ArgsType()
export class PeriodArgs {
  @Field(() => DateScalar, { description: 'First day of the period (included).' })
  from!: Date;

  @Field(() => DateScalar, { description: 'Last day of the period (included).' })
  to!: Date;
}

export interface Period {
  /** Inclusive start, YYYY-MM-DD. */
  from: string;
  /** Inclusive end, YYYY-MM-DD. */
  to: string;
}

const MAX_PERIOD_DAYS = 366 * 20;

/** Validates a period (from ≤ to, at most 20 years) and returns it as ISO dates. */
export function toPeriod(args: PeriodArgs): Period {
  const from = args.from.toISOString().slice(0, 10);
  const to = args.to.toISOString().slice(0, 10);
  if (from > to) throw badUserInput('from', 'must not be after `to`');
  if ((args.to.getTime() - args.from.getTime()) / 86_400_000 > MAX_PERIOD_DAYS) {
    throw badUserInput('to', 'a period spans at most 20 years');
  }
  return { from, to };
}
