import { GraphQLError, Kind, parse, type DocumentNode } from 'graphql';
import { intFromEnv } from '../common/config';
import { SubgraphTimeout } from './subgraph-client';

import { DEADLINE_HEADER } from '../common/headers';

export { DEADLINE_HEADER };

/** Deadlines of the gateway, from REQUEST_TIMEOUT_MS and SUBGRAPH_TIMEOUT_MS. */
export interface Deadlines {
  /** The whole request, every subgraph fetch included. */
  requestMs: number;
  /** One subgraph fetch (never beyond what is left of the request). */
  subgraphMs: number;
}

export function deadlinesFromEnv(): Deadlines {
  return {
    requestMs: intFromEnv('REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    subgraphMs: intFromEnv('SUBGRAPH_TIMEOUT_MS', 10_000, 50, 600_000),
  };
}

/** Thrown by the fetcher when it gave up, so the error can say which deadline struck. */
class FetchTimeout extends Error {
  constructor(
    readonly ms: number,
    readonly requestDeadline: boolean,
  ) {
    super(requestDeadline ? `request deadline reached` : `no answer within ${ms} ms`);
  }
}

/**
 * Bounds each subgraph fetch by SUBGRAPH_TIMEOUT_MS and by what is left of the request's deadline (the
 * DEADLINE_HEADER set from the context): the fetcher gets the milliseconds left and gives up then, closing the
 * connection, so a stalled subgraph holds nothing.
 */
export function withDeadline<T>(
  fetcher: (input: string, init: RequestInit, timeoutMs: number) => Promise<T>,
  deadlines: Deadlines,
): (input: string, init: RequestInit) => Promise<T> {
  return async (input, init) => {
    const headers = init.headers as Record<string, string> | undefined;
    const deadline = Number(headers?.[DEADLINE_HEADER]);
    const left = Number.isFinite(deadline) ? Math.max(1, deadline - Date.now()) : Infinity;
    const ms = Math.min(deadlines.subgraphMs, left);
    try {
      return await fetcher(input, init, ms);
    } catch (error) {
      if (error instanceof SubgraphTimeout) throw new FetchTimeout(ms, ms < deadlines.subgraphMs);
      throw error;
    }
  };
}

/** A GraphQL response path as the spec has it: the gateway's '@' (every item of a list) cut off. */
function errorPath(
  path: readonly (string | number)[] | undefined,
  document: DocumentNode | undefined,
  query: string | undefined,
) {
  const prefix: (string | number)[] = [];
  for (const key of path ?? []) {
    if (key === '@') break;
    prefix.push(key);
  }
  if (prefix.length) return prefix;
  // A root fetch: the first root field it was asked for.
  let doc = document;
  try {
    doc ??= query ? parse(query) : undefined;
  } catch {
    return undefined;
  }
  const operation = doc?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const first =
    operation?.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet.selections[0] : undefined;
  return first?.kind === Kind.FIELD ? [first.alias?.value ?? first.name.value] : undefined;
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code;
}

/**
 * The error a failed subgraph fetch becomes: SUBGRAPH_TIMEOUT (no answer in time) or SUBGRAPH_UNAVAILABLE (refused,
 * reset, or answered 502/503/504), with `serviceName` and the `path` of the part that could not be fetched; the
 * rest of the answer is still served. Any other error is returned as it was.
 */
export function subgraphFailure(
  serviceName: string,
  error: unknown,
  path: readonly (string | number)[] | undefined,
  document: DocumentNode | undefined,
  query: string | undefined,
): unknown {
  const at = errorPath(path, document, query);
  if (error instanceof FetchTimeout)
    return new GraphQLError(`subgraph "${serviceName}" timed out: ${error.message}`, {
      path: at,
      extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName, timeoutMs: error.ms },
    });
  const status =
    ((error as GraphQLError).extensions?.response as { status?: number } | undefined) ??
    ({ status: (error as { httpStatus?: number }).httpStatus } as { status?: number });
  const network =
    error instanceof TypeError ||
    ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(causeCode(error) ?? '');
  if (network || [502, 503, 504].includes(status?.status ?? 0))
    return new GraphQLError(`subgraph "${serviceName}" is unavailable`, {
      path: at,
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName },
    });
  return error;
}
