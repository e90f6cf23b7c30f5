import type { IncomingMessage } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import { viewerFromAuthorization, type AuthConfig } from '../../../common/auth';
import type { HttpHandler } from '../../../common/http';
import { runImport } from './run';

/** Largest file the HTTP import takes (IMPORT_HTTP_MAX_BYTES, default 10 MB); bigger files go through the CLI. */
export const importHttpMaxBytes = () => Number(process.env.IMPORT_HTTP_MAX_BYTES ?? 10_000_000);

class TooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new TooLarge());
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const json = (res: Parameters<HttpHandler>[1], status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));

/**
 * POST /imports/places?source=<name>[&dryRun=true][&strict=true][&departement=47][&file=<name>]: the body is the
 * file (CSV or JSON, as the CLI reads it); answers the report. Admin: any source. A partner: rows of its own
 * organization only, under a source name prefixed with its organization id.
 */
export function importRoutes(orm: MikroORM, auth: AuthConfig): HttpHandler {
  return async (req, res, url) => {
    if (url.pathname !== '/imports/places') return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return true;
    }
    let viewer;
    try {
      viewer = await viewerFromAuthorization(auth, req.headers.authorization);
    } catch {
      json(res, 401, { error: 'invalid token' });
      return true;
    }
    if (viewer.role !== 'admin' && viewer.role !== 'partner') {
      json(res, viewer.role === 'public' ? 401 : 403, {
        error: 'importing places needs an admin or partner token',
      });
      return true;
    }
    const source = url.searchParams.get('source') ?? '';
    if (!/^[\w.:-]{1,100}$/.test(source)) {
      json(res, 400, { error: 'source: required, 1 to 100 letters, digits, . _ : -' });
      return true;
    }
    const departement = url.searchParams.get('departement') ?? undefined;
    if (departement !== undefined && !/^(\d{2}|2[AB]|97\d)$/.test(departement)) {
      json(res, 400, { error: 'departement: a département code such as 47' });
      return true;
    }
    const file = (url.searchParams.get('file') ?? 'upload').slice(0, 200);
    let body: Buffer;
    try {
      body = await readBody(req, importHttpMaxBytes());
    } catch (error) {
      if (error instanceof TooLarge) {
        json(res, 413, {
          error: `the file is over ${importHttpMaxBytes()} bytes: use npm run import for large files`,
        });
        return true;
      }
      throw error;
    }
    const report = await runImport(orm, {
      source: viewer.role === 'partner' ? `${viewer.organizationId}/${source}` : source,
      file,
      open: async function* () {
        yield body;
      },
      dryRun: url.searchParams.get('dryRun') === 'true',
      strict: url.searchParams.get('strict') === 'true',
      departement,
      maxBytes: importHttpMaxBytes(),
      organizationId: viewer.role === 'partner' ? viewer.organizationId : undefined,
    });
    json(res, report.status === 'REFUSED' ? 422 : 200, report);
    return true;
  };
}
