import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems, refusal } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { isAccredited } from '../carnet/carnet.write';
import { isoDate } from '../ledger-dates';
import { todayInParis } from '../../shared/today';
import { violates } from '../ledger-errors';
import { Redemption } from './pass.entity';
import { PassStatus } from './pass.enums';
import { normalizeSerial } from './pass-serial';
import { mapRow } from '../rows';

export interface RedeemInput {
  serial: string;
  trainerId: string;
  trainingSessionId?: string | null;
}

/**
 * Redeems a pass once. The conditional UPDATE (status still ISSUED, still redeemable) takes the row lock:
 * concurrent attempts queue on it and, once the first commits, find the pass REDEEMED and are refused; the
 * unique constraint on `redemption.pass_id` backs this up.
 */
export async function redeemPass(em: EntityManager, input: RedeemInput): Promise<Redemption> {
  const problems = new InputProblems();
  const serial = normalizeSerial(input.serial);
  problems.check(serial !== null, 'serial', 'not a pass serial (16 characters, e.g. 7K3M-QX9P-2RTW-H4VC)');
  problems.check(UUID_PATTERN.test(input.trainerId), 'trainerId', 'not an organization id');
  if (input.trainingSessionId != null)
    problems.check(UUID_PATTERN.test(input.trainingSessionId), 'trainingSessionId', 'not a session id');
  problems.throwIfAny();
  const trainerId = input.trainerId.toLowerCase();
  if (!(await isAccredited(em, trainerId, 'QUALIFIED_TRAINER')))
    throw refusal('NOT_QUALIFIED', 'this organization is not a qualified training structure', 'trainerId');

  const today = todayInParis();
  const [pass] = await em.execute<{ id: string; value_cents: number }[]>(
    `update pass set status = 'REDEEMED', updated_at = now()
     where serial = ? and status = 'ISSUED' and redeemable_until >= ?::date
     returning id, value_cents`,
    [serial, today],
  );
  if (!pass) throw await whyNotRedeemable(em, serial!, today);

  const now = new Date();
  try {
    const [row] = await em.execute<Record<string, unknown>[]>(
      em
        .getKnex()('redemption')
        .insert({
          id: randomUUID(),
          pass_id: pass.id,
          trainer_id: trainerId,
          training_session_id: input.trainingSessionId?.toLowerCase() ?? null,
          redeemed_at: now,
          value_cents: pass.value_cents,
          created_at: now,
          updated_at: now,
        })
        .returning('*'),
    );
    return mapRow(em, Redemption, row);
  } catch (error) {
    if (violates(error, 'redemption_pass_unique'))
      throw refusal('PASS_ALREADY_REDEEMED', 'this pass has already been redeemed', 'serial');
    throw error;
  }
}

/** The refusal for a pass the conditional update did not take. */
async function whyNotRedeemable(em: EntityManager, serial: string, today: string) {
  const [row] = await em.execute<{ status: PassStatus; lapsed: boolean }[]>(
    'select status, redeemable_until < ?::date as lapsed from pass where serial = ?',
    [today, serial],
  );
  if (!row) return refusal('BAD_USER_INPUT', 'serial: unknown pass', 'serial');
  switch (row.status) {
    case PassStatus.REDEEMED:
    case PassStatus.REIMBURSED:
      return refusal('PASS_ALREADY_REDEEMED', 'this pass has already been redeemed', 'serial');
    case PassStatus.CANCELLED:
      return refusal('PASS_CANCELLED', 'this pass was cancelled', 'serial');
    default:
      return refusal(
        'PASS_EXPIRED',
        'this pass expired: it was redeemable until 31 January after its year',
        'serial',
      );
  }
}

/** Marks EXPIRED every ISSUED pass whose redemption tolerance ended before `asOf` (today by default). */
export async function expirePasses(
  em: EntityManager,
  asOf: Date | null | undefined,
): Promise<{ asOf: string; passesExpired: number; amountExpiredCents: number }> {
  const today = todayInParis();
  const day = asOf ? isoDate(asOf) : today;
  if (day > today) throw refusal('BAD_USER_INPUT', 'asOf: must not be in the future', 'asOf');
  const rows = await em.execute<{ value_cents: number }[]>(
    `update pass set status = 'EXPIRED', updated_at = now()
     where status = 'ISSUED' and redeemable_until < ?::date returning value_cents`,
    [day],
  );
  return {
    asOf: day,
    passesExpired: rows.length,
    amountExpiredCents: rows.reduce((sum, r) => sum + Number(r.value_cents), 0),
  };
}
