/**
 * The three statement triggers that run `fn` after every insert, update and delete on `table`, with the statement's
 * rows as transition tables (`new_rows`, `old_rows` and both for an update): `<name>_insert`, `<name>_update`,
 * `<name>_delete`. The rollups' triggers are made this way (subgraphs/shared/INDICATORS.md). Migrations use it, so
 * the SQL it gives must not change.
 */
export const statementTriggers = (table: string, name: string, fn: string): string[] => [
  `create trigger ${name}_insert after insert on ${table}
      referencing new table as new_rows for each statement execute function ${fn}()`,
  `create trigger ${name}_update after update on ${table}
      referencing old table as old_rows new table as new_rows for each statement execute function ${fn}()`,
  `create trigger ${name}_delete after delete on ${table}
      referencing old table as old_rows for each statement execute function ${fn}()`,
];

/**
 * A trigger function for `statementTriggers` that nets a statement's rows: `apply(rows)` is the SQL run with `rows`
 * a select of the changed rows' `columns` and a `sign` (1 inserted, -1 deleted; an update gives both). Migrations
 * use it, so the SQL it gives must not change.
 */
export const signedRowsFunction = (name: string, columns: string, apply: (rows: string) => string): string =>
  `create function ${name}() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then ${apply(`select 1 as sign, ${columns} from new_rows`)}
    elsif tg_op = 'DELETE' then ${apply(`select -1 as sign, ${columns} from old_rows`)}
    else ${apply(`select -1 as sign, ${columns} from old_rows union all select 1, ${columns} from new_rows`)}
    end if;
    return null;
  end $$`;
