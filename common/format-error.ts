import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseTimeoutError, isDatabaseTimeout } from './failures';
import { fieldOfLiteral, fieldOfVariable } from './redact';

/** Hides unexpected errors (SQL, bugs) behind a generic message; GraphQL errors we raise pass as they are. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // A literal that its type refuses (`latitude: "x"`, a bad DateTime) is bad input, as it is when sent as a variable.
  if (
    formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' &&
    /^Expected value of type|cannot represent/.test(formatted.message)
  ) {
    const field = fieldOfLiteral(error);
    return {
      ...formatted,
      extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', ...(field ? { field } : {}) },
    };
  }
  // A variable its scalar refused (an invalid DateTime): name the input field it fills, not only the variable.
  if (formatted.extensions?.code === 'BAD_USER_INPUT' && !formatted.extensions.field) {
    const field = fieldOfVariable(error);
    if (field) return { ...formatted, extensions: { ...formatted.extensions, field } };
  }
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR')
    return formatted;
  // Logged once per request by failureLogPlugin, with the request id.
  if (isDatabaseTimeout(original)) return { ...databaseTimeoutError().toJSON(), path: formatted.path };
  return { ...formatted, message: 'Internal server error' };
}
