import type { IncomingMessage, ServerResponse } from 'node:http';
import { viewerFromAuthorization, type AuthConfig } from '../common/auth';
import type { HttpHandler } from '../common/http';

function deny(res: ServerResponse, status: number, message: string): true {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
  });
  res.end(JSON.stringify({ error: message }));
  return true;
}

/** GET /metrics answers only a token with the admin role (401 without one, 403 for other roles). */
export function adminOnlyMetrics(auth: AuthConfig): HttpHandler {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== '/metrics') return false;
    if (!req.headers.authorization) return deny(res, 401, 'an admin token is required');
    try {
      const viewer = await viewerFromAuthorization(auth, req.headers.authorization);
      return viewer.role === 'admin' ? false : deny(res, 403, 'reserved to administrators');
    } catch {
      return deny(res, 401, 'invalid token');
    }
  };
}
