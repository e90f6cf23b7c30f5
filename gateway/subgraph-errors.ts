import { GraphQLError } from 'graphql';

interface SubgraphErrorBody {
  errors?: { message?: string; extensions?: { code?: string; field?: string } }[];
}

/** `Variable "$filter" got invalid value … at "filter.openAt"; …` names the input field; else the variable. */
function fieldOfCoercion(message: string): string | undefined {
  return (
    /got invalid value .* at "([\w.[\]]+)"/.exec(message)?.[1] ?? /^Variable "\$(\w+)"/.exec(message)?.[1]
  );
}

/**
 * The error the gateway reports for a subgraph's non-2xx answer. A 400 carrying BAD_USER_INPUT (a scalar the
 * subgraph refused while coercing a variable or a literal: an invalid Date, DateTime, SafeInt…) is the caller's
 * bad input and says so, naming the field; nothing else of the subgraph's answer (its internal URL) goes out.
 */
export function subgraphHttpError(status: number, statusText: string, body: unknown): GraphQLError {
  const first = (body as SubgraphErrorBody | undefined)?.errors?.[0];
  if (status === 400 && first?.message && first.extensions?.code === 'BAD_USER_INPUT') {
    const field = first.extensions.field ?? fieldOfCoercion(first.message);
    return new GraphQLError(first.message.slice(0, 500), {
      extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) },
    });
  }
  const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : undefined;
  return new GraphQLError(`${status}: ${statusText}`, { extensions: code ? { code } : {} });
}
