// Hive Gateway for the benchmark, stock settings (in-flight request deduplication on, its default); only the
// Authorization header is forwarded, as the hub's gateway does.
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
  },
};
