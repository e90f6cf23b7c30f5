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

/**
 * Checks every input value of an operation — literals and variables — against the limits, before any resolver
 * (and so any parser of untrusted text) runs: string lengths, control characters, list lengths. Returns the
 * first problem, naming the field (`input.openingHours`, `filter.communes`), or null.
 */
export function checkInputs(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: InputLimits,
): GraphQLError | null {
  const maxChars = (type: GraphQLInputType, bound: Bound): number => {
    const named = getNamedType(type);
    const global =
      named.name === 'String' ? limits.maxString : named.name === 'ID' ? limits.maxId : limits.maxScalar;
    return Math.min(bound.chars ?? global, global);
  };

  const checkString = (value: string, type: GraphQLInputType, bound: Bound, field: string) => {
    const max = maxChars(type, bound);
    if (value.length > max) return refuse(field, `at most ${max} characters`);
    if (CONTROL.test(value)) return refuse(field, 'must not contain control characters');
    return null;
  };

  /** A variable's raw JSON value against the type it is used at. */
  const checkValue = (
    value: unknown,
    type: GraphQLInputType,
    bound: Bound,
    field: string,
  ): GraphQLError | null => {
    if (value === null || value === undefined) return null;
    const nullable = getNullableType(type) as GraphQLInputType;
    if (isListType(nullable)) {
      // `_entities(representations:)` comes from the gateway's own query plan: as many as the page it resolves.
      if (getNamedType(nullable).name === '_Any') return null;
      const items = Array.isArray(value) ? value : [value];
      const max = Math.min(bound.items ?? limits.maxList, limits.maxList);
      if (items.length > max) return refuse(field, `at most ${max} items`);
      for (const item of items) {
        const problem = checkValue(item, nullable.ofType, bound, field);
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
        const problem = checkValue(inner, def.type, boundOf(def.description), `${field}.${name}`);
        if (problem) return problem;
      }
      return null;
    }
    if (typeof value === 'string' && isScalarType(nullable))
      return checkString(value, nullable, bound, field);
    return null;
  };

  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const bounds: Bound[] = [];
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
        if (!problem && type) problem = checkString(node.value, type, bounds.at(-1) ?? {}, path.join('.'));
      },
      Variable(node) {
        const type = typeInfo.getInputType();
        if (problem || !type || path.length === 0) return;
        problem = checkValue(variables?.[node.name.value], type, bounds.at(-1) ?? {}, path.join('.'));
      },
    }),
  );
  return problem;
}

/** The Apollo plugin: refuses, with a 400 BAD_USER_INPUT, an operation whose inputs break the limits. */
export function inputLimitsPlugin<C extends BaseContext>(
  limits: InputLimits = inputLimitsFromEnv(),
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, request }) {
          const problem = operation && checkInputs(schema, operation, request.variables as never, limits);
          if (problem) throw problem;
        },
      };
    },
  };
}
