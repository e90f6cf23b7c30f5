import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { UUID_PATTERN } from './uuid';
import { developmentSecret } from './secrets';
import { clientError } from './client-error';

/** Who may see and do what (DESIGN.md 5). No token means `public`. */
export const TOKEN_ROLES = ['partner', 'analyst', 'prefecture', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
export type Role = 'public' | TokenRole;

export interface Viewer {
  role: Role;
  subject?: string;
  /** The partner's organization (Organization id); set for partners only. */
  organizationId?: string;
}

export const PUBLIC_VIEWER: Viewer = Object.freeze({ role: 'public' });

/** Verifies tokens: HS256 with a shared secret, or RS256/ES256 with a JWKS (file or URL). */
export interface AuthConfig {
  key: Uint8Array | JWTVerifyGetKey;
  algorithms: string[];
  issuer?: string;
  audience?: string;
  /** Tokens living longer (exp − iat, or exp − now without iat) are refused. */
  maxLifetimeSeconds?: number;
}

/** Default longest lifetime of a token (exp − iat): a day; JWT_MAX_LIFETIME_SECONDS changes it. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 86_400;

/**
 * JWT_SECRET, else (outside production only) the data folder's own development secret, generated on first start
 * under `<DATA_DIR>/secrets/jwt-secret`: no secret lives in the repository.
 */
export function jwtSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  if (env.NODE_ENV === 'production')
    throw new Error('JWT_SECRET, JWT_JWKS_FILE or JWT_JWKS_URL must be set in production');
  return developmentSecret('jwt-secret', env);
}

/**
 * From the environment: JWT_JWKS_URL or JWT_JWKS_FILE (RS256/ES256), else JWT_SECRET (HS256), else the data
 * folder's development secret — refused when NODE_ENV=production. JWT_ISSUER / JWT_AUDIENCE are checked when
 * set; JWT_MAX_LIFETIME_SECONDS (default 86400) bounds how long a token may live.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const raw = env.JWT_MAX_LIFETIME_SECONDS;
  const maxLifetimeSeconds = raw ? Number(raw) : DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(maxLifetimeSeconds) || maxLifetimeSeconds < 60 || maxLifetimeSeconds > 31_536_000)
    throw new Error('JWT_MAX_LIFETIME_SECONDS must be an integer between 60 and 31536000');
  const common = {
    issuer: env.JWT_ISSUER || undefined,
    audience: env.JWT_AUDIENCE || undefined,
    maxLifetimeSeconds,
  };
  if (env.JWT_JWKS_URL)
    return { key: createRemoteJWKSet(new URL(env.JWT_JWKS_URL)), algorithms: ['RS256', 'ES256'], ...common };
  if (env.JWT_JWKS_FILE) {
    return {
      key: createLocalJWKSet(JSON.parse(readFileSync(env.JWT_JWKS_FILE, 'utf8'))),
      algorithms: ['RS256', 'ES256'],
      ...common,
    };
  }
  const secret = jwtSecretFromEnv(env);
  if (secret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  return { key: new TextEncoder().encode(secret), algorithms: ['HS256'], ...common };
}

/** 401: a token was sent but cannot be trusted. Never a silent downgrade to public. */
export function unauthenticated(message: string): GraphQLError {
  return clientError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) },
    },
  });
}

/** The caller may not see or do this (located on the field of `at`, when given: see clientError). */
export function forbidden(message: string, at?: GraphQLResolveInfo): GraphQLError {
  return clientError(message, { extensions: { code: 'FORBIDDEN' } }, at);
}

/** Verified tokens per key configuration, each until its `exp` (at most a minute): a federated request is verified by the gateway and every subgraph it reaches. */
const verified = new WeakMap<AuthConfig, Map<string, { viewer: Viewer; until: number }>>();
const VERIFIED_LIMIT = 10_000;
const VERIFIED_MAX_MS = 60_000;

/** The viewer of a request from its Authorization header: public without one, 401 when it is not a valid token. */
export async function viewerFromAuthorization(
  config: AuthConfig,
  header: string | undefined,
): Promise<Viewer> {
  if (header === undefined || header === '') return PUBLIC_VIEWER;
  // RFC 7235: the scheme is case-insensitive. A JWT is at most a few kilobytes.
  const match = header.length <= 8192 ? /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header) : null;
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  let cache = verified.get(config);
  if (!cache) verified.set(config, (cache = new Map()));
  const hit = cache.get(match[1]);
  if (hit && Date.now() < hit.until) return hit.viewer;
  const viewer = await verifyToken(config, match[1]);
  if (cache.size >= VERIFIED_LIMIT) cache.clear();
  cache.set(match[1], viewer);
  return viewer.viewer;
}

