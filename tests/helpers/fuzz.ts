import { randomUUID } from 'node:crypto';
import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import { prng } from '../../seeds/ids';

/** Plausible values per scalar: the fuzzer's starting point, so that inputs reach the resolvers' own checks. */
const PLAUSIBLE: Record<string, unknown[]> = {
  String: [
    'x',
    'Le Wez',
    "O'Brien; drop table place",
    '<script>',
    '',
    '  ',
    'Agen',
    'Mo-Fr 09:00-12:00',
    'é'.repeat(30),
  ],
  Int: [0, 1, -1, 5, 10, 1001],
  SafeInt: [0, 1, -5, 5000],
  Float: [0, 44.2, -1.5],
  Boolean: [true, false],
  Date: ['2026-03-01', '2020-01-01', '2030-12-31'],
  DateTime: ['2026-03-01T10:00:00Z', '2020-01-01T00:00:00+01:00'],
  EmailAddress: ['a@b.fr'],
  PhoneNumber: ['+33553000000'],
  URL: ['https://example.fr/x'],
  Latitude: [44.2, 91],
  Longitude: [0.6, -181],
  PostalCode: ['47000', '99999'],
  InseeCode: ['47001', '75056'],
  Siret: ['12345678901234', '35600000000048'],
  JSONObject: [{}],
};

/** Values no field may accept, by scalar: each one must be refused as the caller's bad input. */
export const INVALID: Record<string, unknown[]> = {
  String: ['a\u0000b', 'x'.repeat(16_000), 'bell\u0007'],
  ID: ['x'.repeat(500), 'nul\u0000'],
  Int: [2 ** 40, 1.5, 'one'],
  SafeInt: [2 ** 60, 'x'],
  Float: ['NaN', 'x'],
  Boolean: ['yes'],
  Date: ['2026-02-30', '30/01/2026', 'x'.repeat(5000)],
  DateTime: ['2026-02-30T10:00:00Z', 'now'],
  EmailAddress: ['not-an-email', 'a@b.fr\u0000'],
  PhoneNumber: ['12'],
  URL: ['javascript:alert(1)x y'],
  Latitude: ['north'],
  Longitude: ['east'],
  PostalCode: ['x'.repeat(5000)],
  InseeCode: ['ABCDE', '\u0000'],
  Siret: ['x'.repeat(3000)],
  JSONObject: ['not an object'],
};

export class Fuzzer {
  private readonly random: () => number;
  constructor(
    seed: number,
    private readonly ids: string[],
  ) {
    this.random = prng(seed);
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)];
  }

  /** A plausible value of a type (required fields always, optional ones half the time). */
  value(type: GraphQLInputType, depth = 0): unknown {
    const inner = getNullableType(type) as GraphQLInputType;
    if (isListType(inner))
      return Array.from({ length: Math.floor(this.random() * 3) }, () => this.value(inner.ofType, depth + 1));
    if (isInputObjectType(inner)) {
      const out: Record<string, unknown> = {};
      for (const field of Object.values(inner.getFields())) {
        if (isNonNullType(field.type) || (depth < 3 && this.random() < 0.5))
          out[field.name] = this.value(field.type, depth + 1);
      }
      return out;
    }
    if (isEnumType(inner)) return this.pick(inner.getValues()).value ?? this.pick(inner.getValues()).name;
    if (isScalarType(inner)) {
      if (inner.name === 'ID') return this.random() < 0.7 ? this.pick(this.ids) : randomUUID();
      return this.pick(PLAUSIBLE[inner.name] ?? ['x']);
    }
    return null;
  }

  /** Plausible arguments: required ones always, optional ones half the time. */
  plausibleArguments(args: readonly GraphQLArgument[]): Record<string, unknown> {
    const variables: Record<string, unknown> = {};
    for (const arg of args)
      if (isNonNullType(arg.type) || this.random() < 0.5) variables[arg.name] = this.value(arg.type);
    return variables;
  }

  /** Plausible arguments with exactly one value no field accepts, somewhere in them. */
  invalidArguments(args: readonly GraphQLArgument[]): {
    variables: Record<string, unknown>;
    poisoned: string;
  } {
    const variables: Record<string, unknown> = {};
    for (const arg of args)
      if (isNonNullType(arg.type) || this.random() < 0.5) variables[arg.name] = this.value(arg.type);
    // Every leaf that could be poisoned: [holder, key, type].
    const leaves: [Record<string, unknown> | unknown[], string | number, GraphQLInputType, string][] = [];
    const collect = (holder: any, key: string | number, type: GraphQLInputType, path: string) => {
      const inner = getNullableType(type) as GraphQLInputType;
      if (isListType(inner)) {
        const list = holder[key];
        if (Array.isArray(list)) list.forEach((_, i) => collect(list, i, inner.ofType, path));
        leaves.push([holder, key, inner, path]);
      } else if (isInputObjectType(inner)) {
        const fields = inner.getFields();
        if (holder[key] === undefined) holder[key] = {};
        for (const field of Object.values(fields))
          collect(holder[key], field.name, field.type, `${path}.${field.name}`);
      } else leaves.push([holder, key, inner, path]);
    };
    for (const arg of args) collect(variables, arg.name, arg.type, arg.name);
    const [holder, key, type, path] = this.pick(leaves);
    let bad: unknown;
    if (isListType(type)) bad = Array.from({ length: 1001 }, () => null);
    else if (isEnumType(type)) bad = 'NOT_A_VALUE';
    else bad = this.pick(INVALID[(type as { name: string }).name] ?? ['\u0000']);
    (holder as any)[key] = bad;
    return { variables, poisoned: path };
  }
}

/** `mutation($a: T!, …) { name(a: $a, …) { __typename } }` for a field's arguments. */
export function operationFor(
  kind: 'query' | 'mutation',
  name: string,
  args: readonly GraphQLArgument[],
  returnsObject: boolean,
): string {
  const defs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const uses = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind}${defs ? `(${defs})` : ''} { ${name}${uses ? `(${uses})` : ''}${returnsObject ? ' { __typename }' : ''} }`;
}
