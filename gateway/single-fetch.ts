import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode } from '@apollo/query-planner';
import type { ApolloGateway } from '@apollo/gateway';
import {
  getNamedType,
  getOperationAST,
  isEnumType,
  isObjectType,
  isLeafType,
  Kind,
  parse,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';

/**
 * The single-fetch fast path. When the query plan of an operation is one fetch to one subgraph whose selection is
 * exactly what the client asked for (same fields, aliases, arguments, `__typename`, `@skip`/`@include`, in the same
 * order, over object, scalar and enum types that the subgraph declares as the API does), the subgraph's answer
 * already has the shape the gateway would build: the gateway sends that fetch itself and hands the subgraph's JSON
 * text to the client as it came, without parsing, re-shaping or serializing it again. Everything else (several
 * fetches, entities, abstract types, an answer with errors or extensions, a subgraph that fails) goes through
 * `@apollo/gateway` unchanged: an answer already fetched is replayed to it, never fetched twice.
 *
 * Decided once per operation (per parsed document, which Apollo Server caches by query text), from a query plan
 * built by the same planner `@apollo/gateway` uses, on the same supergraph.
 */

type GatewayExecutor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];
type GatewayGraphQLRequestContext = Parameters<GatewayExecutor>[0];

/** What the fast path knows about one operation. */
type Decision = { fast: false; reason: string } | FastDecision;
export type FastDecision = { fast: true; fetch: FetchNode; operation: OperationDefinitionNode };

/** An operation the fast path has run once through Apollo Server: see `SingleFetch.known`. */
export interface KnownOperation {
  decision: FastDecision;
  /** The API schema it was validated against. */
  schema: GraphQLSchema;
}

/** Operations remembered for the HTTP shortcut, and the longest query text remembered. */
const KNOWN_OPERATIONS = 1000;
const KNOWN_QUERY_CHARS = 20_000;

/**
 * An empty operation name is kept apart from none (each is remembered once Apollo Server has run it as it
 * understands it). A GraphQL text holds no NUL character, so the key cannot be confused with another text.
 */
const knownKey = (query: string, operationName: string | null | undefined) =>
  operationName === undefined || operationName === null ? query : `${operationName}\u0000${query}`;

