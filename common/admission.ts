import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler } from './http';
import type { OperationText } from './request-cost';
import { intFromEnv } from './config';

/** Header carrying the request id: read from the caller when well formed, generated otherwise, echoed in the answer. */
export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Gives every request an id (the caller's X-Request-Id if sane, else a new UUID), echoed in the response header. */
export const requestId: HttpHandler = (req, res) => {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader('X-Request-Id', id);
  return false;
};

/** GraphQL requests a process works on at once: MAX_IN_FLIGHT (gateway, 16) or SUBGRAPH_MAX_IN_FLIGHT (256). */
export function maxInFlightFromEnv(variable = 'MAX_IN_FLIGHT', fallback = 16): number {
  return intFromEnv(variable, fallback, 1, 100_000);
}

/** How many requests a process runs at once, and how many of them may be costly. */
export interface AdmissionLimits {
  /** Requests in flight; one more is refused at once (503). */
  maxInFlight: number;
  /** Of those, requests whose estimated cost is over `heavyCost`: the rest is kept for cheaper requests. */
  maxHeavyInFlight: number;
  /** Above this estimated cost (common/request-cost.ts) a request is heavy. */
  heavyCost: number;
  /**
   * The estimated cost heavy requests may hold in flight together (default: no bound but `maxHeavyInFlight`). A heavy
   * request that would go over it waits for the lane to drain (503); one costlier than the whole bound runs alone.
   */
  maxHeavyCostInFlight?: number;
  /**
   * Heavy requests that may wait, first come first served, for the heavy lane to take them (default 0: none, the
   * lane full is answered 503 at once). Beyond, 503 at once.
   */
  heavyQueue?: number;
  /** How long a heavy request may wait for the lane, in milliseconds; then 503. */
  heavyQueueMs?: number;
}

/**
 * The gateway's limits (`prefix` ''): MAX_IN_FLIGHT 16, MAX_HEAVY_IN_FLIGHT 4, HEAVY_COST 20,000 (a directory
 * page of 10 cards and more; one card costs about 4,700, the map's 500 places 3,500), HEAVY_COST_IN_FLIGHT 500,000
 * (four pages of 10 or two of 50 cards at once, a page of 100 cards, 466,000, alone); a subgraph's (`prefix`
 * 'SUBGRAPH_'): SUBGRAPH_MAX_IN_FLIGHT 256, SUBGRAPH_MAX_HEAVY_IN_FLIGHT 8, SUBGRAPH_HEAVY_COST 5,000 (the
 * entity fetches of a page of 100 cards; a card's fetches cost 1,100 at most), SUBGRAPH_HEAVY_COST_IN_FLIGHT
 * 1,000,000 (eight of the costliest entity fetches, 111,000 each). The heavy share never exceeds the whole. A heavy
 * request the lane cannot take waits for it, behind at most HEAVY_QUEUE (SUBGRAPH_HEAVY_QUEUE) others, 16, for
 * HEAVY_QUEUE_MS (SUBGRAPH_HEAVY_QUEUE_MS) at most, 2,000.
 */
export function admissionLimitsFromEnv(prefix: '' | 'SUBGRAPH_' = ''): AdmissionLimits {
  const maxInFlight = maxInFlightFromEnv(`${prefix}MAX_IN_FLIGHT`, prefix ? 256 : 16);
  const heavy = intFromEnv(`${prefix}MAX_HEAVY_IN_FLIGHT`, prefix ? 8 : 4, 1, 100_000);
  return {
    maxInFlight,
    maxHeavyInFlight: Math.min(heavy, maxInFlight),
    heavyCost: intFromEnv(`${prefix}HEAVY_COST`, prefix ? 5000 : 20_000, 1, 100_000_000),
    maxHeavyCostInFlight: intFromEnv(
      `${prefix}HEAVY_COST_IN_FLIGHT`,
      prefix ? 1_000_000 : 500_000,
      1,
      1_000_000_000,
    ),
    heavyQueue: intFromEnv(`${prefix}HEAVY_QUEUE`, 16, 0, 10_000),
    heavyQueueMs: intFromEnv(`${prefix}HEAVY_QUEUE_MS`, 2000, 1, 60_000),
  };
}

/** What admission has done since the process started (GET /metrics). */
export interface AdmissionStats {
  inFlight: number;
  heavyInFlight: number;
  /** The estimated cost of the heavy requests in flight. */
  heavyCostInFlight: number;
  admitted: number;
  admittedHeavy: number;
  /** Refused because every slot was taken. */
  refusedBusy: number;
  /** Refused because the heavy share was taken (cheaper requests would still have been served). */
  refusedHeavy: number;
  /** Refusals held until the client's Retry-After was over (it came back before). */
  held: number;
  /** Heavy requests waiting for the heavy lane now. */
  waiting: number;
  /** Heavy requests admitted after waiting for the lane. */
  admittedAfterWait: number;
  /** Heavy requests refused after waiting `heavyQueueMs` for the lane. */
  refusedAfterWait: number;
}

/** How a process answers what it refuses. */
export interface AdmissionOptions {
  /** Seconds a refused client is told to wait (`Retry-After`). Default 1. */
  retryAfterSeconds?: number;
  /**
   * Holds the refusal of a client that comes back before its `Retry-After` is over, until it is over. A client
   * that retries at once (a flood, a loop without back-off) then gets one answer per connection per
   * `Retry-After` instead of as many as the process can write, and the processor goes to everyone else; a client
   * that waits as told is never held. The gateway's setting (subgraphs have one client, the gateway).
   */
  holdEarlyRetries?: boolean;
}

/** Clients remembered for `holdEarlyRetries` (the oldest is forgotten first), and refusals held at once at most. */
const REMEMBERED_CLIENTS = 10_000;
const MAX_HELD = 1_000;

/** Who is refused: the connection's address and the credentials it sends (many clients share an address). */
function clientOf(req: IncomingMessage): string {
  return `${req.socket.remoteAddress ?? ''}|${(req.headers.authorization ?? '').slice(0, 2048)}`;
}

export interface Admission {
  /** Before the body is read: refuses at once when every slot is taken (or too many bodies are being read). */
  handler: HttpHandler;
  /**
   * Once the body is parsed, before execution: estimates the request's cost, admits it in its lane or answers
   * 503; true when it answered. A heavy request that waits for its lane gets a promise of the same.
   */
  admit(
    req: IncomingMessage,
    res: ServerResponse,
    operation: OperationText | undefined,
  ): boolean | Promise<boolean>;
  stats(): AdmissionStats;
  /** Requests in flight that are not heavy (admitted through the cheap share). */
  cheapInFlight(): number;
  /** Kept for the tests: requests in flight now. */
  inFlight(): number;
}

const STATE = Symbol('admission');
const COST = Symbol('admission cost');
type Tracked = IncomingMessage & {
  [STATE]?: 'pending' | 'waiting' | 'cheap' | 'heavy' | 'done';
  [COST]?: number;
};

/** A heavy request waiting for the heavy lane. */
interface Waiting {
  req: Tracked;
  estimate: number;
  /** Admits it (false: not answered, go on) or gives up on it (true: answered, or its client is gone). */
  settle: (answered: boolean) => void;
  timer: NodeJS.Timeout;
}

/** Whether admission let this request in through the heavy lane (its estimated cost is over the heavy cost). */
export function admittedHeavy(req: IncomingMessage): boolean {
  return (req as Tracked)[STATE] === 'heavy';
}

function refuse(res: ServerResponse, message: string, retryAfterSeconds: number, extensions = {}): true {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: 'SERVER_BUSY', ...extensions } }] });
  res.writeHead(503, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'retry-after': String(retryAfterSeconds),
  });
  res.end(body);
  return true;
}

