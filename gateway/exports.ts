import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SIGNATURE_HEADER, signRequest, type SigningKeys } from '../common/gateway-signature';
import type { HttpHandler } from '../common/http';

const FORWARDED_REQUEST = [
  'if-none-match',
  'if-modified-since',
  'authorization',
  'content-type',
  'content-length',
];
const FORWARDED_RESPONSE = ['content-type', 'etag', 'last-modified', 'cache-control', 'allow'];

/**
 * GET /exports/* (and POST /imports/places) on the gateway's host: streamed through from the places subgraph's
 * own routes, so the gateway never reads the places database; validators (ETag, Last-Modified) and 304s pass through unchanged.
 * A GraphQL-paged export would run one query plan per page and could not give a consistent ETag.
 */
export function exportsProxy(placesGraphqlUrl: string | undefined, signingKeys: SigningKeys): HttpHandler {
  return async (req, res, url) => {
    const routed = url.pathname.startsWith('/exports/') || url.pathname === '/imports/places';
    if (!routed || !placesGraphqlUrl) return false;
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // Signed like every subgraph request of the gateway: the places subgraph answers nothing else.
    headers[SIGNATURE_HEADER] = signRequest(signingKeys, headers.authorization ?? '');
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    // The places subgraph bounds the upload too; refusing a declared oversize body here spares streaming it.
    const limit = Number(process.env.IMPORT_HTTP_MAX_BYTES ?? 10_000_000);
    if (hasBody && Number(req.headers['content-length'] ?? 0) > limit) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(
        JSON.stringify({ error: `the file is over ${limit} bytes: use npm run import for large files` }),
      );
      req.resume();
      return true;
    }
    const upstream = await fetch(new URL(url.pathname + url.search, placesGraphqlUrl), {
      method: req.method,
      headers,
      // The upload streams through; the places subgraph bounds its size.
      ...(hasBody
        ? { body: Readable.toWeb(req) as unknown as NonNullable<RequestInit['body']>, duplex: 'half' }
        : {}),
      signal: AbortSignal.timeout(10 * 60_000),
    }).catch(() => null);
    if (!upstream) {
      res
        .writeHead(502, { 'content-type': 'application/json' })
        .end('{"error":"places subgraph unreachable"}');
      return true;
    }
    const out: Record<string, string> = {};
    for (const name of FORWARDED_RESPONSE) {
      const value = upstream.headers.get(name);
      if (value) out[name] = value;
    }
    res.writeHead(upstream.status, out);
    if (!upstream.body) {
      res.end();
      return true;
    }
    const body = Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>);
    req.on('close', () => body.destroy());
    body.on('error', () => res.destroy());
    body.pipe(res);
    return true;
  };
}
