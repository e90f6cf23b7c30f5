/** A PostgreSQL text[] literal: knex expands JS arrays in raw bindings, so arrays travel as one literal. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}

/**
 * SQL with named parameters (`:from`, `:codes`; `::type` casts untouched) as the positional SQL and bindings
 * `em.execute` takes: `em.execute(...namedBindings(sql, { from, to }))`.
 */
export function namedBindings(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const bindings: unknown[] = [];
  const positional = sql.replace(/(?<!:):([a-zA-Z_]\w*)/g, (match, name: string) => {
    if (!(name in values)) return match;
    bindings.push(values[name]);
    return '?';
  });
  return [positional, bindings];
}
