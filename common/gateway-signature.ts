import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { developmentSecret } from './secrets';
import type { HttpHandler } from './http';

/** `x-gateway-signature: v1,<unix seconds>,<request id>,<base64url HMAC-SHA256>`; see SECURITY.md. */
export const SIGNATURE_HEADER = 'x-gateway-signature';
/** How long a signature is accepted, either side of the subgraph's clock. */
export const SIGNATURE_LIFETIME_SECONDS = 60;

export interface SigningKeys {
  /** Signs (gateway) and verifies (subgraphs). */
  current: string;
  /** Also accepted while a rotation is in progress. */
  previous?: string;
}

/**
 * GATEWAY_SIGNING_KEY (and GATEWAY_SIGNING_KEY_PREVIOUS during a rotation); required in production, generated
 * per data folder in development (the gateway and the subgraphs of `npm start` share the folder).
 */
export function signingKeysFromEnv(env: NodeJS.ProcessEnv = process.env): SigningKeys {
  let current = env.GATEWAY_SIGNING_KEY;
  if (!current) {
    if (env.NODE_ENV === 'production') throw new Error('GATEWAY_SIGNING_KEY must be set in production');
    current = developmentSecret('gateway-signing-key', env);
  }
  for (const key of [current, env.GATEWAY_SIGNING_KEY_PREVIOUS])
    if (key !== undefined && key !== '' && key.length < 32)
      throw new Error('gateway signing keys must be at least 32 characters');
  return { current, previous: env.GATEWAY_SIGNING_KEY_PREVIOUS || undefined };
}

/** What a signature covers: the version, the time, the request id and the caller's Authorization header. */
function mac(key: string, timestamp: string, requestId: string, authorization: string): Buffer {
  return createHmac('sha256', key).update(`v1\n${timestamp}\n${requestId}\n${authorization}`).digest();
}

/** The header the gateway adds to a subgraph request (bound to the caller's token, so it cannot be moved to another). */
export function signRequest(
  keys: SigningKeys,
  authorization = '',
  requestId: string = randomUUID(),
  now = Date.now(),
): string {
  const timestamp = String(Math.floor(now / 1000));
  return `v1,${timestamp},${requestId},${mac(keys.current, timestamp, requestId, authorization).toString('base64url')}`;
}

/** Signatures kept by `signer` (per second) and by `gatewayOnly` (verified), at most: then each starts a new map. */
const SIGNATURES_KEPT = 1000;

/**
 * `signRequest` for the gateway's subgraph requests: one signature per caller's Authorization and second, reused
 * by that caller's requests within the second. A signature is accepted for 60 s and covers no body, so a new one
 * per request proves nothing more; an HMAC and a UUID per subgraph request were about 4 % of the gateway's processor
 * time on the map (CPU profile, bench, scale 1).
 */
export function signer(keys: SigningKeys, now = Date.now): (authorization: string) => string {
  let second = -1;
  let signatures = new Map<string, string>();
  return (authorization) => {
    const time = now();
    const current = Math.floor(time / 1000);
    if (current !== second || signatures.size >= SIGNATURES_KEPT) {
      second = current;
      signatures = new Map();
    }
    let signature = signatures.get(authorization);
    if (signature === undefined) {
      signature = signRequest(keys, authorization, undefined, time);
      signatures.set(authorization, signature);
    }
    return signature;
  };
}

/** Whether a request carries a valid, fresh signature by a current or previous key. */
export function verifySignature(
  keys: SigningKeys,
  header: string | undefined,
  authorization = '',
  now = Date.now(),
): boolean {
  if (!header || header.length > 200) return false;
  const parts = header.split(',');
  if (parts.length !== 4 || parts[0] !== 'v1') return false;
  const [, timestamp, requestId, signature] = parts;
  if (!/^\d{1,12}$/.test(timestamp) || !/^[\w-]{1,64}$/.test(requestId)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_LIFETIME_SECONDS) return false;
  const given = Buffer.from(signature, 'base64url');
  return [keys.current, keys.previous].some((key) => {
    if (!key) return false;
    const expected = mac(key, timestamp, requestId, authorization);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface GatewayOnlyOptions {
  keys: SigningKeys;
  /** Development only: let unsigned requests in (SUBGRAPH_DIRECT_ACCESS=true, refused in production). */
  allowDirect?: boolean;
}

/** SUBGRAPH_DIRECT_ACCESS=true lets a developer query a subgraph directly; never in production. */
export function allowDirectAccessFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.SUBGRAPH_DIRECT_ACCESS !== 'true') return false;
  if (env.NODE_ENV === 'production') throw new Error('SUBGRAPH_DIRECT_ACCESS is refused in production');
  return true;
}

/**
 * A subgraph HTTP filter: everything but /health and /ready needs the gateway's signature, else 401. A signature
 * found valid is remembered with its time (the gateway reuses one for a caller within a second: see `signer`), so
 * its HMAC is not computed again; it is still refused once older than its lifetime.
 */
export function gatewayOnly({ keys, allowDirect }: GatewayOnlyOptions): HttpHandler {
  let verified = new Map<string, number>();
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (allowDirect || (req.method === 'GET' && (url.pathname === '/health' || url.pathname === '/ready')))
      return false;
    const header = req.headers[SIGNATURE_HEADER];
    const signature = Array.isArray(header) ? header[0] : header;
    const authorization = req.headers.authorization ?? '';
    const key = `${signature}\n${authorization}`;
    const now = Date.now();
    const signedAt = verified.get(key);
    if (signedAt !== undefined && Math.abs(now / 1000 - signedAt) <= SIGNATURE_LIFETIME_SECONDS) return false;
    if (verifySignature(keys, signature, authorization, now)) {
      if (verified.size >= SIGNATURES_KEPT) verified = new Map();
      verified.set(key, Number(signature!.split(',')[1]));
      return false;
    }
    const body = JSON.stringify({
      errors: [{ message: 'this service answers the gateway only', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    res.writeHead(401, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
    return true;
  };
}