/** A subgraph answer as fetched, to hand to the client or to replay to `@apollo/gateway`. */
export interface FetchedAnswer {
  status: number;
  statusText: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

/** Set on the request's context by the fast path: what the HTTP layer sends, or what the data source replays. */
export interface SingleFetchContext {
  /**
   * The subgraph's `data` JSON text, which the HTTP layer puts in place of the placeholder answer. An object made by
   * the context factory: Apollo Server runs an operation on a shallow copy of the context.
   */
  forwarded: { rawData?: string };
  /** An answer (or a failure) the fast path already fetched, for `@apollo/gateway`'s own fetch of `query`. */
  replay?: { query: string; answer?: FetchedAnswer; error?: unknown };
}

export interface SingleFetchStats {
  /** Answers sent as the subgraph wrote them. */
  forwarded: number;
  /** Fetched by the fast path, then handed to `@apollo/gateway` (errors, extensions, a failure). */
  replayed: number;
  /** Of the forwarded, those answered by the HTTP shortcut without Apollo Server (gateway/forward.ts). */
  shortcut: number;
  /** Operations (not requests) that need the full gateway, by reason. */
  planned: Record<string, number>;
}

export interface SingleFetchOptions {
  supergraphSdl: string;
  /** Sends one subgraph request through the same fetcher (metrics, deadlines, deduplication) as the data sources. */
  send: (service: string, body: string, context: any) => Promise<FetchedAnswer>;
}

/** What Apollo Server serializes for the placeholder answer: the HTTP layer swaps its `{}` for the subgraph's data. */
export const PLACEHOLDER_PREFIX = '{"data":{}';

/**
 * Puts the forwarded subgraph data in place of the `{}` of Apollo Server's serialized placeholder answer (which
 * may carry extensions a plugin added).
 */
export function spliceRawData(body: string, rawData: string): string {
  if (body.startsWith(PLACEHOLDER_PREFIX))
    return `{"data":${rawData}${body.slice(PLACEHOLDER_PREFIX.length)}`;
  // Not the placeholder as serialized (a plugin reordered it, say): the slow way, same answer.
  const answer = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify({ ...answer, data: JSON.parse(rawData) });
}

/**
 * The `data` of a subgraph answer that is `{"data":…}` and nothing else; undefined otherwise. A key `"errors":` or
 * `"extensions":` anywhere sends the answer the long way (inside a JSON string a quote is escaped, so these can only
 * be keys: at worst a field aliased so takes the long way too).
 */
export function cleanData(answer: FetchedAnswer): string | undefined {
  if (answer.status !== 200) return undefined;
  const type = answer.headers['content-type'] ?? '';
  if (!type.startsWith('application/json') && !type.startsWith('application/graphql-response+json'))
    return undefined;
  const text = answer.text;
  if (!text.startsWith('{"data":{') || text.includes('"errors":') || text.includes('"extensions":'))
    return undefined;
  let end = text.length - 1;
  while (end > 0 && (text[end] === '\n' || text[end] === ' ' || text[end] === '\r')) end--;
  if (text[end] !== '}') return undefined;
  return text.slice('{"data":'.length, end);
}

export class SingleFetch {
  readonly stats: SingleFetchStats = { forwarded: 0, replayed: 0, shortcut: 0, planned: {} };
  private readonly supergraph: Supergraph;
  private readonly apiSchema: Schema;
  private readonly planner: QueryPlanner;
  private readonly decisions = new WeakMap<DocumentNode, Map<string, Decision>>();
  private readonly knownOperations = new Map<string, KnownOperation>();

  constructor(private readonly options: SingleFetchOptions) {
    // The same supergraph and planner defaults as @apollo/gateway (it builds both from the SDL the same way).
    this.supergraph = Supergraph.build(options.supergraphSdl);
    this.apiSchema = this.supergraph.apiSchema();
    this.planner = new QueryPlanner(this.supergraph);
  }

  /** `@apollo/gateway`'s executor, with the fast path in front of it. */
  wrap(executor: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const decision = this.decide(requestContext);
      const context = requestContext.context as SingleFetchContext;
      // An answer the gateway's HTTP shortcut already fetched (gateway/forward.ts) goes to @apollo/gateway as is.
      if (!decision.fast || context.replay) return executor(requestContext);
      const { query, operationName, variables } = requestContext.request;
      if (query !== undefined) this.remember(query, operationName, decision, requestContext.schema);
      const data = await this.fetchData(decision, requestContext.schema, variables, context);
      if (data === undefined) return executor(requestContext);
      context.forwarded.rawData = data;
      return { data: {} };
    };
  }

  /**
   * An operation this gateway has already parsed, validated (its rules and plugins) and found fit for the fast
   * path, by query text and operation name: the HTTP shortcut (gateway/forward.ts) answers it again without
   * Apollo Server.
   */
  known(query: string, operationName: string | null | undefined): KnownOperation | undefined {
    return this.knownOperations.get(knownKey(query, operationName));
  }

