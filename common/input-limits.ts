import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { intFromEnv } from './config';
import { clientError } from './client-error';

/** Bounds on every input value; a field's description may tighten them ("At most 280 characters.", "At most 20 items."). */
export interface InputLimits {
  /** Any String (MAX_STRING_LENGTH, default 10,000 characters). */
  maxString: number;
  /** Any ID: 100 characters (ids are UUIDs). */
  maxId: number;
  /** Any other string scalar (EmailAddress, URL, InseeCode, DateTime…): 2,048 characters. */
  maxScalar: number;
  /** Any list (MAX_LIST_LENGTH, default 500 items: every commune of the département fits). */
  maxList: number;
}

export function inputLimitsFromEnv(): InputLimits {
  return {
    maxString: intFromEnv('MAX_STRING_LENGTH', 10_000, 100, 1_000_000),
    maxId: 100,
    maxScalar: 2048,
    maxList: intFromEnv('MAX_LIST_LENGTH', 500, 1, 10_000),
  };
}

/** C0 control characters but tab, line feed and carriage return; DEL. NUL is refused by PostgreSQL anyway. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const CHARACTERS = /at most ([\d,]+) characters/i;
const ITEMS = /at most ([\d,]+) (?:items|values|entries)/i;

function declared(description: string | null | undefined, pattern: RegExp): number | undefined {
  const match = description ? pattern.exec(description) : null;
  return match ? Number(match[1].replace(/,/g, '')) : undefined;
}

interface Bound {
  chars?: number;
  items?: number;
}

function boundOf(description: string | null | undefined): Bound {
  return { chars: declared(description, CHARACTERS), items: declared(description, ITEMS) };
}

function refuse(field: string, message: string): GraphQLError {
  return clientError(`${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', field, problems: [{ field, message }], http: { status: 400 } },
  });
}

/** Where an operation uses a variable: the type, bound and field path its value is checked against. */
interface VariableUse {
  name: string;
  type: GraphQLInputType;
  bound: Bound;
  field: string;
}

/**
 * What the text of an operation says about its inputs, whatever the variables: the first literal that breaks a
 * limit, and the variables used before it (in document order), whose values each request checks.
 */
export interface DocumentInputs {
  uses: VariableUse[];
  problem: GraphQLError | null;
}

/**
 * Checks every input value of an operation — literals and variables — against the limits, before any resolver
 * (and so any parser of untrusted text) runs: string lengths, control characters, list lengths. Returns the
 * first problem in document order, naming the field (`input.openingHours`, `filter.communes`), or null. `known`
 * keeps what each operation's text says, so a document seen before (Apollo Server keeps parsed documents) is not
 * walked again: only its variables are checked.
 */
export function checkInputs(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: InputLimits,
  known?: WeakMap<OperationDefinitionNode, DocumentInputs>,
): GraphQLError | null {
  let inputs = known?.get(operation);
  if (!inputs) {
    inputs = documentInputs(schema, operation, limits);
    known?.set(operation, inputs);
  }
  for (const use of inputs.uses) {
    const problem = checkValue(variables?.[use.name], use.type, use.bound, use.field, limits);
    if (problem) return problem;
  }
  return inputs.problem;
}

function maxChars(type: GraphQLInputType, bound: Bound, limits: InputLimits): number {
  const named = getNamedType(type);
  const global =
    named.name === 'String' ? limits.maxString : named.name === 'ID' ? limits.maxId : limits.maxScalar;
  return Math.min(bound.chars ?? global, global);
}

function checkString(
  value: string,
  type: GraphQLInputType,
  bound: Bound,
  field: string,
  limits: InputLimits,
): GraphQLError | null {
  const max = maxChars(type, bound, limits);
  if (value.length > max) return refuse(field, `at most ${max} characters`);
  if (CONTROL.test(value)) return refuse(field, 'must not contain control characters');
  return null;
}

/** A variable's raw JSON value against the type it is used at. */
function checkValue(
  value: unknown,
  type: GraphQLInputType,
  bound: Bound,
  field: string,
  limits: InputLimits,
): GraphQLError | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    // `_entities(representations:)` comes from the gateway's own query plan: as many as the page it resolves.
    if (getNamedType(nullable).name === '_Any') return null;
    const items = Array.isArray(value) ? value : [value];
    const max = Math.min(bound.items ?? limits.maxList, limits.maxList);
    if (items.length > max) return refuse(field, `at most ${max} items`);
    for (const item of items) {
      const problem = checkValue(item, nullable.ofType, bound, field, limits);
      if (problem) return problem;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null; // coercion says what is wrong
    const fields = nullable.getFields();
    for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
      const def = fields[name];
      if (!def) continue;
      const problem = checkValue(inner, def.type, boundOf(def.description), `${field}.${name}`, limits);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'string' && isScalarType(nullable))
    return checkString(value, nullable, bound, field, limits);
  return null;
}

/** Walks an operation once: its literals against the limits, and where each variable is used. */
function documentInputs(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  limits: InputLimits,
): DocumentInputs {
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const bounds: Bound[] = [];
  const uses: VariableUse[] = [];
  let problem: GraphQLError | null = null;
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      Argument: {
        enter(node) {
          path.push(node.name.value);
          bounds.push(boundOf(typeInfo.getArgument()?.description));
        },
        leave() {
          path.pop();
          bounds.pop();
        },
      },
      ObjectField: {
        enter(node) {
          const parent = typeInfo.getParentInputType();
          const def =
            parent && isInputObjectType(getNamedType(parent))
              ? (getNamedType(parent) as any).getFields()[node.name.value]
              : undefined;
          path.push(node.name.value);
          bounds.push(boundOf(def?.description));
        },
        leave() {
          path.pop();
          bounds.pop();
        },
      },
      ListValue(node) {
        const bound = bounds.at(-1) ?? {};
        const max = Math.min(bound.items ?? limits.maxList, limits.maxList);
        const type = typeInfo.getInputType();
        if (type && getNamedType(type).name === '_Any') return;
        if (!problem && node.values.length > max) problem = refuse(path.join('.'), `at most ${max} items`);
      },
      StringValue(node) {
        const type = typeInfo.getInputType();
        if (!problem && type)
          problem = checkString(node.value, type, bounds.at(-1) ?? {}, path.join('.'), limits);
      },
      Variable(node) {
        const type = typeInfo.getInputType();
        if (problem || !type || path.length === 0) return;
        uses.push({ name: node.name.value, type, bound: bounds.at(-1) ?? {}, field: path.join('.') });
      },
    }),
  );
  return { uses, problem };
}

/** The Apollo plugin: refuses, with a 400 BAD_USER_INPUT, an operation whose inputs break the limits. */
export function inputLimitsPlugin<C extends BaseContext>(
  limits: InputLimits = inputLimitsFromEnv(),
): ApolloServerPlugin<C> {
  // Per schema (the gateway's changes with its supergraph), what each operation's text says.
  const known = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, DocumentInputs>>();
  const knownIn = (schema: GraphQLSchema) => {
    let operations = known.get(schema);
    if (!operations) known.set(schema, (operations = new WeakMap()));
    return operations;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, request }) {
          const problem =
            operation && checkInputs(schema, operation, request.variables as never, limits, knownIn(schema));
          if (problem) throw problem;
        },
      };
    },
  };
}
