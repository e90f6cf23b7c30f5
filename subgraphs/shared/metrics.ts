import type { AdmissionStats } from '../../common/admission';

/** Counters a process exposes on GET /metrics: what the tests and the benchmark count per request. */
export class Metrics {
  requests = 0;
  sqlStatements = 0;
  readonly startedAt = Date.now();
  /** Admission control's counters (common/admission.ts), once the server has one. */
  admission: (() => AdmissionStats) | undefined;

  snapshot(): Record<string, number | AdmissionStats> {
    const mem = process.memoryUsage();
    return {
      ...(this.admission ? { admission: this.admission() } : {}),
      requests: this.requests,
      sqlStatements: this.sqlStatements,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }
}