  /**
   * Sends the plan's one fetch for these variables: the subgraph's `data` as text, or undefined for the full
   * gateway (variables the API schema refuses; or an answer with errors, or a failure, left in `context.replay`).
   */
  async fetchData(
    decision: FastDecision,
    schema: GraphQLSchema,
    provided: Record<string, unknown> | undefined = {},
    context: SingleFetchContext,
  ): Promise<string | undefined> {
    const { fetch, operation } = decision;
    // The gateway checks the variables against the API schema before planning; so does the fast path.
    if (operation.variableDefinitions?.length) {
      const { errors } = getVariableValues(schema, operation.variableDefinitions, provided);
      if (errors) return undefined;
    }
    const variables: Record<string, unknown> = Object.create(null);
    for (const name of fetch.variableUsages ?? []) {
      if (Object.prototype.hasOwnProperty.call(provided, name) && provided[name] !== undefined)
        variables[name] = provided[name];
    }
    // The body @apollo/gateway's data source would send (same key order), so both share in-flight deduplication.
    const body = JSON.stringify({ query: fetch.operation, variables, operationName: fetch.operationName });
    let answer: FetchedAnswer;
    try {
      answer = await this.options.send(fetch.serviceName, body, context);
    } catch (error) {
      this.stats.replayed++;
      context.replay = { query: fetch.operation, error };
      return undefined;
    }
    const data = cleanData(answer);
    if (data === undefined) {
      this.stats.replayed++;
      context.replay = { query: fetch.operation, answer };
      return undefined;
    }
    this.stats.forwarded++;
    return data;
  }

  private remember(
    query: string,
    operationName: string | null | undefined,
    decision: FastDecision,
    schema: GraphQLSchema,
  ) {
    if (query.length > KNOWN_QUERY_CHARS) return;
    const key = knownKey(query, operationName);
    if (this.knownOperations.has(key)) return;
    // The oldest goes first: a flood of distinct texts cannot grow the map.
    if (this.knownOperations.size >= KNOWN_OPERATIONS) {
      this.knownOperations.delete(this.knownOperations.keys().next().value!);
    }
    this.knownOperations.set(key, { decision, schema });
  }

  private decide(requestContext: GatewayGraphQLRequestContext): Decision {
    const document = requestContext.document;
    const name = requestContext.request.operationName ?? '';
    let byName = this.decisions.get(document);
    if (!byName) this.decisions.set(document, (byName = new Map()));
    let decision = byName.get(name);
    if (!decision) {
      try {
        decision = this.decideOnce(requestContext.schema, document, requestContext.request.operationName);
      } catch (error) {
        decision = { fast: false, reason: `not planned here: ${(error as Error).message.slice(0, 80)}` };
      }
      byName.set(name, decision);
      if (!decision.fast)
        this.stats.planned[decision.reason] = (this.stats.planned[decision.reason] ?? 0) + 1;
    }
    return decision;
  }

  /** Whether the subgraph's answer to the plan's one fetch is, byte for byte, the answer the client asked for. */
  decideOnce(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): Decision {
    const operation = getOperationAST(document, operationName);
    if (!operation) return { fast: false, reason: 'no such operation' };
    if (operation.operation !== 'query') return { fast: false, reason: operation.operation };
    const plan = this.planner.buildQueryPlan(
      operationFromDocument(this.apiSchema, document, { operationName: operationName ?? undefined }),
    );
    const fetch = plan.node;
    if (fetch?.kind !== 'Fetch') return { fast: false, reason: `plan: ${fetch?.kind ?? 'empty'}` };
    if (
      fetch.requires ||
      fetch.inputRewrites?.length ||
      fetch.outputRewrites?.length ||
      fetch.contextRewrites?.length ||
      fetch.hasDefers
    )
      return { fast: false, reason: 'fetch with requires, rewrites or defers' };
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    const sent = getOperationAST(fetch.operationDocumentNode ?? parse(fetch.operation), fetch.operationName);
    if (!sent) return { fast: false, reason: 'fetch without an operation' };
    const sentFragments = new Map(
      (fetch.operationDocumentNode ?? parse(fetch.operation)).definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    if (shape(operation.selectionSet, fragments) !== shape(sent.selectionSet, sentFragments))
      return { fast: false, reason: 'the fetch selects other than the client asked' };
    const subgraph = this.supergraph.subgraphs().get(fetch.serviceName);
    if (!subgraph) return { fast: false, reason: 'unknown subgraph' };
    const query = schema.getQueryType();
    if (!query) return { fast: false, reason: 'no Query type' };
    const mismatch = sameTypes(schema, subgraph.schema, query, operation.selectionSet, fragments);
    if (mismatch) return { fast: false, reason: mismatch };
    return { fast: true, fetch, operation };
  }
}

/**
 * The response shape a selection set asks for, as text: fields with alias, arguments and directives; fragments
 * expanded in place; order kept (it is the order of the keys in the answer).
 */
function shape(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): string {
  const parts: string[] = [];
  for (const selection of selectionSet.selections) {
    const directives = (selection.directives ?? []).map((d) => print(d)).join(' ');
    if (selection.kind === Kind.FIELD) {
      const args = [...(selection.arguments ?? [])]
        .sort((a, b) => (a.name.value < b.name.value ? -1 : 1))
        .map((a) => `${a.name.value}:${value(a.value)}`)
        .join(',');
      parts.push(
        `${selection.alias ? `${selection.alias.value}:` : ''}${selection.name.value}(${args})${directives}${
          selection.selectionSet ? `{${shape(selection.selectionSet, fragments)}}` : ''
        }`,
      );
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) return `unknown fragment`;
      const inner = shape(fragment.selectionSet, fragments);
      // Without directives, a fragment on the parent's own type (sameTypes checks it) adds its fields in place.
      if (!directives) parts.push(inner);
      else parts.push(`...${fragment.typeCondition?.name.value ?? ''}${directives}{${inner}}`);
    }
  }
  return parts.join(' ');
}

