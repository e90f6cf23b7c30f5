import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** The arguments that give a list's size. */
const SIZING = new Set(['first', 'last', 'representations']);

/**
 * What a request will cost to answer, estimated from its operation before it runs, to sort requests into cost
 * classes (admission control, common/admission.ts). It counts the values the answer will hold: each field is 1,
 * times the size of every list above it. A list's size is its `first`/`last` argument (a connection page: its
 * `edges`/`nodes` lists count once more), the length of its `representations` (a subgraph's `_entities`), else
 * `defaultListSize`. Arguments are read from the request's variables, then the schema's defaults. Unknown fields
 * count 1. An estimate, not a bound: it only needs to tell a page of 100 cards from one card.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  defaultListSize = 10,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return 1;
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const vars = variables ?? {};
  const visiting = new Set<string>();

  const walk = (set: SelectionSetNode, type: GraphQLNamedType | undefined, sized: boolean): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += 1;
        if (!selection.selectionSet) continue;
        const field: GraphQLField<unknown, unknown> | undefined =
          type && (isObjectType(type) || isInterfaceType(type))
            ? type.getFields()[selection.name.value]
            : undefined;
        // Only the arguments that size a list are read (a map's bounding box, say, is not evaluated).
        const args: Record<string, unknown> = {};
        for (const a of field?.args ?? [])
          if (a.defaultValue !== undefined && SIZING.has(a.name)) args[a.name] = a.defaultValue;
        for (const a of selection.arguments ?? []) {
          if (!SIZING.has(a.name.value)) continue;
          const value = valueFromASTUntyped(a.value, vars);
          if (value !== undefined) args[a.name.value] = value;
        }
        const page = [args.first, args.last].find((n) => typeof n === 'number') as number | undefined;
        const representations = Array.isArray(args.representations) ? args.representations.length : undefined;
        const list = field ? isListType(getNullableType(field.type)) : false;
        const size = page ?? representations ?? (list && !sized ? defaultListSize : 1);
        const child = walk(
          selection.selectionSet,
          field ? getNamedType(field.type) : undefined,
          page !== undefined,
        );
        cost += Math.max(0, size) * child;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        cost += walk(selection.selectionSet, on ?? undefined, sized);
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment cycle is a validation error; it is not counted twice here either.
        if (!fragment || visiting.has(fragment.name.value)) continue;
        visiting.add(fragment.name.value);
        cost += walk(
          fragment.selectionSet,
          schema.getType(fragment.typeCondition.name.value) ?? undefined,
          sized,
        );
        visiting.delete(fragment.name.value);
      }
    }
    return cost;
  };
  return walk(operation.selectionSet, root ?? undefined, false);
}

/** A GraphQL request's text and variables, as the HTTP body or the GET query string carries them. */
export interface OperationText {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** A registered operation's id (trusted documents), when no text is sent. */
  documentId?: string;
}

/** The operation of a POST body or a GET query string; undefined when there is none to read. */
export function operationOf(body: unknown, search: string): OperationText | undefined {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    const hash = (b.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery
      ?.sha256Hash;
    return {
      query: typeof b.query === 'string' ? b.query : undefined,
      variables:
        b.variables && typeof b.variables === 'object' ? (b.variables as Record<string, unknown>) : undefined,
      operationName: typeof b.operationName === 'string' ? b.operationName : undefined,
      documentId: typeof hash === 'string' ? hash : undefined,
    };
  }
  const params = new URLSearchParams(search);
  const query = params.get('query') ?? undefined;
  if (!query) return undefined;
  let variables: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(params.get('variables') ?? 'null') as unknown;
    variables = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    variables = undefined;
  }
  return { query, variables, operationName: params.get('operationName') ?? undefined };
}

/**
 * The cost of requests on one schema, the parsed documents kept by their text (a bounded cache: a flood repeats
 * the same few queries). A request that does not parse costs 1: GraphQL refuses it soon enough.
 */
export function requestCoster(
  schema: GraphQLSchema,
  options: { maxTokens?: number; cacheSize?: number; documents?: ReadonlyMap<string, string> } = {},
): (operation: OperationText) => number {
  const cache = new Map<string, DocumentNode | null>();
  const limit = options.cacheSize ?? 500;
  return (operation) => {
    const text =
      operation.query ?? (operation.documentId ? options.documents?.get(operation.documentId) : undefined);
    if (!text) return 1;
    let document = cache.get(text);
    if (document === undefined) {
      try {
        document = parse(text, { maxTokens: options.maxTokens, noLocation: true });
      } catch {
        document = null;
      }
      if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      cache.set(text, document);
    }
    return document ? estimateCost(schema, document, operation.variables, operation.operationName) : 1;
  };
}
