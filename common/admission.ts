import { randomUUID } from 'node:crypto';
import type { HttpHandler } from './http';
import { intFromEnv } from './config';

/** Header carrying the request id: read from the caller when well formed, generated otherwise, echoed in the answer. */
export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Gives every request an id (the caller's X-Request-Id if sane, else a new UUID), echoed in the response header. */
export const requestId: HttpHandler = (req, res) => {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader('X-Request-Id', id);
  return false;
};

/** GraphQL requests a process works on at once: MAX_IN_FLIGHT (gateway, 16) or SUBGRAPH_MAX_IN_FLIGHT (256). */
export function maxInFlightFromEnv(variable = 'MAX_IN_FLIGHT', fallback = 16): number {
  return intFromEnv(variable, fallback, 1, 100_000);
}

/**
 * Admission control: at most `max` GraphQL requests in flight; one more is answered at once with 503 and
 * Retry-After rather than queued, so a flood cannot grow memory or the latency of everyone else without bound.
 * /health, /ready and /metrics are never refused.
 */
export function admission(max: number, retryAfterSeconds = 1): HttpHandler & { inFlight(): number } {
  let inFlight = 0;
  const handler = ((_req, res, url) => {
    if (url.pathname !== '/graphql') return false;
    if (inFlight >= max) {
      const body = JSON.stringify({
        errors: [
          {
            message: `server busy: over ${max} requests in flight, retry after ${retryAfterSeconds} s`,
            extensions: { code: 'SERVER_BUSY' },
          },
        ],
      });
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'retry-after': String(retryAfterSeconds),
      });
      res.end(body);
      return true;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    return false;
  }) as HttpHandler & { inFlight(): number };
  handler.inFlight = () => inFlight;
  return handler;
}