/**
 * Admission control by cost class: at most `maxInFlight` GraphQL requests in flight, of which at most
 * `maxHeavyInFlight` heavy ones (estimated cost over `heavyCost`) whose costs add up to `maxHeavyCostInFlight` at
 * most (a heavy request costlier than that runs alone). One more request is answered with 503 and Retry-After,
 * except a heavy one, which may wait for the heavy lane behind at most `heavyQueue` others (first come, first
 * admitted) for `heavyQueueMs` at most: ten people paging the directory at once get slower pages, not errors. So a
 * flood of costly reads can neither grow memory nor take the capacity that
 * cheap requests need: those always have `maxInFlight - maxHeavyInFlight` slots to themselves. The cost is
 * estimated from the parsed operation (`cost`; without it every request is cheap). /health, /ready and
 * /metrics are never refused. At most 4 × `maxInFlight` request bodies are read at once. A refusal is answered
 * at once, or with `holdEarlyRetries` when the client's last Retry-After is over.
 */
export function admission(
  limits: AdmissionLimits | number,
  cost: (operation: OperationText) => number = () => 1,
  { retryAfterSeconds = 1, holdEarlyRetries = false }: AdmissionOptions = {},
): Admission {
  const {
    maxInFlight,
    maxHeavyInFlight,
    heavyCost,
    maxHeavyCostInFlight = Infinity,
    heavyQueue = 0,
    heavyQueueMs = 2000,
  } = typeof limits === 'number'
    ? { maxInFlight: limits, maxHeavyInFlight: limits, heavyCost: Infinity }
    : limits;
  const maxPending = 4 * maxInFlight;
  let pending = 0;
  const counts: Omit<AdmissionStats, 'waiting'> = {
    inFlight: 0,
    heavyInFlight: 0,
    heavyCostInFlight: 0,
    admitted: 0,
    admittedHeavy: 0,
    refusedBusy: 0,
    refusedHeavy: 0,
    held: 0,
    admittedAfterWait: 0,
    refusedAfterWait: 0,
  };
  const queue: Waiting[] = [];
  // When each refused client may come back (its last refusal's Retry-After), oldest first.
  const retryAt = new Map<string, number>();
  let holding = 0;
  /** Answers a refusal: at once, or, for a client back before its Retry-After is over, when it is over. */
  const refuseClient = (req: IncomingMessage, res: ServerResponse, answer: () => void): true => {
    if (!holdEarlyRetries) {
      answer();
      return true;
    }
    const client = clientOf(req);
    const now = Date.now();
    const due = retryAt.get(client);
    retryAt.delete(client);
    retryAt.set(client, now + retryAfterSeconds * 1000);
    if (retryAt.size > REMEMBERED_CLIENTS) retryAt.delete(retryAt.keys().next().value as string);
    if (due === undefined || due <= now || holding >= MAX_HELD) {
      answer();
      return true;
    }
    holding++;
    counts.held++;
    let released = false;
    const release = () => {
      if (released) return false;
      released = true;
      holding--;
      clearTimeout(timer);
      return true;
    };
    const timer = setTimeout(() => release() && answer(), due - now);
    // A client that hangs up while held frees its place at once.
    res.once('close', release);
    return true;
  };
  const busy = (req: IncomingMessage, res: ServerResponse) => {
    counts.refusedBusy++;
    return refuseClient(req, res, () =>
      refuse(
        res,
        `server busy: over ${maxInFlight} requests in flight, retry after ${retryAfterSeconds} s`,
        retryAfterSeconds,
      ),
    );
  };
  const handler: HttpHandler = (req: Tracked, res, url) => {
    if (url.pathname !== '/graphql') return false;
    if (counts.inFlight >= maxInFlight || pending >= maxPending) return busy(req, res);
    pending++;
    req[STATE] = 'pending';
    res.once('close', () => {
      const state = req[STATE];
      req[STATE] = 'done';
      if (state === 'pending') pending--;
      else if (state === 'waiting') {
        // Its client hung up while it waited: its place in the queue is free.
        const waiting = queue.find((w) => w.req === req);
        if (waiting) leave(waiting);
      } else if (state === 'cheap' || state === 'heavy') {
        counts.inFlight--;
        if (state === 'heavy') {
          counts.heavyInFlight--;
          counts.heavyCostInFlight -= req[COST] ?? 0;
        }
        admitWaiting();
      }
    });
    return false;
  };
  /** Why the heavy lane cannot take a request of this estimated cost now, if it cannot. */
  const laneFull = (estimate: number) =>
    counts.inFlight >= maxInFlight
      ? `over ${maxInFlight} requests in flight`
      : counts.heavyInFlight >= maxHeavyInFlight
        ? `over ${maxHeavyInFlight} costly requests in flight`
        : counts.heavyInFlight > 0 && counts.heavyCostInFlight + estimate > maxHeavyCostInFlight
          ? `costly requests in flight hold ${counts.heavyCostInFlight} of ${maxHeavyCostInFlight}`
          : undefined;
  const enter = (req: Tracked, estimate: number, heavy: boolean) => {
    counts.inFlight++;
    counts.admitted++;
    if (heavy) {
      counts.heavyInFlight++;
      counts.heavyCostInFlight += estimate;
      counts.admittedHeavy++;
      req[COST] = estimate;
    }
    req[STATE] = heavy ? 'heavy' : 'cheap';
  };
  /** Admits the waiting heavy requests the lane can take now, in their order of arrival. */
  const admitWaiting = () => {
    while (queue.length && !laneFull(queue[0].estimate)) {
      const next = queue.shift()!;
      counts.admittedAfterWait++;
      enter(next.req, next.estimate, true);
      next.settle(false);
    }
  };
  /** A waiting request leaves the queue unadmitted (refused, or its client gone): those behind it may fit now. */
  const leave = (waiting: Waiting) => {
    queue.splice(queue.indexOf(waiting), 1);
    waiting.settle(true);
    admitWaiting();
  };
  /** A heavy request waits for the lane; refused with 503 after `heavyQueueMs`. */
  const wait = (req: Tracked, res: ServerResponse, estimate: number) =>
    new Promise<boolean>((settle) => {
      req[STATE] = 'waiting';
      const waiting: Waiting = {
        req,
        estimate,
        settle: (answered) => {
          clearTimeout(waiting.timer);
          settle(answered);
        },
        timer: setTimeout(() => {
          if (!queue.includes(waiting)) return;
          req[STATE] = 'done';
          counts.refusedAfterWait++;
          refuse(
            res,
            `server busy: costly requests held the lane for the ${heavyQueueMs} ms this one waited (estimated cost ${estimate} > ${heavyCost}), retry after ${retryAfterSeconds} s`,
            retryAfterSeconds,
            { cost: estimate },
          );
          leave(waiting);
        }, heavyQueueMs),
      };
      queue.push(waiting);
    });
  return {
    handler,
    admit: (req: Tracked, res, operation) => {
      if (req[STATE] !== 'pending') return false;
      pending--;
      req[STATE] = 'done';
      if (counts.inFlight >= maxInFlight) return busy(req, res);
      const estimate = operation ? cost(operation) : 1;
      const heavy = estimate > heavyCost;
      // Why the heavy lane cannot take this request now, if it is heavy (others waiting go first).
      const full = !heavy
        ? undefined
        : queue.length
          ? `${queue.length} costly requests waiting`
          : laneFull(estimate);
      if (full && queue.length < heavyQueue) return wait(req, res, estimate);
      if (full) {
        counts.refusedHeavy++;
        return refuseClient(req, res, () =>
          refuse(
            res,
            `server busy: ${full} (estimated cost ${estimate} > ${heavyCost}), retry after ${retryAfterSeconds} s`,
            retryAfterSeconds,
            { cost: estimate },
          ),
        );
      }
      enter(req, estimate, heavy);
      return false;
    },
    stats: () => ({ ...counts, waiting: queue.length }),
    cheapInFlight: () => counts.inFlight - counts.heavyInFlight,
    inFlight: () => counts.inFlight,
  };
}

/**
 * The subgraph fetches of one heavy request (admitted through the heavy lane): they go out together, as planned,
 * while no cheaper request is in flight; while one is, each waits until the request's previous fetches are
 * answered. The gateway's requests fan out: a page of 100 cards keeps both cores busy at once (places, then
 * people, training and funding together), and the cheap requests of other clients wait for a core meanwhile.
 * Under a flood of such pages, a single card's p99 went from 5.1–5.6× its p99 alone to 3.6–4.1×, the page served
 * about a third less often (scripts/RELIABILITY.md). On a quiet hub the page is not slowed down.
 */
export function yieldingToCheap(cheapInFlight: () => number): <T>(fetch: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    while (waiting.length && (running === 0 || cheapInFlight() === 0)) waiting.shift()!();
  };
  return <T>(fetch: () => Promise<T>) => {
    const start = () => {
      running++;
      return fetch().finally(() => {
        running--;
        release();
      });
    };
    if (running === 0 || cheapInFlight() === 0) return start();
    return new Promise<T>((resolve, reject) => waiting.push(() => void start().then(resolve, reject)));
  };
}
