import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logUnexpected } from './redact';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export interface HttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  context: (req: IncomingMessage) => Promise<C>;
  /** GET /ready answers 200 when this resolves true. */
  ready?: () => Promise<boolean>;
  /** GET /metrics answers this as JSON. */
  metrics?: () => Record<string, unknown>;
  /**
   * Rewrites the serialized answer of a request with its context and Apollo Server's answer head (the gateway's
   * single-fetch path).
   */
  finish?: (
    context: C,
    body: string,
    head: { status: number; headers: Map<string, string> },
    req: IncomingMessage,
  ) => string;
  /**
   * Answers a GraphQL request without Apollo Server when it can (the gateway's HTTP shortcut, gateway/forward.ts),
   * or gives the context Apollo Server is to run it with; undefined: Apollo Server, with a context made as usual.
   */
  shortcut?: (req: IncomingMessage, request: GraphQLHttpRequest) => Promise<Shortcut<C> | undefined>;
  /** Counts GraphQL requests. */
  onRequest?: () => void;
  maxBodyBytes?: number;
  /**
   * Extra HTTP handlers, tried in order before the built-in routes: each may answer the request (and return true)
   * or only set headers (CORS, say) and return false to let the next one, then the built-in routes, go on.
   */
  handlers?: HttpHandler[];
  /**
   * Admission control once the body is parsed (common/admission.ts): may answer the request (503) and return true.
   */
  admit?: (
    req: IncomingMessage,
    res: ServerResponse,
    request: GraphQLHttpRequest,
  ) => boolean | Promise<boolean>;
  /**
   * Wraps the GraphQL execution of a request (the gateway's response cache): may answer without calling
   * `execute`, or call it and look at the answer. Runs after the body is read and parsed.
   */
  around?: (
    request: GraphQLHttpRequest,
    execute: () => Promise<GraphQLHttpAnswer>,
  ) => Promise<GraphQLHttpAnswer>;
}

/** An extra route or filter of the HTTP server: true when it has answered the request. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

/** A GraphQL request as the server received it. */
export interface GraphQLHttpRequest {
  method: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body of a POST, undefined for a GET. */
  body: unknown;
  search: string;
}

/** An answer ready to send. */
export interface GraphQLHttpAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

/** What a shortcut past Apollo Server gives: the answer, or the context to run Apollo Server with. */
export type Shortcut<C> = GraphQLHttpAnswer | { context: C };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new HttpError(413, `request body over ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * A plain node:http server in front of Apollo Server: POST/GET /graphql, GET /health (live), GET /ready
 * and GET /metrics. No framework in the hot path; keep-alive on for the gateway's pooled connections.
 */
export function createHttpServer<C extends BaseContext>(options: HttpOptions<C>): Server {
  const limit = options.maxBodyBytes ?? 1_000_000;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      for (const handle of options.handlers ?? []) if (await handle(req, res, url)) return;
      if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
      if (req.method === 'GET' && url.pathname === '/ready') {
        const ok = options.ready ? await options.ready().catch(() => false) : true;
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready' });
      }
      if (req.method === 'GET' && url.pathname === '/metrics')
        return sendJson(res, 200, options.metrics?.() ?? {});
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });

      options.onRequest?.();
      let body: unknown = undefined;
      if (req.method === 'POST') {
        const text = await readBody(req, limit);
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          throw new HttpError(400, 'request body is not valid JSON');
        }
      }
      const request = { method: req.method ?? 'GET', headers: req.headers, body, search: url.search };
      const answered = options.admit?.(req, res, request);
      if (answered === true || (answered instanceof Promise && (await answered))) return;
      const execute = async (): Promise<GraphQLHttpAnswer> => {
        const shortcut = options.shortcut ? await options.shortcut(req, request) : undefined;
        if (shortcut && 'body' in shortcut) return shortcut;
        let context: C | undefined = shortcut?.context;
        const headers = new HeaderMap();
        for (const [key, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
        }
        const response = await options.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
          context: async () => (context ??= await options.context(req)),
        });
        let text = '';
        if (response.body.kind === 'complete') text = response.body.string;
        else for await (const chunk of response.body.asyncIterator) text += chunk;
        const status = response.status ?? 200;
        if (context && options.finish)
          text = options.finish(context, text, { status, headers: response.headers }, req);
        return { status, headers: [...response.headers], body: text };
      };
      const answer = options.around ? await options.around(request, execute) : await execute();
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.statusCode = answer.status;
      res.end(answer.body);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error';
      if (!(error instanceof HttpError)) logUnexpected(error);
      if (!res.headersSent)
        sendJson(res, status, {
          errors: [
            { message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } },
          ],
        });
      else res.end();
    }
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/** Listens and resolves with the port actually bound (port 0 picks a free one). */
export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen((server.address() as AddressInfo).port));
  });
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    // In-flight requests get a grace period; a stuck client never keeps the process alive.
    setTimeout(() => {
      console.error('shutdown took over 10 s, exiting');
      process.exit(1);
    }, 10_000).unref();
    stop()
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
  // Started by `npm start` with an IPC channel: when that parent goes away, so do we, never orphaned (also when
  // it went away while we were still starting).
  if (process.connected) process.on('disconnect', () => handler('parent exited'));
  else if (process.send) handler('parent exited');
}

/** Stops accepting connections, closes idle keep-alive ones, and waits for in-flight requests to finish. */
export function closeServer(server: Server, graceMs = 5_000): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      done();
    });
    server.closeIdleConnections();
  });
}