async function verifyToken(config: AuthConfig, token: string): Promise<{ viewer: Viewer; until: number }> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, config.key as Uint8Array, {
      algorithms: config.algorithms,
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    throw unauthenticated(`invalid token: ${(error as Error).message}`);
  }
  const lifetime = payload.exp! - Math.min(payload.iat ?? Date.now() / 1000, Date.now() / 1000);
  if (config.maxLifetimeSeconds !== undefined && lifetime > config.maxLifetimeSeconds)
    throw unauthenticated(`invalid token: it lives longer than ${config.maxLifetimeSeconds} s`);
  const role = payload.role;
  if (typeof role !== 'string' || !(TOKEN_ROLES as readonly string[]).includes(role)) {
    throw unauthenticated(`invalid token: role must be one of ${TOKEN_ROLES.join(', ')}`);
  }
  const organizationId = typeof payload.org === 'string' ? payload.org : undefined;
  if (role === 'partner' && (!organizationId || !UUID_PATTERN.test(organizationId))) {
    throw unauthenticated('invalid token: a partner token carries its organization id in `org`');
  }
  const viewer: Viewer = Object.freeze({
    role: role as TokenRole,
    subject: payload.sub,
    organizationId: role === 'partner' ? organizationId : undefined,
  });
  return { viewer, until: Math.min(payload.exp! * 1000, Date.now() + VERIFIED_MAX_MS) };
}

export interface TokenClaims {
  role: TokenRole;
  sub?: string;
  org?: string;
  /** Lifetime, e.g. '8h' (jose time span). */
  expiresIn?: string;
}

/** Signs an HS256 token with JWT_SECRET (or the data folder's development secret): for development and tests. */
export async function mintToken(claims: TokenClaims, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const secret = jwtSecretFromEnv(env);
  let jwt = new SignJWT({ role: claims.role, ...(claims.org ? { org: claims.org } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? `dev-${claims.role}`)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h');
  if (env.JWT_ISSUER) jwt = jwt.setIssuer(env.JWT_ISSUER);
  if (env.JWT_AUDIENCE) jwt = jwt.setAudience(env.JWT_AUDIENCE);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** Roles that read everything but personal data, and write nothing. */
const READERS: readonly Role[] = ['analyst', 'prefecture'];

/** Mutations: admin, or a partner (further scoped by `requireOrganization`). */
export function requireWriter(viewer: Viewer): void {
  if (viewer.role === 'admin' || viewer.role === 'partner') return;
  throw forbidden(
    viewer.role === 'public' ? 'authentication required to write' : `role ${viewer.role} may not write`,
  );
}

/** Admin only. */
export function requireAdmin(viewer: Viewer): void {
  if (viewer.role !== 'admin') throw forbidden('reserved to administrators');
}

/** Admin, or a partner acting for this organization. */
export function requireOrganization(
  viewer: Viewer,
  organizationId: string | null | undefined,
  what: string,
): void {
  requireWriter(viewer);
  if (viewer.role === 'admin') return;
  if (!organizationId || organizationId !== viewer.organizationId) {
    throw forbidden(`a partner may only ${what} of its own organization`);
  }
}

/** Non-public reads (ledgers, activity reports): partners (scoped by the caller), analysts, préfecture, admin. */
export function requireAuthenticated(viewer: Viewer): void {
  if (viewer.role === 'public') throw forbidden('authentication required');
}

/** Whether a viewer reads everything (not scoped to an organization). */
export function readsEverything(viewer: Viewer): boolean {
  return viewer.role === 'admin' || READERS.includes(viewer.role);
}

/**
 * Ledger and activity reads (DESIGN.md 5): admin, analysts and the préfecture read everything; a partner
 * reads only what belongs to its organization; the public nothing. Returns the organization the read must
 * be scoped to, or null for everything.
 */
export function scopeOfRead(viewer: Viewer, what: string): string | null {
  if (readsEverything(viewer)) return null;
  if (viewer.role === 'partner') return viewer.organizationId!;
  throw forbidden(`${what} are not public: authentication required`);
}

/** Like scopeOfRead for one organization's records: allowed when it reads everything or it is that organization. */
export function requireReadOf(viewer: Viewer, organizationId: string, what: string): void {
  const scope = scopeOfRead(viewer, what);
  if (scope !== null && scope !== organizationId)
    throw forbidden(`a partner only reads its own organization's ${what}`);
}
