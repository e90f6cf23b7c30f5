import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';
import { armorConfig, parseOptions, queryLimitsFromEnv, type QueryLimits } from './query-limits';

/** INTROSPECTION=true|false, else on outside production: the gateway and every subgraph follow the same rule. */
export function introspectionFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.INTROSPECTION ? env.INTROSPECTION === 'true' : env.NODE_ENV !== 'production';
}

/** With introspection off, `_service { sdl }` (the subgraph's whole schema) is refused as well. */
export const noServiceSdl: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '_service' && context.getParentType()?.name === 'Query')
      context.reportError(
        new GraphQLError('_service is disabled: introspection is off', {
          nodes: [node],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      );
  },
});

/** The gateway's query limits and introspection rule, for a subgraph's Apollo Server. */
export function subgraphProtection(
  limits: QueryLimits = queryLimitsFromEnv(),
  introspection = introspectionFromEnv(),
) {
  const armor = new ApolloArmor(armorConfig(limits)).protect();
  return {
    plugins: armor.plugins,
    validationRules: introspection ? armor.validationRules : [...armor.validationRules, noServiceSdl],
    introspection,
    parseOptions: parseOptions(limits),
  };
}
