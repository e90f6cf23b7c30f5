import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from '../common/http';

/**
 * Cross-origin access to the gateway's /graphql for browser frontends served from other origins (a map, a
 * directory, a partner dashboard). An allow-list of exact origins, empty by default: with none configured, the
 * gateway answers no preflight and sets no CORS header, so browsers on other origins cannot read its answers.
 * Apollo Server's CSRF prevention stays on for every request: a "simple" cross-origin request (no preflight) from
 * any origin is still refused unless it carries JSON or a preflight-forcing header.
 */
export interface CorsConfig {
  /** Exact origins (`scheme://host[:port]`) allowed to call /graphql from a browser. */
  origins: string[];
  /** How long a browser may cache a preflight answer, in seconds (default 600). */
  maxAgeSeconds?: number;
}

/** Request headers a frontend may send: JSON bodies, a Bearer token, Apollo Client's operation headers. */
const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];

const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/** Checks one origin as written in CORS_ORIGINS: scheme, host and optional port, nothing else. */
export function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`CORS_ORIGINS: ${JSON.stringify(value)} is not an origin (scheme://host[:port])`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== value.replace(/\/$/, '')) {
    throw new Error(
      `CORS_ORIGINS: ${JSON.stringify(value)} is not an origin (scheme://host[:port], no path, no wildcard)`,
    );
  }
  return url.origin;
}

/** CORS_ORIGINS: a comma-separated list of origins; empty or unset allows none. */
export function corsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CorsConfig {
  const origins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map(parseOrigin);
  return { origins };
}

function refuse(res: ServerResponse, message: string): true {
  const body = JSON.stringify({ error: message });
  res.writeHead(403, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    vary: 'Origin',
  });
  res.end(body);
  return true;
}

/**
 * The CORS filter of the gateway's HTTP server: answers preflights of /graphql (204 for an allowed origin and
 * allowed headers, 403 otherwise) and adds the Access-Control-* headers to the answers for allowed origins.
 */
export function corsHandler(config: CorsConfig): HttpHandler {
  const allowed = new Set(config.origins.map(parseOrigin));
  const maxAge = String(config.maxAgeSeconds ?? 600);
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== '/graphql') return false;
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!origin) return false;
    if (!allowed.has(origin)) {
      // No CORS header: the browser keeps the answer from the page. A preflight gets a plain refusal.
      return preflight ? refuse(res, 'origin not allowed') : false;
    }
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    if (!preflight) return false;
    const method = String(req.headers['access-control-request-method']).toUpperCase();
    const requested = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    if (!ALLOWED_METHODS.includes(method)) return refuse(res, `method ${method} not allowed`);
    const refused = requested.filter((h) => !ALLOWED_HEADERS.includes(h));
    if (refused.length) return refuse(res, `headers not allowed: ${refused.join(', ')}`);
    res.writeHead(204, {
      'access-control-allow-methods': ALLOWED_METHODS,
      'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
      'access-control-max-age': maxAge,
    });
    res.end();
    return true;
  };
}
