import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { refusal } from '../../shared/errors';
import { pgTextArray } from '../../shared/sql';
import { todayInParis } from '../../shared/today';
import { violates } from '../ledger-errors';
import { Reimbursement } from './reimbursement.entity';
import { mapRow } from '../rows';

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** First day of the month after `YYYY-MM`, as YYYY-MM-DD. */
function nextMonthStart(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * Reimburses, per training structure, every redeemed pass not yet reimbursed and redeemed before the end of
 * `month` (stragglers of earlier months included). The redemptions are locked (`for update`), so a batch run
 * twice at once reimburses each of them once; `unique (trainer_id, month)` refuses a second batch for a
 * structure and month, and the sums are checked against the rows before commit.
 */
export async function runReimbursementBatch(em: EntityManager, month: string): Promise<Reimbursement[]> {
  const parsed = MONTH_PATTERN.exec(month);
  if (!parsed) throw refusal('BAD_USER_INPUT', 'month: expected YYYY-MM', 'month');
  const end = nextMonthStart(month);
  if (end > todayInParis()) throw refusal('BAD_USER_INPUT', 'month: the month is not over yet', 'month');

  const pending = await em.execute<{ id: string; trainer_id: string; value_cents: number }[]>(
    `select id, trainer_id, value_cents from redemption
     where reimbursement_id is null and redeemed_at < (?::date)::timestamp at time zone 'Europe/Paris'
     order by id for update`,
    [end],
  );
  if (pending.length === 0) return [];
  const byTrainer = new Map<string, { id: string; ids: string[]; amount: number }>();
  for (const r of pending) {
    const group = byTrainer.get(r.trainer_id) ?? { id: randomUUID(), ids: [], amount: 0 };
    group.ids.push(r.id);
    group.amount += Number(r.value_cents);
    byTrainer.set(r.trainer_id, group);
  }
  const now = new Date();
  const knex = em.getKnex();
  let rows: Record<string, unknown>[];
  try {
    rows = await em.execute<Record<string, unknown>[]>(
      knex('reimbursement')
        .insert(
          [...byTrainer].map(([trainerId, g]) => ({
            id: g.id,
            trainer_id: trainerId,
            month: `${month}-01`,
            pass_count: g.ids.length,
            amount_cents: g.amount,
            created_at: now,
            updated_at: now,
          })),
        )
        .returning('*'),
    );
  } catch (error) {
    if (violates(error, 'reimbursement_trainer_month_unique'))
      throw refusal('BAD_USER_INPUT', 'month: a structure was already reimbursed for this month', 'month');
    throw error;
  }
  const redemptionIds: string[] = [];
  const reimbursementIds: string[] = [];
  for (const g of byTrainer.values())
    for (const id of g.ids) {
      redemptionIds.push(id);
      reimbursementIds.push(g.id);
    }
  const linked = await em.execute<{ pass_id: string }[]>(
    `update redemption r set reimbursement_id = x.reimbursement_id, updated_at = now()
     from (select unnest(?::text[])::uuid as id, unnest(?::text[])::uuid as reimbursement_id) x
     where r.id = x.id and r.reimbursement_id is null returning r.pass_id`,
    [pgTextArray(redemptionIds), pgTextArray(reimbursementIds)],
  );
  const passes = await em.execute<{ id: string }[]>(
    `update pass set status = 'REIMBURSED', updated_at = now()
     where id = any(?::text[]::uuid[]) and status = 'REDEEMED' returning id`,
    [pgTextArray(linked.map((l) => l.pass_id))],
  );
  const [mismatch] = await em.execute(
    `select rb.id from reimbursement rb left join redemption r on r.reimbursement_id = rb.id
     where rb.id = any(?::text[]::uuid[])
     group by rb.id having rb.amount_cents <> coalesce(sum(r.value_cents), 0) or rb.pass_count <> count(r.id)`,
    [pgTextArray([...byTrainer.values()].map((g) => g.id))],
  );
  if (linked.length !== pending.length || passes.length !== pending.length || mismatch)
    throw new Error('reimbursement batch does not add up; rolled back');
  return rows.map((row) => mapRow(em, Reimbursement, row));
}