/** A value as text, input object fields sorted (their order means nothing; the planner reorders them). */
function value(node: ValueNode): string {
  if (node.kind === Kind.OBJECT)
    return `{${[...node.fields]
      .sort((a, b) => (a.name.value < b.name.value ? -1 : 1))
      .map((f) => `${f.name.value}:${value(f.value)}`)
      .join(',')}}`;
  if (node.kind === Kind.LIST) return `[${node.values.map(value).join(',')}]`;
  return print(node);
}

/**
 * Undefined when every field the client selects has, in the subgraph, the type it has in the API schema (so null
 * propagation is the same), on object types only (no runtime type choice), with enum values the API has.
 */
function sameTypes(
  api: GraphQLSchema,
  subgraph: Schema,
  parent: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
): string | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
      const set =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet
          : fragments.get(selection.name.value)?.selectionSet;
      const condition =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.typeCondition?.name.value
          : fragments.get(selection.name.value)?.typeCondition.name.value;
      if (!set) return 'unknown fragment';
      if (condition && condition !== parent.name) return 'a fragment on another type';
      const inner = sameTypes(api, subgraph, parent, set, fragments);
      if (inner) return inner;
      continue;
    }
    const name = selection.name.value;
    if (name === '__typename') continue;
    if (name.startsWith('__')) return 'introspection';
    const field = parent.getFields()[name];
    if (!field) return `unknown field ${parent.name}.${name}`;
    const subgraphType = subgraph.type(parent.name);
    const subgraphField =
      subgraphType && 'field' in subgraphType ? (subgraphType as any).field(name) : undefined;
    if (!subgraphField || String(subgraphField.type) !== String(field.type))
      return `${parent.name}.${name} typed otherwise in the subgraph`;
    const named = getNamedType(field.type);
    if (isEnumType(named)) {
      const values = new Set(named.getValues().map((v) => v.name));
      const subgraphEnum = subgraph.type(named.name) as { values?: { name: string }[] } | undefined;
      if (!subgraphEnum?.values?.every((v) => values.has(v.name)))
        return `enum ${named.name} has values the API hides`;
    } else if (isObjectType(named)) {
      if (!selection.selectionSet) return `${parent.name}.${name} without a selection`;
      const inner = sameTypes(api, subgraph, named, selection.selectionSet, fragments);
      if (inner) return inner;
    } else if (!isLeafType(named)) {
      return `${parent.name}.${name} is abstract`;
    }
  }
  return undefined;
}
