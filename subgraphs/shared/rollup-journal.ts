/**
 * Rollups kept as a journal (subgraphs/shared/INDICATORS.md, "Pending changes"): a write's trigger appends its net
 * change per key to `<rollup>_pending` (a plain insert: no row is shared with another writer, so concurrent writes
 * never queue on a busy key), a fold adds the pending rows to `<rollup>_folded` and deletes them in one transaction,
 * and readers read the view `<rollup>`, folded rows and pending rows together, summing per key as they always do.
 * Every figure is a sum, so a key's figure is the same whether its changes are folded or not, in any snapshot.
 * Migrations use these functions, so the SQL they give must not change.
 */

/** A rollup: its table (the view readers read), the columns of its key and its figures, in order. */
export interface JournalRollup {
  table: string;
  keys: string[];
  figures: string[];
}

/** A rollup kept from another one's pending rows (a month rollup from the day rows): its key as expressions of them. */
export interface DerivedRollup extends JournalRollup {
  /** One SQL expression per key column of the derived rollup, over the source's columns. */
  from: string[];
}

const sums = (figures: string[]) => figures.map((f) => `sum(${f})`).join(', ');
const anyChange = (figures: string[]) => figures.map((f) => `sum(${f}) <> 0`).join(' or ');

/**
 * Appends the net change of `parts` (selects of keys then figures, unioned) per key to the rollup's pending rows;
 * keys whose change sums to 0 append nothing.
 */
export function appendPending(rollup: JournalRollup, parts: string[]): string {
  const columns = [...rollup.keys, ...rollup.figures];
  const keys = rollup.keys.join(', ');
  return `insert into ${rollup.table}_pending (${columns.join(', ')})
      select ${keys}, ${sums(rollup.figures)}
      from (${parts.join(' union all ')}) as x (${columns.join(', ')})
      group by ${keys} having ${anyChange(rollup.figures)};`;
}

/** `insert … on conflict do update` of `select`'s sums into a folded table, keys in order. */
function upsertFolded(rollup: JournalRollup, keyExpressions: string[], source: string): string {
  const keys = rollup.keys.join(', ');
  const groups = keyExpressions.map((_, i) => i + 1).join(', ');
  return `insert into ${rollup.table}_folded as d (${[...rollup.keys, ...rollup.figures].join(', ')})
      select ${keyExpressions.join(', ')}, ${sums(rollup.figures)} from ${source}
      group by ${groups} having ${anyChange(rollup.figures)} order by ${groups}
      on conflict (${keys}) do update set ${rollup.figures.map((f) => `${f} = d.${f} + excluded.${f}`).join(', ')}`;
}

/** At most this many pending rows of a rollup are folded by one call of a fold function (one transaction). */
export const FOLD_BATCH = 20_000;

/**
 * Moves pending rows visible to the statement (at most FOLD_BATCH) into the folded rows (and those of the rollups
 * derived from it), in one statement: a reader sees them either pending or folded, never both nor neither. Rows of
 * writers still in progress are not visible, so they stay for the next fold. Adds the number of rows moved to the
 * variable `total`.
 */
export function foldPending(rollup: JournalRollup, derived: DerivedRollup[] = []): string {
  return `with moved as (delete from ${rollup.table}_pending
        where ctid = any(array(select ctid from ${rollup.table}_pending limit ${FOLD_BATCH})) returning *),
      folded as (${upsertFolded(rollup, rollup.keys, 'moved')})
      ${derived.map((d, i) => `, derived_${i} as (${upsertFolded(d, d.from, 'moved')})`).join('\n')}
    select total + count(*) into total from moved;`;
}

/** The view readers read: folded rows, then the pending ones (for a derived rollup, its source's, as its keys). */
export function journalView(
  rollup: JournalRollup,
  source?: { rollup: JournalRollup; from: string[] },
): string {
  const columns = [...rollup.keys, ...rollup.figures];
  const pending = source
    ? `select ${[...source.from, ...rollup.figures].join(', ')} from ${source.rollup.table}_pending`
    : `select ${columns.join(', ')} from ${rollup.table}_pending`;
  return `create view ${rollup.table} (${columns.join(', ')}) as
    select ${columns.join(', ')} from ${rollup.table}_folded
    union all
    ${pending}`;
}

/** The advisory lock a fold function `name` holds for its transaction (and a rebuild takes to hold folds off). */
export const foldLockKey = (name: string) => `hashtext('${name}')`;

/**
 * A function `name(wait)` that folds the pending rows of each rollup (with those derived from it) and returns how
 * many it moved (a rollup with more than FOLD_BATCH pending rows needs another call). It takes the advisory lock
 * `hashtext(name)` for its transaction; when another transaction holds it, `name()` returns 0 at once (the timer of
 * each subgraph's primary process, `rollup-fold.ts`) and `name(true)` waits for it (as a rebuild does).
 */
export function foldFunction(name: string, rollups: [JournalRollup, DerivedRollup[]][]): string {
  return `create or replace function ${name}(wait boolean default false) returns bigint language plpgsql as $$
  declare total bigint := 0;
  begin
    if wait then perform pg_advisory_xact_lock(${foldLockKey(name)});
    elsif not pg_try_advisory_xact_lock(${foldLockKey(name)}) then return 0;
    end if;
    ${rollups.map(([rollup, derived]) => foldPending(rollup, derived)).join('\n    ')}
    return total;
  end $$`;
}
