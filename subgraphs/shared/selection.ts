import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** Whether the query selects `name` directly under the resolved field (through fragments too). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return selectedFieldsAt(info, [])!.has(name);
}

/**
 * The field names selected at a path under the resolved field, e.g. `['edges', 'node']` of a connection
 * (through fragments too); undefined when a field along the path is not selected at all.
 */
export function selectedFieldsAt(info: GraphQLResolveInfo, path: string[]): Set<string> | undefined {
  // Field name -> the selection sets under it, across every selection set given (fragments spread once).
  const collect = (sets: (SelectionSetNode | undefined)[]) => {
    const into = new Map<string, SelectionSetNode[]>();
    const seen = new Set<string>();
    const walk = (set: SelectionSetNode | undefined) => {
      for (const selection of set?.selections ?? []) {
        if (selection.kind === 'Field') {
          const name = selection.name.value;
          into.set(name, [
            ...(into.get(name) ?? []),
            ...(selection.selectionSet ? [selection.selectionSet] : []),
          ]);
        } else if (selection.kind === 'InlineFragment') walk(selection.selectionSet);
        else if (!seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          walk(info.fragments[selection.name.value]?.selectionSet);
        }
      }
    };
    sets.forEach(walk);
    return into;
  };
  let level = collect(info.fieldNodes.map((node) => node.selectionSet));
  for (const name of path) {
    const sets = level.get(name);
    if (!sets) return undefined;
    level = collect(sets);
  }
  return new Set(level.keys());
}
