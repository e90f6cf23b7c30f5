// Hive Gateway for the benchmark, stock settings (in-flight request deduplication on, its default); only the
// Authorization header is forwarded, as the hub's gateway does, with the gateway signature the bench gives each
// request (the subgraphs run as in production, where unsigned requests are refused).
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization') ?? '',
      'x-gateway-signature': request.headers.get('x-gateway-signature') ?? '',
    }),
  },
};
