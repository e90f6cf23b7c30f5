/** Counters a process exposes on GET /metrics: what the tests and the benchmark count per request. */
export class Metrics {
  requests = 0;
  sqlStatements = 0;
  readonly startedAt = Date.now();

  snapshot(): Record<string, number> {
    const mem = process.memoryUsage();
    return {
      requests: this.requests,
      sqlStatements: this.sqlStatements,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }
}
