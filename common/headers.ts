/** The HTTP header a client sets to make a mutation safe to retry; the gateway forwards it to the subgraph. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Sent by the gateway to every subgraph: when it gives up on the whole request (epoch milliseconds). */
export const DEADLINE_HEADER = 'x-request-deadline';
