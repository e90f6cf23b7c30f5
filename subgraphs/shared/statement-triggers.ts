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
