import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/** `Type.field` of every field the supergraph tags `personal-data` or `secret`: the restricted fields. */
export function restrictedFields(supergraphSdl: string): Set<string> {
  const found = new Set<string>();
  let type = '';
  for (const line of supergraphSdl.split('\n')) {
    const start = /^(?:type|interface) (\w+)/.exec(line);
    if (start) type = start[1];
    const field = /^\s+(\w+)(?:\(|:).*@tag\(name: "(?:personal-data|secret)"\)/.exec(line);
    if (field && type) found.add(`${type}.${field[1]}`);
  }
  return found;
}

const args = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** The object types from which some restricted field can be reached through fields without required arguments. */
export function typesReaching(schema: GraphQLSchema, restricted: Set<string>): Set<string> {
  const reach = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || reach.has(type.name)) continue;
      const hit = Object.values(type.getFields()).some((f) => {
        if (restricted.has(`${type.name}.${f.name}`)) return true;
        if (args(f)) return false;
        const named = getNamedType(f.type);
        return (
          (isObjectType(named) && reach.has(named.name)) ||
          (isUnionType(named) && named.getTypes().some((t) => reach.has(t.name)))
        );
      });
      if (hit) {
        reach.add(type.name);
        changed = true;
      }
    }
  }
  return reach;
}

/**
 * A selection set reaching every restricted field below `type` by every path (no type twice on one path, at
 * most `depth` levels): `__typename` and `id` everywhere, restricted fields, and object fields that lead to one.
 */
export function selectionReaching(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  restricted: Set<string>,
  reach: Set<string>,
  depth: number,
  onPath: string[] = [],
): string {
  if (!isObjectType(type)) return '{ __typename }';
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (restricted.has(`${type.name}.${field.name}`)) {
      parts.push(
        isLeafType(named)
          ? field.name
          : `${field.name} ${selectionReaching(schema, named, restricted, reach, 0, [...onPath, type.name])}`,
      );
    } else if (field.name === 'id' && isLeafType(named)) parts.push('id');
    else if (
      depth > 0 &&
      !args(field) &&
      isObjectType(named) &&
      reach.has(named.name) &&
      !onPath.includes(named.name)
    ) {
      const first = field.args.some((a) => a.name === 'first') ? '(first: 3)' : '';
      parts.push(
        `${field.name}${first} ${selectionReaching(schema, named, restricted, reach, depth - 1, [...onPath, type.name])}`,
      );
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/** Every restricted value in an answer: `Type.field` with the value found. */
export function restrictedValues(
  data: unknown,
  restricted: Set<string>,
  out: { field: string; value: unknown }[] = [],
): { field: string; value: unknown }[] {
  if (Array.isArray(data)) for (const item of data) restrictedValues(item, restricted, out);
  else if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    const type = record.__typename;
    for (const [key, value] of Object.entries(record)) {
      if (typeof type === 'string' && restricted.has(`${type}.${key}`))
        out.push({ field: `${type}.${key}`, value });
      restrictedValues(value, restricted, out);
    }
  }
  return out;
}
