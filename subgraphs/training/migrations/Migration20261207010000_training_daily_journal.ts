import { Migration } from '@mikro-orm/migrations';
import {
  appendPending,
  FOLD_BATCH,
  foldFunction,
  journalView,
  type JournalRollup,
} from '../../shared/rollup-journal';
import {
  APPLY,
  FIGURES,
  KEYS,
  LOCK_SESSIONS,
  OFFERS,
  REGISTRATIONS,
  SESSIONS,
} from './Migration20261129020000_training_daily';
import { UPDATED_SESSIONS } from './Migration20261129080000_training_daily_session_updates';

const TRAINING_DAILY: JournalRollup = { table: 'training_daily', keys: KEYS.split(', '), figures: FIGURES };

/** The three trigger functions of `training_daily`, adding their contributions with `add`. */
const FUNCTIONS = (add: (contributions: string) => string) => [
  `create or replace function training_daily_sessions() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then ${add(SESSIONS('', 'new_rows'))}
    elsif tg_op = 'DELETE' then ${add(SESSIONS('-', 'old_rows'))}
    else ${add(UPDATED_SESSIONS)}
    end if;
    return null;
  end $$`,
  `create or replace function training_daily_registrations() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then ${LOCK_SESSIONS('new_rows')} ${add(REGISTRATIONS('', 'new_rows'))}
    elsif tg_op = 'DELETE' then ${LOCK_SESSIONS('old_rows')} ${add(REGISTRATIONS('-', 'old_rows'))}
    else ${LOCK_SESSIONS('(select session_id, attended from old_rows union all select session_id, attended from new_rows) x')}
      ${add(`${REGISTRATIONS('-', 'old_rows')} union all ${REGISTRATIONS('', 'new_rows')}`)}
    end if;
    return null;
  end $$`,
  `create or replace function training_daily_offers() returns trigger language plpgsql as $$
  begin
    ${add(OFFERS)}
    return null;
  end $$`,
];

/**
 * `training_daily` as a journal (shared/rollup-journal.ts; INDICATORS.md, "Pending changes"), as the Pass
 * numérique rollups (`…_funding_rollup_journal`): registrations to sessions of one commune and day all updated one
 * rollup row, held until each commit, so they queued on it (at scale 100, 10 connections, 5 sessions on one day:
 * 30 % slower than without the rollup). The rows are now `training_daily_folded`, the triggers append their net
 * change per key to `training_daily_pending`, `fold_training_daily()` moves them (the training subgraph's primary
 * process, every ROLLUP_FOLD_INTERVAL_MS) and `training_daily` is the view of both. Frozen SQL: never edit once
 * applied.
 */
export class Migration20261207010000_training_daily_journal extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table training_daily rename to training_daily_folded');
    this.addSql('create table training_daily_pending (like training_daily_folded)');
    this.addSql(journalView(TRAINING_DAILY));
    for (const sql of FUNCTIONS((contributions) => appendPending(TRAINING_DAILY, [contributions])))
      this.addSql(sql);
    this.addSql(foldFunction('fold_training_daily', [[TRAINING_DAILY, []]]));
  }

  override async down(): Promise<void> {
    // Every pending row into the folded ones (a call folds at most FOLD_BATCH per rollup).
    this.addSql(`do $$ begin while fold_training_daily(true) >= ${FOLD_BATCH} loop end loop; end $$`);
    this.addSql('drop function fold_training_daily(boolean)');
    this.addSql('drop view training_daily');
    this.addSql('drop table training_daily_pending');
    this.addSql('alter table training_daily_folded rename to training_daily');
    // The functions as `…_training_daily_session_updates` left them, upserting into the table renamed back.
    for (const sql of FUNCTIONS(APPLY)) this.addSql(sql);
  }
}
