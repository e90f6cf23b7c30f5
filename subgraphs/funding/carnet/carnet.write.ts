import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems, refusal } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { territoryReference } from '../../shared/territory';
import { isoDate, passDates } from '../ledger-dates';
import { todayInParis } from '../../shared/today';
import { euros, violates } from '../ledger-errors';
import { PASS_VALUE_CENTS, PassStatus } from '../pass/pass.enums';
import { newSerial } from '../pass/pass-serial';
import { Carnet } from './carnet.entity';
import type { IssueCarnetInput } from './carnet.input';
import { mapRow } from '../rows';

const REFERENCE_PATTERN = /^[A-Za-z0-9_-]{4,64}$/;

/** Checks that need no database. */
export function checkIssueInput(input: IssueCarnetInput, today: string): InputProblems {
  const problems = new InputProblems();
  problems.check(UUID_PATTERN.test(input.programId), 'input.programId', 'not a programme id');
  problems.check(UUID_PATTERN.test(input.prescriberId), 'input.prescriberId', 'not an organization id');
  if (input.prescriberPersonId != null)
    problems.check(
      UUID_PATTERN.test(input.prescriberPersonId),
      'input.prescriberPersonId',
      'not a person id',
    );
  problems.check(
    REFERENCE_PATTERN.test(input.beneficiary.reference),
    'input.beneficiary.reference',
    "4 to 64 letters, digits, '-' or '_' (an opaque reference, not a name)",
  );
  problems.check(
    territoryReference().isCommune(input.beneficiary.inseeCode),
    'input.beneficiary.inseeCode',
    'not a commune of the territory',
  );
  problems.check([5, 10].includes(input.passCount), 'input.passCount', 'a carnet holds 5 or 10 passes');
  if (input.issuedOn != null && isoDate(input.issuedOn) > today)
    problems.add('input.issuedOn', 'must not be in the future');
  return problems;
}

/** Whether an organization holds an active accreditation; the share lock holds it until the transaction ends. */
export async function isAccredited(
  em: EntityManager,
  organizationId: string,
  role: string,
): Promise<boolean> {
  const [row] = await em.execute<{ active: boolean }[]>(
    'select active from accreditation where organization_id = ? and role = ? for share',
    [organizationId, role],
  );
  return row?.active === true;
}

/**
 * Issues a carnet and its passes. The programme row is locked (`for update`) so that concurrent issues see
 * each other's amounts; the budget check on `issued_cents` is the database's last word.
 */
export async function issueCarnet(em: EntityManager, input: IssueCarnetInput): Promise<Carnet> {
  const today = todayInParis();
  const problems = checkIssueInput(input, today);
  problems.throwIfAny();
  const issuedOn = input.issuedOn != null ? isoDate(input.issuedOn) : today;
  const prescriberId = input.prescriberId.toLowerCase();
  if (!(await isAccredited(em, prescriberId, 'PRESCRIBER')))
    throw refusal(
      'NOT_PRESCRIBER',
      'this organization is not an accredited prescriber',
      'input.prescriberId',
    );

  const [program] = await em.execute<{ budget_cents: string; issued_cents: string; in_period: boolean }[]>(
    `select budget_cents, issued_cents, ?::date between valid_from and valid_to as in_period
     from funding_program where id = ? for update`,
    [issuedOn, input.programId],
  );
  if (!program) problems.add('input.programId', 'unknown programme');
  else if (!program.in_period) problems.add('input.issuedOn', 'outside the programme’s validity period');
  problems.throwIfAny();

  const value = input.passCount * PASS_VALUE_CENTS;
  const left = Number(program.budget_cents) - Number(program.issued_cents);
  if (value > left)
    throw refusal(
      'BUDGET_EXCEEDED',
      `the programme has ${euros(left)} left, the carnet is worth ${euros(value)}`,
      'input.passCount',
    );

  const now = new Date();
  const carnetId = randomUUID();
  const knex = em.getKnex();
  const [carnetRow] = await em.execute<Record<string, unknown>[]>(
    knex('carnet')
      .insert({
        id: carnetId,
        program_id: input.programId.toLowerCase(),
        prescriber_id: prescriberId,
        prescriber_person_id: input.prescriberPersonId?.toLowerCase() ?? null,
        beneficiary_reference: input.beneficiary.reference,
        beneficiary_age_band: input.beneficiary.ageBand,
        beneficiary_social_status: input.beneficiary.socialStatus,
        beneficiary_insee_code: input.beneficiary.inseeCode,
        issued_on: issuedOn,
        pass_count: input.passCount,
        pass_value_cents: PASS_VALUE_CENTS,
        created_at: now,
        updated_at: now,
      })
      .returning('*'),
  );
  const dates = passDates(issuedOn);
  await em.execute(
    knex('pass').insert(
      Array.from({ length: input.passCount }, () => ({
        id: randomUUID(),
        serial: newSerial(),
        carnet_id: carnetId,
        program_id: input.programId.toLowerCase(),
        value_cents: PASS_VALUE_CENTS,
        status: PassStatus.ISSUED,
        issued_on: issuedOn,
        expires_on: dates.expiresOn,
        redeemable_until: dates.redeemableUntil,
        created_at: now,
        updated_at: now,
      })),
    ),
  );
  try {
    await em.execute(
      'update funding_program set issued_cents = issued_cents + ?, updated_at = now() where id = ?',
      [value, input.programId],
    );
  } catch (error) {
    if (violates(error, 'funding_program_budget_check'))
      throw refusal('BUDGET_EXCEEDED', 'the carnet would exceed the programme’s budget', 'input.passCount');
    throw error;
  }
  return mapRow(em, Carnet, carnetRow);
}

/**
 * Cancels the passes of a carnet that are still ISSUED and gives their value back to the budget. Redeemed
 * passes are kept; a pass being redeemed at the same moment is locked, so it ends either redeemed or cancelled.
 */
export async function cancelCarnetPasses(
  em: EntityManager,
  carnetId: string,
): Promise<{ carnet: Carnet; passesCancelled: number; amountCancelledCents: number }> {
  const [carnetRow] = UUID_PATTERN.test(carnetId)
    ? await em.execute<Record<string, unknown>[]>('select * from carnet where id = ?', [carnetId])
    : [];
  if (!carnetRow) throw refusal('BAD_USER_INPUT', 'carnetId: unknown carnet', 'carnetId');
  await em.execute('select 1 from funding_program where id = ? for update', [carnetRow.program_id]);
  const cancelled = await em.execute<{ value_cents: number }[]>(
    `update pass set status = 'CANCELLED', updated_at = now()
     where carnet_id = ? and status = 'ISSUED' returning value_cents`,
    [carnetId],
  );
  const amount = cancelled.reduce((sum, p) => sum + Number(p.value_cents), 0);
  if (amount > 0)
    await em.execute(
      'update funding_program set issued_cents = issued_cents - ?, updated_at = now() where id = ?',
      [amount, carnetRow.program_id],
    );
  return {
    carnet: mapRow(em, Carnet, carnetRow),
    passesCancelled: cancelled.length,
    amountCancelledCents: amount,
  };
}
