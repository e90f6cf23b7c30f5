/** The HTTP header a client sets to make a mutation safe to retry; the gateway forwards it to the subgraph. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
