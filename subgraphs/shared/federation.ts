import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives, type IResolvers } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { withIdempotency } from './idempotency';
import type { SubgraphDefinition } from './subgraph';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override"])`;

/** type-graphql has no option to describe the root types: every subgraph gives them the same words. */
const ROOT_DESCRIPTIONS: Record<string, string> = {
  Query:
    'Reads of the déClic47 hub: places, organizations and territory (places), people, permanences and activities (people), training offers and sessions (training), the Pass numérique ledger (funding). What each caller sees depends on its token’s role.',
  Mutation:
    'Writes of the déClic47 hub. Each runs in one transaction: a refused or invalid one (FORBIDDEN, BAD_USER_INPUT naming the field, or a business refusal) writes nothing.',
};

const describeRoots = (sdl: string): string =>
  sdl.replace(
    /^type (Query|Mutation) \{/gm,
    (line, name: string) => `"""${ROOT_DESCRIPTIONS[name]}"""\n${line}`,
  );

/** Merges reference resolvers into the resolver map type by type. */
function mergeResolvers(base: IResolvers, extra: IResolvers): IResolvers {
  const merged: IResolvers = { ...base };
  for (const [typeName, fields] of Object.entries(extra)) {
    merged[typeName] = { ...((base[typeName] as object) ?? {}), ...(fields as object) } as never;
  }
  return merged;
}

/**
 * Builds a federation v2 subgraph schema from type-graphql classes: build, print with directives (so
 * `@key` and friends survive), then `buildSubgraphSchema` with the reference resolvers passed in.
 */
export async function buildFederatedSchema(def: SubgraphDefinition): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: def.resolvers,
    orphanedTypes: def.orphanedTypes,
    validate: false,
    skipCheck: true,
  });
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${describeRoots(printSchemaWithDirectives(schema))}`),
    resolvers: withIdempotency(
      mergeResolvers(createResolversMap(schema) as IResolvers, def.referenceResolvers),
    ) as never,
  });
}
