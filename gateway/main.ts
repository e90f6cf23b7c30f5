import { intFromEnv } from '../common/config';
import { onShutdown } from '../common/http';
import { introspectionFromEnv } from '../common/protection';
import { listenOrExit } from '../common/startup';
import { createGateway } from './gateway';
import { trustedDocumentsFromEnv } from './trusted-documents';
import { readSupergraph, subgraphUrlsFromEnv } from './supergraph';
import { runPrimary, servesItself, workersFromEnv } from '../common/workers';

async function main(): Promise<void> {
  const supergraphSdl = readSupergraph();
  const gateway = await createGateway({
    supergraphSdl,
    subgraphUrls: subgraphUrlsFromEnv(supergraphSdl),
    introspection: introspectionFromEnv(),
    explorer: process.env.EXPLORER
      ? process.env.EXPLORER === 'true'
      : process.env.NODE_ENV !== 'production' || process.env.INTROSPECTION === 'true',
    maxBodyBytes: intFromEnv('MAX_BODY_BYTES', 1_000_000, 1_000, 50_000_000),
    trustedDocuments: trustedDocumentsFromEnv(),
    deduplicateReads: process.env.DEDUPLICATE_READS !== 'false',
    singleFetchPassthrough: process.env.SINGLE_FETCH_PASSTHROUGH !== 'false',
    responseCache: process.env.RESPONSE_CACHE_URL
      ? {
          url: process.env.RESPONSE_CACHE_URL,
          ttlSeconds: intFromEnv('RESPONSE_CACHE_TTL_SECONDS', 60, 1, 86_400),
          prefix: process.env.RESPONSE_CACHE_PREFIX || undefined,
        }
      : undefined,
  });
  const host = process.env.HOST ?? '127.0.0.1';
  const port = await listenOrExit(
    gateway.http,
    'GATEWAY_PORT',
    intFromEnv('GATEWAY_PORT', 4000, 0, 65535),
    host,
  );
  console.log(`gateway ready at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/graphql`);
  onShutdown(() => gateway.stop());
}

// WORKERS > 1: a Node cluster, each worker a whole gateway on the shared port (common/workers.ts).
const workers = workersFromEnv();
if (servesItself(workers)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runPrimary('gateway', workers);
}
