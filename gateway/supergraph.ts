import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const DEFAULT_SUPERGRAPH_PATH = resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql');

/** The committed supergraph (static composition); SUPERGRAPH_PATH overrides where it is read from. */
export function readSupergraph(path = process.env.SUPERGRAPH_PATH): string {
  const candidates = path ? [path] : [resolve('schema', 'supergraph.graphql'), DEFAULT_SUPERGRAPH_PATH];
  for (const candidate of candidates) {
    try {
      return readFileSync(candidate, 'utf8');
    } catch {
      // try the next location
    }
  }
  throw new Error(`supergraph not found at ${candidates.join(' or ')}: run npm run schema`);
}

/** The subgraphs a supergraph names, with the URLs composed into it. */
export function subgraphsOf(supergraphSdl: string): { name: string; url: string }[] {
  const graphs = [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)];
  return graphs.map(([, name, url]) => ({ name, url }));
}

/** `<NAME>_URL` (e.g. PLACES_URL) overrides the URL composed into the supergraph. */
export function subgraphUrlsFromEnv(supergraphSdl: string): Record<string, string> {
  return Object.fromEntries(
    subgraphsOf(supergraphSdl).map(({ name, url }) => [
      name,
      process.env[`${name.toUpperCase()}_URL`] ?? url,
    ]),
  );
}
