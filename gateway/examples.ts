import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/** The roles an example may run as (`# role:` on its first line). */
export const EXAMPLE_ROLES = ['public', 'partner', 'analyst', 'prefecture', 'admin'] as const;
export type ExampleRole = (typeof EXAMPLE_ROLES)[number];

/** One runnable example: `examples/<user>/<name>.graphql` and its optional `<name>.variables.json`. */
export interface Example {
  user: string;
  name: string;
  role: ExampleRole;
  /** A partner's organization (`# org:`). */
  org?: string;
  operationName: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** The repository's root: the nearest folder above this module holding package.json (source or dist/). */
export function repositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = resolve(dir, '..')) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (resolve(dir, '..') === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Parses one example; throws on a file that does not follow the format of examples/README.md. */
export function parseExample(user: string, name: string, text: string, variablesJson?: string): Example {
  const where = `examples/${user}/${name}.graphql`;
  const role = /^# role: (\S+)\s*$/m.exec(text.split('\n')[0] ?? '')?.[1];
  if (!role || !(EXAMPLE_ROLES as readonly string[]).includes(role)) {
    throw new Error(`${where}: the first line must be "# role: ${EXAMPLE_ROLES.join('|')}"`);
  }
  const org = /^# org: (\S+)\s*$/m.exec(text.split('\n')[1] ?? '')?.[1];
  const operations = parse(text).definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1 || !operations[0].name) {
    throw new Error(`${where}: must hold exactly one named operation`);
  }
  return {
    user,
    name,
    role: role as ExampleRole,
    org,
    operationName: operations[0].name.value,
    query: text,
    variables: variablesJson ? (JSON.parse(variablesJson) as Record<string, unknown>) : undefined,
  };
}

/** Every example under `dir` (default: the repository's examples/), sorted by user then name. */
export function readExamples(dir: string = join(repositoryRoot(), 'examples')): Example[] {
  if (!existsSync(dir)) return [];
  const examples: Example[] = [];
  for (const user of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const folder = join(dir, user.name);
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.graphql'))) {
      const name = file.slice(0, -'.graphql'.length);
      const variablesFile = join(folder, `${name}.variables.json`);
      examples.push(
        parseExample(
          user.name,
          name,
          readFileSync(join(folder, file), 'utf8'),
          existsSync(variablesFile) ? readFileSync(variablesFile, 'utf8') : undefined,
        ),
      );
    }
  }
  return examples.sort((a, b) => `${a.user}/${a.name}`.localeCompare(`${b.user}/${b.name}`));
}
