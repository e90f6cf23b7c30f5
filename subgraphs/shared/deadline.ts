import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingHttpHeaders } from 'node:http';
import type { PGlite } from '@electric-sql/pglite';
import { DEADLINE_HEADER } from '../../common/headers';

/** The deadline of the request being served (epoch ms), carried through its resolvers and loaders. */
const current = new AsyncLocalStorage<number>();
/**
 * Whether an embedded database of this process reads the deadline (boundedByDeadline). On PostgreSQL nothing does
 * (statement_timeout bounds each statement), so the request is not run in `current`: once entered, Node 20 keeps
 * its promise hooks on for every promise of the process, about 4 % of a subgraph's processor time (CPU profile of
 * the people subgraph, 100-card directory page).
 */
let readByEmbedded = false;

/** The gateway's deadline of a request (DEADLINE_HEADER), when it is a sane epoch in milliseconds. */
export function deadlineOf(headers: IncomingHttpHeaders): number | undefined {
  const raw = headers[DEADLINE_HEADER];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** Runs a request's execution under its deadline (none: unbounded, as a direct call in development). */
export function runWithDeadline<T>(deadline: number | undefined, run: () => Promise<T>): Promise<T> {
  return deadline === undefined || !readByEmbedded ? run() : current.run(deadline, run);
}

/** The deadline of the request being served, where an embedded database needs it. */
export function currentDeadline(): number | undefined {
  return current.getStore();
}

/**
 * The request's deadline passed while it still wanted the database. Code 57014 (query_canceled), as PostgreSQL's
 * statement_timeout, so that it is answered DATABASE_TIMEOUT like any database timeout (common/failures.ts).
 */
export class DeadlineExceeded extends Error {
  readonly code = '57014';
  override readonly name = 'DeadlineExceeded';
  constructor(when: 'before' | 'during') {
    super(
      when === 'before'
        ? 'request deadline passed before the statement could run'
        : 'request deadline passed while the statement ran: its result is discarded',
    );
  }
}

// Transaction control always goes through: a failed request must still roll back what it wrote, and a BEGIN refused
// leaves the driver's transaction half-open (it then fails with "Transaction query already complete", not a timeout);
// the first statement inside it is refused instead, and the transaction rolled back.
const CONTROLS = /^\s*(begin|start\s+transaction|savepoint|rollback|release)\b/i;
// Only a read's late result is discarded: a write (or COMMIT) that ended after the deadline did happen, and says so.
const READS = /^\s*select\b/i;

/**
 * PGlite runs a statement to its end inside the process (it blocks the event loop: no timer, no cancel, no
 * statement_timeout), so the deadline is held around each statement instead: a request past its deadline runs
 * no further statement (a transaction is then rolled back), and a read that ends after it has its result
 * discarded; both answer DATABASE_TIMEOUT. A write or COMMIT that ended late did happen and is not hidden. The
 * caller has had the gateway's SUBGRAPH_TIMEOUT at the deadline already.
 */
export function boundedByDeadline(pglite: PGlite): PGlite {
  readByEmbedded = true;
  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const deadline = currentDeadline();
      const sql = String(args[0]);
      if (deadline === undefined || CONTROLS.test(sql)) return method(...args);
      if (Date.now() >= deadline) throw new DeadlineExceeded('before');
      const result = await method(...args);
      if (Date.now() > deadline && READS.test(sql)) throw new DeadlineExceeded('during');
      return result;
    };
  return new Proxy(pglite, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      return property === 'query' || property === 'exec'
        ? guard(bound as (...args: unknown[]) => Promise<unknown>)
        : bound;
    },
  });
}
