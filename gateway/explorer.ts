import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { HttpHandler } from '../common/http';
import { readExamples, repositoryRoot } from './examples';

/**
 * The GraphQL explorer: GraphiQL bundled from node_modules at build time (gateway/explorer/build.mjs, part of
 * `npm run build`) into dist/explorer/, served by the gateway itself so it works offline, under a
 * Content-Security-Policy allowing this origin only. A browser asking for /graphql is sent to /explorer/.
 */
export interface ExplorerOptions {
  /** The bundled assets (app.js, app.css); dist/explorer/ by default. */
  assetsDir?: string;
  /** The examples folder; the repository's examples/ by default. */
  examplesDir?: string;
}

/** Only this origin: no CDN, no third-party font; data: URIs are GraphiQL's inlined icons and fonts. */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>déClic47 hub — GraphQL explorer</title>
    <link rel="stylesheet" href="/explorer/app.css" />
    <link rel="stylesheet" href="/explorer/page.css" />
  </head>
  <body>
    <div id="explorer">Loading the explorer…</div>
    <script src="/explorer/app.js"></script>
  </body>
</html>
`;

const PAGE_CSS = 'html, body, #explorer { height: 100%; margin: 0; }\n';

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): true {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'content-security-policy': EXPLORER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(body);
  return true;
}

/** The explorer's routes, for the `handlers` option of createHttpServer. */
export function explorerHandler(options: ExplorerOptions = {}): HttpHandler {
  const assetsDir = options.assetsDir ?? join(repositoryRoot(), 'dist', 'explorer');
  // Read once: examples are part of the release, like the code.
  const examples = JSON.stringify(readExamples(options.examplesDir));
  const asset = (file: string, type: string) => (res: ServerResponse) => {
    const path = join(assetsDir, file);
    if (!existsSync(path)) {
      return send(res, 503, 'text/plain; charset=utf-8', 'explorer not built: run `npm run build`\n');
    }
    return send(res, 200, type, readFileSync(path));
  };
  const routes: Record<string, (res: ServerResponse) => true> = {
    '/explorer/': (res) => send(res, 200, 'text/html; charset=utf-8', PAGE),
    '/explorer/app.js': asset('app.js', 'text/javascript; charset=utf-8'),
    '/explorer/app.css': asset('app.css', 'text/css; charset=utf-8'),
    '/explorer/page.css': (res) => send(res, 200, 'text/css; charset=utf-8', PAGE_CSS),
    '/explorer/examples.json': (res) => send(res, 200, 'application/json; charset=utf-8', examples),
  };
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === '/explorer') return redirect(res);
    // A browser opening the endpoint (not a GraphQL GET, which carries ?query=).
    if (url.pathname === '/graphql' && !url.searchParams.has('query') && acceptsHtml(req.headers.accept)) {
      return redirect(res);
    }
    return routes[url.pathname]?.(res) ?? false;
  };
}

function acceptsHtml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.trim().toLowerCase().startsWith('text/html'));
}

function redirect(res: ServerResponse): true {
  res.writeHead(302, { location: '/explorer/', 'content-length': 0 });
  res.end();
  return true;
}
