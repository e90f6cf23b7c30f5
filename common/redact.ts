import { GraphQLError, parse, visit, type ArgumentNode, type ASTNode, type ObjectFieldNode } from 'graphql';

/** Quoted SQL literals and value lists: where a failing statement carries a row's data ("identifiers" stay). */
const LITERALS = [/'(?:[^']|'')*'/g, /\[(?:[^[\]]){0,2000}\]/g, /\((?:[^()]){0,2000}\)/g];

/** A failure's message with row data blanked: column and constraint names stay, values go. */
export function redact(message: string): string {
  // The first line names the failure; PostgreSQL's detail lines ("Failing row contains (…)") are the row itself.
  let text = message.split('\n')[0].slice(0, 2000);
  for (const pattern of LITERALS) text = text.replace(pattern, (m) => `${m[0]}…${m.at(-1)}`);
  return text;
}

/**
 * Logs an unexpected failure once: its name, its redacted message and one stack's frames, never the statement's
 * values (the row being written, personal data included), never the causes' stacks again.
 */
export function logUnexpected(error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 15)
    .join('\n');
  console.error(`${e.name}: ${redact(e.message)}\n${frames}`);
}

/** Where a variable is used (`$at` in `places(filter: { openAt: $at })` → `filter.openAt`), from its error. */
export function fieldOfVariable(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError) || !error.source) return undefined;
  const name = /^Variable "\$(\w+)"/.exec(error.message)?.[1];
  if (!name) return undefined;
  const inner = /got invalid value .* at "\w+((?:\.\w+|\[\d+\])*)"/.exec(error.message)?.[1] ?? '';
  const at = inputPathOf(error.source.body, (node) => node.kind === 'Variable' && node.name.value === name);
  return at === undefined ? undefined : at + inner;
}

/** The input field a literal sits in (`filter.openAt`), from a validation error's position in the document. */
export function fieldOfLiteral(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError) || !error.source || !error.positions?.length) return undefined;
  const position = error.positions[0];
  const inside = (node: ASTNode) => !!node.loc && node.loc.start <= position && position < node.loc.end;
  return inputPathOf(error.source.body, (node) => node.loc?.start === position, inside);
}

/**
 * The path of arguments and input fields (`filter.openAt`) down to the first node of a document that `match`
 * picks, walking only the arguments and fields `within` keeps.
 */
function inputPathOf(
  source: string,
  match: (node: ASTNode) => boolean,
  within: (node: ASTNode) => boolean = () => true,
): string | undefined {
  let document;
  try {
    document = parse(source);
  } catch {
    return undefined;
  }
  const path: string[] = [];
  let found: string | undefined;
  // A skipped branch (`false`) is never left, so leaving always pops what entering pushed.
  const named = {
    enter: (node: ArgumentNode | ObjectFieldNode) => (within(node) ? void path.push(node.name.value) : false),
    leave: () => void path.pop(),
  };
  visit(document, {
    Argument: named,
    ObjectField: named,
    // Arguments and fields have their own visitor above: this sees every other node.
    enter(node) {
      if (!found && path.length && match(node)) found = path.join('.');
    },
  });
  return found;
}
