import type { IncomingMessage } from 'node:http';
import type { OperationDefinitionNode } from 'graphql';
import { checkInputs, type DocumentInputs, type InputLimits } from '../common/input-limits';
import type { GraphQLHttpRequest, Shortcut } from '../common/http';
import type { SingleFetch, SingleFetchContext } from './single-fetch';

/** Content types remembered per Accept header, at most. */
const ACCEPT_VALUES = 100;

/**
 * The HTTP shortcut in front of Apollo Server, for the operations the single-fetch path forwards
 * (gateway/single-fetch.ts). Once Apollo Server has parsed and validated an operation (its rules, the query limits)
 * and the single-fetch path has found it forwardable, a later request with the same text, operation name and Accept
 * header skips Apollo Server's request pipeline: the gateway makes the caller's context as always (the token is
 * verified), checks the variables against the API schema and the input limits, sends the one fetch and answers the
 * subgraph's `data` as it came. Anything else goes the full way, with the context already made: a body with
 * `extensions` or other keys, a content type other than JSON, variables that are refused or over a limit (Apollo
 * Server answers the error), a subgraph answer with errors or extensions, or a failure (replayed to
 * `@apollo/gateway`, never fetched twice).
 *
 * In a CPU profile of the gateway on the map (bench, scale 1), Apollo Server's pipeline around a forwarded fetch
 * (query hash, request context, plugins' hooks, content negotiation, the placeholder answer) was about a fifth of
 * the gateway's time. `tests/e2e/single-fetch.test.ts` compares this path's answers with the full gateway's.
 */
export class Forwarding<C extends SingleFetchContext> {
  /** The content type Apollo Server answered a forwarded operation with, per Accept header ('' when absent). */
  private readonly contentTypes = new Map<string, string>();
  private readonly inputs = new WeakMap<OperationDefinitionNode, DocumentInputs>();

  constructor(
    private readonly singleFetch: SingleFetch,
    private readonly limits: InputLimits,
    private readonly context: (req: IncomingMessage) => Promise<C>,
  ) {}

  /** Called with each answer Apollo Server gave for a forwarded operation: the content type it chose for Accept. */
  learn(accept: string | undefined, contentType: string | undefined) {
    const key = accept ?? '';
    if (!contentType || this.contentTypes.has(key) || this.contentTypes.size >= ACCEPT_VALUES) return;
    this.contentTypes.set(key, contentType);
  }

  /** The answer without Apollo Server; a context for it to go on with; or undefined (not for this path). */
  async answer(req: IncomingMessage, request: GraphQLHttpRequest): Promise<Shortcut<C> | undefined> {
    if (request.method !== 'POST' || !isJsonContent(request.headers['content-type'])) return undefined;
    const contentType = this.contentTypes.get(request.headers.accept ?? '');
    if (!contentType) return undefined;
    const body = request.body as Record<string, unknown> | null;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    const { query, operationName, variables } = body;
    for (const key in body)
      if (key !== 'query' && key !== 'operationName' && key !== 'variables') return undefined;
    if (typeof query !== 'string') return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
      return undefined;
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    )
      return undefined;
    const known = this.singleFetch.known(query, operationName);
    if (!known) return undefined;

    let context: C;
    try {
      context = await this.context(req);
    } catch {
      return undefined; // Apollo Server makes it again and answers the error as it always does.
    }
    const provided = (variables ?? {}) as Record<string, unknown>;
    if (checkInputs(known.schema, known.decision.operation, provided, this.limits, this.inputs))
      return { context };
    const data = await this.singleFetch.fetchData(known.decision, known.schema, provided, context);
    if (data === undefined) return { context };
    this.singleFetch.stats.shortcut++;
    // As Apollo Server writes an answer (its stringifyResult ends it with a new line).
    return { status: 200, headers: [['content-type', contentType]], body: `{"data":${data}}\n` };
  }
}

/** `application/json`, with parameters or not: what Apollo Server's CSRF prevention lets through without more. */
function isJsonContent(type: string | undefined): boolean {
  if (!type) return false;
  const semicolon = type.indexOf(';');
  return (semicolon < 0 ? type : type.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}
