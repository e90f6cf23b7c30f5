import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { getVariableValues, GraphQLError, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** How many compiled operations a subgraph keeps (least recently used out): the gateway sends a few dozen shapes. */
export const COMPILED_OPERATIONS = 500;

/**
 * Runs a subgraph's operations compiled by graphql-jit instead of interpreted by graphql-js: each operation is
 * compiled once into plain JavaScript that reads the fields it selects, so a page of 500 places costs a fraction of
 * graphql-js's per-field work (the places subgraph alone, map at scale 100, quiet machine: +19 % req/s; the whole hub
 * is bound by PostgreSQL there and does not show it, bench/README.md). Apollo
 * Server takes a custom executor only through its gateway interface, so this is one: the same schema, parsed and
 * validated by Apollo as before (with the same validation rules and plugins).
 *
 * What graphql-js would answer is kept where the two differ:
 * - variables are coerced by graphql-js first: a refused variable gives the same error (BAD_USER_INPUT, 400);
 * - errors become graphql-js `GraphQLError`s (graphql-jit's own lack `extensions`, which Apollo's error formatting
 *   reads), with the resolver's error as `originalError`, so `formatError` sees what it always saw.
 *
 * GRAPHQL_EXECUTOR=graphql-js runs graphql-js instead (see README, environment).
 */
export function compiledExecution(
  schema: GraphQLSchema,
  capacity = COMPILED_OPERATIONS,
): GatewayInterface & { readonly compiledOperations: number } {
  const compiled = new Map<string, CompiledQuery>();
  return {
    get compiledOperations() {
      return compiled.size;
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: async ({ document, operation, operationName, queryHash, request, context }) => {
          const variables = request.variables ?? {};
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, {
            maxErrors: 50,
          });
          if (coerced.errors) return { errors: coerced.errors };
          const key = `${queryHash}:${operationName ?? ''}`;
          let query = compiled.get(key);
          if (query) {
            compiled.delete(key);
          } else {
            const result = compileQuery(schema, document, operationName ?? undefined, {
              disablingCapturingStackErrors: true,
            });
            if (!isCompiledQuery(result)) return { errors: result.errors?.map(asGraphQLError) };
            query = result;
            if (compiled.size >= capacity) compiled.delete(compiled.keys().next().value!);
          }
          compiled.set(key, query);
          const result = await query.query(undefined, context, variables);
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        },
      };
    },
    async stop() {},
  };
}

/** A graphql-js GraphQLError with the message, path, locations, extensions and original error of graphql-jit's. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  if (error.locations)
    Object.defineProperty(converted, 'locations', { value: error.locations, enumerable: true });
  return converted;
}

export type GraphQLExecutor = 'jit' | 'graphql-js';

/** `GRAPHQL_EXECUTOR`: `jit` (default) or `graphql-js`. */
export function executorFromEnv(env: NodeJS.ProcessEnv = process.env): GraphQLExecutor {
  const value = env.GRAPHQL_EXECUTOR ?? 'jit';
  if (value !== 'jit' && value !== 'graphql-js')
    throw new Error(`GRAPHQL_EXECUTOR must be jit or graphql-js, got ${value}`);
  return value;
}
