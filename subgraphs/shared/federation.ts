import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives, type IResolvers } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import {
  buildSchema,
  createResolversMap,
  Directive,
  Field,
  ID,
  ObjectType,
  type ClassType,
} from 'type-graphql';
import { withIdempotency } from './idempotency';
import { InseeCodeScalar } from './scalars';
import type { SubgraphDefinition } from './subgraph';
import type { TerritoryTypes } from './territory-stats.resolver';

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

// Stubs of entities owned by another subgraph: only their key, to which a subgraph adds its own fields; the
// owning subgraph answers for everything else (`@apollo/subgraph`'s default reference resolver returns the key).
// A factory, not shared classes: type-graphql keeps a class's fields in one process-wide store, so each subgraph
// calls it for classes of its own, and the fields one subgraph adds never reach another's schema.

/** A stub of an entity keyed by `id` (Place, Organization, Person, TrainingSession…). */
export function idStub(typeName: string): ClassType<{ id: string }> {
  @ObjectType(typeName)
  @Directive('@key(fields: "id")')
  class Stub {
    @Field(() => ID, { description: 'Stable identifier.' })
    id!: string;
  }
  return named(Stub, `${typeName}Ref`);
}

/** Stubs of the territory entities owned by places: Commune (INSEE code), Epci (SIREN), Departement (code). */
export function territoryStubs(): TerritoryTypes {
  @ObjectType('Commune')
  @Directive('@key(fields: "inseeCode")')
  class CommuneRef {
    @Field(() => InseeCodeScalar)
    inseeCode!: string;
  }

  @ObjectType('Epci')
  @Directive('@key(fields: "siren")')
  class EpciRef {
    @Field(() => String)
    siren!: string;
  }

  @ObjectType('Departement')
  @Directive('@key(fields: "code")')
  class DepartementRef {
    @Field(() => String)
    code!: string;
  }
  return { commune: CommuneRef, epci: EpciRef, departement: DepartementRef };
}

function named<T extends ClassType>(type: T, name: string): T {
  Object.defineProperty(type, 'name', { value: name });
  return type;
}
