// Hive Gateway for the benchmark with in-flight request deduplication off
// (https://the-guild.dev/graphql/hive/docs/gateway/other-features/performance/deduplicate-request); headers as
// in gateway.dedupe-on.mjs.
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization') ?? '',
      'x-gateway-signature': request.headers.get('x-gateway-signature') ?? '',
    }),
  },
  transportEntries: {
    '*.http': { options: { deduplicateInflightRequests: false } },
  },
};
