// Hive Gateway for the benchmark with in-flight request deduplication off
// (https://the-guild.dev/graphql/hive/docs/gateway/other-features/performance/deduplicate-request).
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
  },
  transportEntries: {
    '*.http': { options: { deduplicateInflightRequests: false } },
  },
};
