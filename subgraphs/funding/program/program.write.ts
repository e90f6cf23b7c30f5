import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems, refusal } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { checks } from '../../shared/validation';
import { isoDate } from '../ledger-dates';
import { euros } from '../ledger-errors';
import { Contribution, FundingProgram } from './program.entity';
import type { ContributionInput, FundingProgramInput } from './program.input';

const MAX_CENTS = Number.MAX_SAFE_INTEGER;

function checkContribution(problems: InputProblems, field: string, input: ContributionInput): void {
  problems.check(UUID_PATTERN.test(input.funderId), `${field}.funderId`, 'not an organization id');
  problems.check(
    Number.isSafeInteger(input.amountCents) && input.amountCents > 0,
    `${field}.amountCents`,
    'must be a whole number of cents above 0',
  );
}

/** Checks that need no database. */
export function checkProgramInput(input: FundingProgramInput): InputProblems {
  const problems = new InputProblems();
  checks.requiredText(problems, 'input.name', input.name);
  problems.check(UUID_PATTERN.test(input.operatorId), 'input.operatorId', 'not an organization id');
  problems.check(input.validFrom <= input.validTo, 'input.validTo', 'must not be before validFrom');
  problems.check(
    Number.isSafeInteger(input.budgetCents) && input.budgetCents >= 0 && input.budgetCents <= MAX_CENTS,
    'input.budgetCents',
    'must be a whole number of cents, 0 or more',
  );
  const contributions = input.contributions ?? [];
  contributions.forEach((c, i) => checkContribution(problems, `input.contributions.${i}`, c));
  const funders = contributions.map((c) => c.funderId.toLowerCase());
  if (new Set(funders).size !== funders.length)
    problems.add('input.contributions', 'a funder contributes once per programme');
  const total = contributions.reduce((sum, c) => sum + c.amountCents, 0);
  if (problems.isEmpty && total > input.budgetCents)
    problems.add('input.contributions', `they add up to ${euros(total)}, over the budget`);
  return problems;
}

/** Creates a programme and its contributions; the database checks that contributions stay within the budget. */
export async function createProgram(em: EntityManager, input: FundingProgramInput): Promise<FundingProgram> {
  checkProgramInput(input).throwIfAny();
  const now = new Date();
  const contributions = input.contributions ?? [];
  const program = em.create(FundingProgram, {
    id: randomUUID(),
    name: input.name.trim(),
    operatorId: input.operatorId.toLowerCase(),
    validFrom: isoDate(input.validFrom),
    validTo: isoDate(input.validTo),
    budgetCents: input.budgetCents,
    issuedCents: 0,
    contributedCents: contributions.reduce((sum, c) => sum + c.amountCents, 0),
    createdAt: now,
    updatedAt: now,
  });
  for (const c of contributions) {
    em.create(Contribution, {
      id: randomUUID(),
      programId: program.id,
      funderId: c.funderId.toLowerCase(),
      amountCents: c.amountCents,
      createdAt: now,
      updatedAt: now,
    });
  }
  await em.flush();
  return program;
}

/** Adds a contribution under a lock on the programme, so that concurrent ones cannot pass the budget together. */
export async function addContribution(
  em: EntityManager,
  programId: string,
  input: ContributionInput,
): Promise<Contribution> {
  const problems = new InputProblems();
  problems.check(UUID_PATTERN.test(programId), 'programId', 'not a programme id');
  checkContribution(problems, 'input', input);
  problems.throwIfAny();
  const [program] = await em.execute<{ budget_cents: string; contributed_cents: string }[]>(
    'select budget_cents, contributed_cents from funding_program where id = ? for update',
    [programId],
  );
  if (!program) problems.add('programId', 'unknown programme');
  else {
    const [taken] = await em.execute('select 1 from contribution where program_id = ? and funder_id = ?', [
      programId,
      input.funderId.toLowerCase(),
    ]);
    if (taken) problems.add('input.funderId', 'this funder already contributes to the programme');
  }
  problems.throwIfAny();
  const left = Number(program.budget_cents) - Number(program.contributed_cents);
  if (input.amountCents > left)
    throw refusal(
      'BUDGET_EXCEEDED',
      `the contributions would exceed the budget: ${euros(left)} left to fund`,
      'input.amountCents',
    );
  await em.execute(
    'update funding_program set contributed_cents = contributed_cents + ?, updated_at = now() where id = ?',
    [input.amountCents, programId],
  );
  const now = new Date();
  const contribution = em.create(Contribution, {
    id: randomUUID(),
    programId,
    funderId: input.funderId.toLowerCase(),
    amountCents: input.amountCents,
    createdAt: now,
    updatedAt: now,
  });
  await em.flush();
  return contribution;
}
