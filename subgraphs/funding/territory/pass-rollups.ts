import type { EntityManager } from '@mikro-orm/postgresql';
import { clearPendingForRebuild } from '../../shared/rollup-fold';
import type { JournalRollup } from '../../shared/rollup-journal';
import { EXPIRY, ISSUED, REDEEMED, REIMBURSED } from '../migrations/Migration20261129010000_funding_rollups';
import {
  ISSUED_MONTHLY,
  REDEEMED_MONTHLY,
} from '../migrations/Migration20261129090000_funding_monthly_rollups';

/** The six rollups (each a view of its folded and pending rows), by name. */
export const PASS_ROLLUPS: Record<string, JournalRollup> = Object.fromEntries(
  [ISSUED, ISSUED_MONTHLY, EXPIRY, REDEEMED, REDEEMED_MONTHLY, REIMBURSED].map((r) => [r.table, r]),
);

/**
 * The Pass numérique rollups computed from the raw rows: what the statement triggers of migration
 * `Migration20261129010000_funding_rollups` maintain, now as folded and pending rows (`…_funding_rollup_journal`;
 * see INDICATORS.md, "Rollups"). Each query returns the rollup's columns, one row per key.
 */
export const PASS_ROLLUPS_FROM_RAW: Record<string, string> = {
  pass_issued_daily: `select insee_code, date, program_id, prescriber_id, sum(carnets) as carnets,
      sum(passes_issued) as passes_issued, sum(amount_issued) as amount_issued, sum(passes_used) as passes_used,
      sum(passes_cancelled) as passes_cancelled, sum(amount_cancelled) as amount_cancelled
    from (
      select beneficiary_insee_code as insee_code, issued_on as date, program_id, prescriber_id, 1 as carnets,
        0 as passes_issued, 0 as amount_issued, 0 as passes_used, 0 as passes_cancelled, 0 as amount_cancelled
      from carnet
      union all
      select c.beneficiary_insee_code, p.issued_on, p.program_id, c.prescriber_id, 0,
        (p.status <> 'CANCELLED')::int, case when p.status <> 'CANCELLED' then p.value_cents else 0 end,
        (p.status in ('REDEEMED', 'REIMBURSED'))::int,
        (p.status = 'CANCELLED')::int, case when p.status = 'CANCELLED' then p.value_cents else 0 end
      from pass p join carnet c on c.id = p.carnet_id) x
    group by insee_code, date, program_id, prescriber_id`,
  pass_expiry_daily: `select c.beneficiary_insee_code as insee_code, p.expires_on as date, p.program_id, c.prescriber_id,
      count(*) as passes_unused, sum(p.value_cents) as amount_unused
    from pass p join carnet c on c.id = p.carnet_id
    where p.status in ('ISSUED', 'EXPIRED')
    group by 1, 2, 3, 4`,
  pass_redeemed_daily: `select c.beneficiary_insee_code as insee_code, (r.redeemed_at at time zone 'Europe/Paris')::date as date,
      p.program_id, count(*) as passes_redeemed, sum(r.value_cents) as amount_redeemed
    from redemption r join pass p on p.id = r.pass_id join carnet c on c.id = p.carnet_id
    group by 1, 2, 3`,
  pass_reimbursed_monthly: `select p.program_id, rb.month, count(*) as passes_reimbursed, sum(r.value_cents) as amount_reimbursed
    from redemption r join pass p on p.id = r.pass_id join reimbursement rb on rb.id = r.reimbursement_id
    group by 1, 2`,
};

/** The month rows (migration `…_funding_monthly_rollups`), also from the raw rows. */
PASS_ROLLUPS_FROM_RAW.pass_issued_monthly = `select insee_code, date_trunc('month', date)::date as month, program_id,
    sum(carnets) as carnets, sum(passes_issued) as passes_issued, sum(amount_issued) as amount_issued,
    sum(passes_used) as passes_used, sum(passes_cancelled) as passes_cancelled, sum(amount_cancelled) as amount_cancelled
  from (${PASS_ROLLUPS_FROM_RAW.pass_issued_daily}) d
  group by 1, 2, 3`;
PASS_ROLLUPS_FROM_RAW.pass_redeemed_monthly = `select insee_code, date_trunc('month', date)::date as month, program_id,
    sum(passes_redeemed) as passes_redeemed, sum(amount_redeemed) as amount_redeemed
  from (${PASS_ROLLUPS_FROM_RAW.pass_redeemed_daily}) d
  group by 1, 2, 3`;

/** The rollups with pending rows of their own (migration `…_funding_rollup_journal`); the month rollups have none. */
export const JOURNALED = [ISSUED, EXPIRY, REDEEMED, REIMBURSED].map((r) => r.table);

/**
 * Rebuilds the rollups from the raw rows into their folded rows, pending rows cleared, in one transaction that holds
 * off writers to the ledger (share locks) and the fold (its advisory lock), so that no write is counted twice or
 * missed. Returns the number of rows of each rollup.
 */
export async function rebuildPassRollups(em: EntityManager): Promise<Record<string, number>> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const run = (sql: string) => connection.execute(sql, [], 'run', ctx);
    await run('lock table carnet, pass, redemption, reimbursement in share mode');
    await clearPendingForRebuild(run, 'fold_pass_rollups', JOURNALED);
    const counts: Record<string, number> = {};
    for (const [table, sql] of Object.entries(PASS_ROLLUPS_FROM_RAW)) {
      await run(`delete from ${table}_folded`);
      await run(`insert into ${table}_folded ${sql}`);
      const [{ n }] = await connection.execute<{ n: string }[]>(
        `select count(*) as n from ${table}`,
        [],
        'all',
        ctx,
      );
      counts[table] = Number(n);
    }
    return counts;
  });
}
