/* global process */
// Bundles the explorer's browser code (GraphiQL, React) from node_modules into static files the gateway serves:
// part of `npm run build`, offline (esbuild only reads node_modules). Usage: node gateway/explorer/build.mjs [outdir]
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] ?? resolve(here, '../../dist/explorer'));

await build({
  entryPoints: { app: resolve(here, 'app.mjs') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outdir,
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'linked',
  logLevel: 'warning',
});
