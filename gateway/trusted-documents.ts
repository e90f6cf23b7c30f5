import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** Registered operations by id (the SHA-256 of their text): what a first-party frontend calls without sending it. */
export type TrustedDocuments = ReadonlyMap<string, string>;

interface Manifest {
  format?: string;
  operations?: { id: string; body: string }[];
}

/**
 * Reads an Apollo persisted query manifest (`{ format: "apollo-persisted-query-manifest", version: 1, operations:
 * [{ id, name, type, body }] }`, as `@apollo/generate-persisted-query-manifest` writes it). Each id must be the
 * SHA-256 of its body: a document cannot be registered under another's id.
 */
export function readTrustedDocuments(path: string): TrustedDocuments {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations))
    throw new Error(`${path}: not an apollo-persisted-query-manifest`);
  const documents = new Map<string, string>();
  for (const { id, body } of manifest.operations) {
    if (createHash('sha256').update(body).digest('hex') !== id)
      throw new Error(`${path}: operation ${id} is not the SHA-256 of its body`);
    documents.set(id, body);
  }
  return documents;
}

/** TRUSTED_DOCUMENTS: the manifest's path; unset, none. */
export function trustedDocumentsFromEnv(env: NodeJS.ProcessEnv = process.env): TrustedDocuments | undefined {
  return env.TRUSTED_DOCUMENTS ? readTrustedDocuments(env.TRUSTED_DOCUMENTS) : undefined;
}

/**
 * Registered operations called by id (`extensions.persistedQuery.sha256Hash`, no `query`): the gateway runs the
 * registered text. Nothing is learnt from other callers — unlike automatic persisted queries (off), the list is
 * fixed at start and the same for everyone; an unknown id answers PERSISTED_QUERY_NOT_SUPPORTED.
 */
export function trustedDocumentsPlugin<C extends BaseContext>(
  documents: TrustedDocuments,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      const id = request.extensions?.persistedQuery?.sha256Hash;
      if (request.query || typeof id !== 'string') return;
      const query = documents.get(id);
      if (!query) return;
      request.query = query;
      const { persistedQuery: _, ...rest } = request.extensions!;
      request.extensions = rest;
    },
  };
}
