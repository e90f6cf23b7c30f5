/**
 * Rollups applied at commit (see INDICATORS.md, "Rollups applied at commit"). A rollup table is kept by statement
 * triggers that upsert its rows (`insert … on conflict (keys) do update set figure = figure + excluded.figure`).
 * Upserted in the middle of a transaction, a busy row (one commune, one day) stays locked until the commit, across
 * every round trip the application makes after it, and concurrent writers queue on it.
 *
 * Deferred, each row the triggers upsert is set aside in the transaction (`<table>_pending`, an unlogged table, no
 * lock on the rollup), and a deferred constraint trigger applies the transaction's pending rows at its commit: one
 * upsert per rollup, the net change per key, keys in order, the rollups in one fixed order per subgraph (so two
 * writers never deadlock). The lock on a busy row is then held only while the commit runs. The figures are the
 * same, committed with the write or not at all; only a read inside the writing transaction does not see its own
 * change before the commit (nothing reads a rollup there; a rebuild writes with `BYPASS_DEFERRAL`).
 *
 * Frozen SQL: migrations use these functions, so change them only by adding new ones.
 */

/** A rollup table: its primary key's columns and the figures its upserts add up. */
export interface RollupTable {
  table: string;
  keys: string[];
  figures: string[];
}

/** Transaction-local settings: the applying function's own upserts go through; rows are pending. */
const APPLYING = 'declic.rollups_applying';
const PENDING = 'declic.rollups_pending';

/** For a transaction that writes a rollup itself (a rebuild): its upserts apply at once, not at its commit. */
export const BYPASS_DEFERRAL = `select set_config('${APPLYING}', 'on', true)`;

const applyFunction = (subgraph: string) => `${subgraph}_rollups_apply_pending`;

/** Applies a rollup's pending rows of this transaction: deleted, summed per key, upserted in key order. */
function applyPending({ table, keys, figures }: RollupTable): string {
  const key = keys.join(', ');
  return `with d as (delete from ${table}_pending where tx = pg_current_xact_id() returning ${[...keys, ...figures].join(', ')})
    insert into ${table} as r (${key}, ${figures.join(', ')})
    select ${key}, ${figures.map((f) => `sum(${f})`).join(', ')} from d
    group by ${key} having ${figures.map((f) => `sum(${f}) <> 0`).join(' or ')} order by ${key}
    on conflict (${key}) do update set ${figures.map((f) => `${f} = r.${f} + excluded.${f}`).join(', ')};`;
}

/**
 * The SQL that defers a subgraph's rollups, applied at commit in the order given: for each, its pending table, a
 * `before insert` trigger that sets each upserted row aside, and a deferred trigger that applies them at commit.
 */
export function deferRollups(subgraph: string, rollups: RollupTable[]): string[] {
  const apply = applyFunction(subgraph);
  const sql = [
    `create function ${apply}() returns trigger language plpgsql as $$
    declare applying text := current_setting('${APPLYING}', true);
    begin
      -- The first deferred event of the commit applies every pending row; the others find none.
      if current_setting('${PENDING}', true) is distinct from 'on' then return null; end if;
      perform set_config('${PENDING}', 'off', true);
      perform set_config('${APPLYING}', 'on', true);
      ${rollups.map(applyPending).join('\n      ')}
      perform set_config('${APPLYING}', coalesce(applying, ''), true);
      return null;
    end $$`,
  ];
  for (const { table, keys, figures } of rollups) {
    const columns = [...keys, ...figures];
    sql.push(
      `create unlogged table ${table}_pending (like ${table}, tx xid8 not null default pg_current_xact_id())`,
      `create index ${table}_pending_tx_index on ${table}_pending (tx)`,
      `create function ${table}_defer() returns trigger language plpgsql as $$
      begin
        if current_setting('${APPLYING}', true) = 'on' then return new; end if;
        insert into ${table}_pending (${columns.join(', ')}) values (${columns.map((c) => `new.${c}`).join(', ')});
        perform set_config('${PENDING}', 'on', true);
        return null;
      end $$`,
      `create trigger ${table}_defer before insert on ${table} for each row execute function ${table}_defer()`,
      `create constraint trigger ${table}_pending_apply after insert on ${table}_pending
        deferrable initially deferred for each row execute function ${apply}()`,
    );
  }
  return sql;
}

/** The SQL that undoes `deferRollups` (pending rows are applied at each commit, so none is lost). */
export function undeferRollups(subgraph: string, rollups: RollupTable[]): string[] {
  return [
    ...rollups.flatMap(({ table }) => [
      `drop trigger if exists ${table}_defer on ${table}`,
      `drop function if exists ${table}_defer()`,
      `drop table if exists ${table}_pending`,
    ]),
    `drop function if exists ${applyFunction(subgraph)}()`,
  ];
}
