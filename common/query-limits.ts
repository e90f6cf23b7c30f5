import type { ApolloArmor } from '@escape.tech/graphql-armor';
import { intFromEnv } from './config';

/** What one query may ask of the gateway; every README example fits well inside. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
}

/** MAX_DEPTH, MAX_ALIASES, MAX_TOKENS, MAX_DIRECTIVES, MAX_COST, with defaults. */
export function queryLimitsFromEnv(): QueryLimits {
  return {
    maxDepth: intFromEnv('MAX_DEPTH', 12, 1, 100),
    maxAliases: intFromEnv('MAX_ALIASES', 15, 0, 1000),
    maxTokens: intFromEnv('MAX_TOKENS', 3000, 100, 100_000),
    maxDirectives: intFromEnv('MAX_DIRECTIVES', 20, 0, 1000),
    maxCost: intFromEnv('MAX_COST', 50_000, 100, 10_000_000),
  };
}

/** Apollo Server's parse options: graphql-js stops parsing past the token limit, a 400 GRAPHQL_PARSE_FAILED. */
export function parseOptions(limits: QueryLimits): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}

export function armorConfig(limits: QueryLimits): NonNullable<ConstructorParameters<typeof ApolloArmor>[0]> {
  return {
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    // Counted by graphql-js's own parser instead (parseOptions below, used by the gateway and the subgraphs): armor's token plugin re-parses in a
    // hook and turns every syntax error into an HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    // Field suggestions help developers; production hides the schema's shape from probes.
    blockFieldSuggestion: { enabled: process.env.NODE_ENV === 'production' },
  };
}
