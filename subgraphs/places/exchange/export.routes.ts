import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HttpHandler } from '../../../common/http';
import { EXPORTS, exportVersion } from './export';

/** Seconds are all an HTTP date holds. */
const toSecond = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * GET /exports/<file>: every place in the national standard (CSV, JSON) or as data·inclusion v1 structures and
 * services, streamed from the database, with ETag / Last-Modified so that a harvester polls for a 304.
 * Registered on the subgraph's own HTTP server, so whatever guards that server guards these routes too.
 */
export function exportRoutes(orm: MikroORM): HttpHandler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/exports/')) return false;
    const file = EXPORTS[url.pathname.slice('/exports/'.length)];
    if (!file) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: `no such export; known: ${Object.keys(EXPORTS).join(', ')}` }));
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    const em = orm.em.fork() as EntityManager;
    const { etag, lastModified } = await exportVersion(em);
    const headers = {
      etag,
      'last-modified': lastModified.toUTCString(),
      'cache-control': 'public, max-age=0, must-revalidate',
    };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const notModified = inm
      ? inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
      : ims !== undefined &&
        !Number.isNaN(Date.parse(ims)) &&
        toSecond(lastModified) <= Date.parse(ims) / 1000;
    if (notModified) {
      res.writeHead(304, headers).end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-type': file.contentType });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    for await (const chunk of file.body(em)) {
      // Back-pressure: a slow harvester slows the reads instead of filling memory.
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      if (res.destroyed) return true;
    }
    res.end();
    return true;
  };
}
