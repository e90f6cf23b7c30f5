import { ApolloServer } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { admission } from '../../common/admission';
import { isDatabaseTimeout, logFailure } from '../../common/failures';
import { closeServer, createHttpServer, listen } from '../../common/http';
import { createSubgraphServer } from '../../subgraphs/shared/server';
import { placesSubgraph } from '../../subgraphs/places';
import { openTestDatabase } from '../helpers/database';
import { gatewaySignature } from '../helpers/hub';
import { post } from './processes';

// Read by openDatabase: tight deadlines so the test is quick.
process.env.DATABASE_ACQUIRE_TIMEOUT_MS = '1500';
process.env.DATABASE_STATEMENT_TIMEOUT_MS = '500';

describe('admission control', () => {
  it('answers 503 with Retry-After at once beyond MAX_IN_FLIGHT, and serves again after', async () => {
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const apollo = new ApolloServer({
      typeDefs: 'type Query { slow: Int, fast: Int }',
      resolvers: { Query: { slow: () => gate.then(() => 1), fast: () => 2 } },
    });
    await apollo.start();
    const http = createHttpServer({ apollo, context: async () => ({}), handlers: [admission(2)] });
    const port = await listen(http, 0);
    try {
      const slow = [post(port, { query: '{ slow }' }), post(port, { query: '{ slow }' })];
      await new Promise((done) => setTimeout(done, 200));
      const refused = await post(port, { query: '{ fast }' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.errors[0].extensions.code).toBe('SERVER_BUSY');
      expect(refused.ms).toBeLessThan(1000);
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      release();
      for (const res of await Promise.all(slow)) expect(res.body).toEqual({ data: { slow: 1 } });
      expect((await post(port, { query: '{ fast }' })).body).toEqual({ data: { fast: 2 } });
    } finally {
      await closeServer(http);
      await apollo.stop();
    }
  });
});

describe('database deadlines', () => {
  it('answers DATABASE_TIMEOUT fast when no connection frees up, and recovers', async () => {
    const db = await openTestDatabase(placesSubgraph);
    const server = await createSubgraphServer(placesSubgraph, db.orm);
    const port = await listen(server.http, 0);
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    // Every pooled connection held by a transaction (one for PGlite, five in the test pool on PostgreSQL).
    const started: Promise<void>[] = [];
    const held = Array.from({ length: db.embedded ? 1 : 5 }, () => {
      let begun!: () => void;
      started.push(new Promise<void>((done) => (begun = done)));
      return (db.orm.em.fork() as EntityManager)
        .transactional(async (em) => {
          await em.getConnection().execute('select 1', [], 'all', em.getTransactionContext());
          begun();
          await gate;
        })
        .finally(begun);
    });
    try {
      await Promise.all(started);
      const res = await post(port, { query: '{ places(first: 1) { totalCount } }' }, gatewaySignature());
      // The acquire deadline (1.5 s), not a stall.
      expect(res.ms).toBeLessThan(5000);
      expect(res.body.errors[0].extensions.code).toBe('DATABASE_TIMEOUT');
      expect(res.body.errors[0].message).toBe('the database did not answer in time; retry later');
      release();
      await Promise.all(held);
      const again = await post(port, { query: '{ places(first: 1) { totalCount } }' }, gatewaySignature());
      expect(again.body.errors).toBeUndefined();
    } finally {
      release();
      await server.stop();
      await db.close();
    }
  });

  (process.env.DATABASE_URL ? it : it.skip)(
    'PostgreSQL: cancels a statement over DATABASE_STATEMENT_TIMEOUT_MS',
    async () => {
      const db = await openTestDatabase(placesSubgraph);
      try {
        const started = Date.now();
        const error = await db.orm.em
          .getConnection()
          .execute('select pg_sleep(5)')
          .catch((e: unknown) => e);
        expect(Date.now() - started).toBeLessThan(2000);
        expect(isDatabaseTimeout(error)).toBe(true);
        expect(await db.orm.em.getConnection().execute('select 1 as one')).toEqual([{ one: 1 }]);
      } finally {
        await db.close();
      }
    },
  );
});

describe('failure logs', () => {
  it('print one line per failure and a stack trace at most once per interval, as JSON when asked', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    process.env.LOG_FORMAT = 'json';
    try {
      for (let i = 0; i < 100; i++)
        logFailure(new Error("database down: log test; failing row 'Jeanne Martin'"), { requestId: `r${i}` });
    } finally {
      delete process.env.LOG_FORMAT;
      spy.mockRestore();
    }
    expect(lines).toHaveLength(100);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.filter((l) => l.stack)).toHaveLength(1);
    expect(parsed[99]).toMatchObject({
      level: 'error',
      // Redacted: the values a failing statement quotes (personal data included) never reach the log.
      message: "database down: log test; failing row '…'",
      requestId: 'r99',
    });
  });
});
