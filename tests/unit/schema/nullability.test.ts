import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  parse,
  print,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';

/**
 * The nullability rule of the API, checked on the committed supergraph: a field that can be refused or can fail on
 * its own is nullable, so that its error stays on its path. Here: every root query field (each runs in one
 * subgraph, with validated arguments), every field a subgraph adds to a type another subgraph owns, and every
 * reference to an entity another subgraph owns.
 */
const supergraph = parse(readFileSync(join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8'));
const objects = supergraph.definitions.filter(
  (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION,
);

const arg = (directive: ConstDirectiveNode, name: string) => {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value && 'value' in value ? String(value.value) : undefined;
};
const graphsOf = (type: ObjectTypeDefinitionNode) =>
  (type.directives ?? []).filter((d) => d.name.value === 'join__type').map((d) => arg(d, 'graph')!);
/** The graphs that resolve a field: its @join__field graphs, else every graph of its type. */
const resolvers = (type: ObjectTypeDefinitionNode, field: FieldDefinitionNode) => {
  const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field' && !arg(d, 'external'));
  return joins.length ? joins.map((d) => arg(d, 'graph')!) : graphsOf(type);
};
const named = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type));

/** Entities (types with a key) and the subgraph that owns each: the one resolving most of its fields. */
const owners = new Map<string, string>();
for (const type of objects) {
  const keyed = (type.directives ?? []).some((d) => d.name.value === 'join__type' && arg(d, 'key'));
  if (!keyed) continue;
  const counts = new Map<string, number>();
  for (const field of type.fields ?? [])
    for (const graph of resolvers(type, field)) counts.set(graph, (counts.get(graph) ?? 0) + 1);
  owners.set(type.name.value, [...counts].sort((a, b) => b[1] - a[1])[0][0]);
}

describe('the nullability rule of the API', () => {
  it('makes every root query field nullable', () => {
    const query = objects.find((t) => t.name.value === 'Query')!;
    const nonNull = (query.fields ?? []).filter((f) => f.type.kind === Kind.NON_NULL_TYPE && !f.name.value.startsWith('_'));
    expect(nonNull.map((f) => `${f.name.value}: ${print(f.type)}`)).toEqual([]);
  });

  it('makes nullable every field resolved by another subgraph than its type’s owner', () => {
    const violations = objects.flatMap((type) => {
      const owner = owners.get(type.name.value);
      if (!owner || type.name.value === 'Query' || type.name.value === 'Mutation') return [];
      return (type.fields ?? [])
        .filter((f) => f.type.kind === Kind.NON_NULL_TYPE && !resolvers(type, f).includes(owner))
        .map((f) => `${type.name.value}.${f.name.value}: ${print(f.type)}`);
    });
    expect(owners.get('Epci')).toBe('PLACES');
    expect(violations).toEqual([]);
  });

  it('makes nullable every reference to an entity another subgraph owns', () => {
    const violations = objects.flatMap((type) => {
      if (type.name.value === 'Mutation') return [];
      return (type.fields ?? [])
        .filter((f) => {
          const target = owners.get(named(f.type));
          return f.type.kind === Kind.NON_NULL_TYPE && target && !resolvers(type, f).includes(target);
        })
        .map((f) => `${type.name.value}.${f.name.value}: ${print(f.type)}`);
    });
    expect(violations).toEqual([]);
  });
});
