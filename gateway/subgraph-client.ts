import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { FetchedAnswer } from './single-fetch';

// A connection idle for 60 s is closed here, before the subgraph's keep-alive timeout (65 s) closes it under a request.
const IDLE = { keepAlive: true, timeout: 60_000 };
const agents = { http: new Agent(IDLE), https: new HttpsAgent(IDLE) };

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * The gateway's HTTP client to its subgraphs: one POST, its answer buffered as text. Node's `http` module with
 * kept-alive connections, not `fetch`: a subgraph answer needs no WHATWG streams, Request, Response or Headers
 * objects, which were about a third of the gateway's processor time on the map (CPU profile, bench `map`, scale 1).
 * Failures look as `fetch`'s do (a `TypeError` whose `cause` carries the socket's code), so they are classified the
 * same (gateway/resilience.ts). At `timeoutMs` (the deadline; a plain timer, cheaper than an `AbortSignal` per
 * request, which with `http.request`'s listener was about 5 % of the gateway's time on the map) or when `signal`
 * aborts, the request and its connection are destroyed and the promise rejects with a `SubgraphTimeout` or the
 * signal's `AbortError`.
 */
export function postToSubgraph(url: string, init: RequestInit, timeoutMs?: number): Promise<FetchedAnswer> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const failed = (error: Error) => {
      clearTimeout(timer);
      reject(timedOut || init.signal?.aborted ? error : new TypeError('fetch failed', { cause: error }));
    };
    const secure = url.startsWith('https:');
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: init.method ?? 'POST',
        headers: init.headers as Record<string, string>,
        agent: secure ? agents.https : agents.http,
        signal: init.signal ?? undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', failed);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            headers: flatHeaders(res.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', failed);
    if (timeoutMs !== undefined)
      timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new SubgraphTimeout(timeoutMs));
      }, timeoutMs);
    req.end(typeof init.body === 'string' ? init.body : undefined);
  });
}

/** A subgraph that did not answer within its `timeoutMs`. */
export class SubgraphTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/**
 * A buffered subgraph answer as @apollo/gateway's data source reads it: `ok`, `status`, `headers.get`, `json()`,
 * `text()`. A WHATWG `Response` built from the text would encode it to bytes and decode it again before parsing:
 * with its `Headers`, about a tenth of the gateway's processor time on the 100-card directory page (CPU profile).
 */
export class BufferedResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null; has(name: string): boolean };
  readonly bodyUsed = false;

  constructor(
    answer: FetchedAnswer,
    readonly url: string,
  ) {
    this.ok = answer.status >= 200 && answer.status < 300;
    this.status = answer.status;
    this.statusText = answer.statusText;
    const names = answer.headers;
    this.headers = {
      get: (name) => names[name.toLowerCase()] ?? null,
      has: (name) => name.toLowerCase() in names,
    };
    this.text = () => Promise.resolve(answer.text);
    this.json = () => new Promise((resolve) => resolve(JSON.parse(answer.text)));
  }

  readonly text: () => Promise<string>;
  readonly json: () => Promise<unknown>;
}
