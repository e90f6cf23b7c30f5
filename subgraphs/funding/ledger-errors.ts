/** Whether a database error is the violation of a named constraint (the driver error or MikroORM's wrapper). */
export function violates(error: unknown, constraint: string): boolean {
  const e = error as { constraint?: string; message?: string; previous?: { constraint?: string } };
  return (
    e?.constraint === constraint ||
    e?.previous?.constraint === constraint ||
    (typeof e?.message === 'string' && e.message.includes(constraint))
  );
}

/** Cents as a euro amount for messages, e.g. 1234 -> "12.34 €". */
export const euros = (cents: number): string => `${(cents / 100).toFixed(2)} €`;
