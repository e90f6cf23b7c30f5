import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';

export const ROOT = join(__dirname, '..', '..');

/** Where operations in the examples/ format live: first-hour's examples (when present) and these tests' own. */
export const OPERATION_DIRS = [join(ROOT, 'examples'), join(__dirname, 'operations')];

export interface Operation {
  /** Path from the repository root. */
  file: string;
  name: string;
  kind: OperationDefinitionNode['operation'];
  document: DocumentNode;
  role: string;
  org?: string;
  variables: Record<string, unknown>;
}

function graphqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return graphqlFiles(path);
    return entry.name.endsWith('.graphql') ? [path] : [];
  });
}

/**
 * Every operation of `examples/**` and `tests/compat/operations/**`: `<user>/<name>.graphql` holding one named
 * operation, first line `# role: public|partner|analyst|prefecture|admin` (`# org: <id>` for a partner), variables
 * in `<name>.variables.json` beside it.
 */
export function loadOperations(): Operation[] {
  return OPERATION_DIRS.flatMap(graphqlFiles)
    .sort()
    .map((path) => {
      const text = readFileSync(path, 'utf8');
      const role = /^# role: *(\w+)/m.exec(text)?.[1];
      if (!role) throw new Error(`${path}: no "# role:" line`);
      const org = /^# org: *(\S+)/m.exec(text)?.[1];
      const document = parse(text);
      const operations = document.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
      );
      if (operations.length !== 1 || !operations[0].name)
        throw new Error(`${path}: expected one named operation`);
      const variablesPath = path.replace(/\.graphql$/, '.variables.json');
      return {
        file: relative(ROOT, path),
        name: operations[0].name.value,
        kind: operations[0].operation,
        document,
        role,
        org,
        variables: existsSync(variablesPath) ? JSON.parse(readFileSync(variablesPath, 'utf8')) : {},
      };
    });
}

/** One of this suite's own operations, by name. */
export function operation(name: string): Operation {
  const found = loadOperations().find((o) => o.name === name && o.file.startsWith('tests/'));
  if (!found) throw new Error(`no operation ${name} under tests/compat/operations`);
  return found;
}
