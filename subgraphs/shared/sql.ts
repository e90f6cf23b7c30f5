/** A PostgreSQL text[] literal: knex expands JS arrays in raw bindings, so arrays travel as one literal. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}
