import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import Redis from 'ioredis';
import request from 'supertest';
import { createGateway, type Gateway } from '../../gateway/gateway';
import type { ResponseCacheConfig } from '../../gateway/response-cache';
import { readSupergraph } from '../../gateway/supergraph';
import { listen } from '../../common/http';
import { bearer } from '../helpers/auth';
import { startHub, type Hub } from '../helpers/hub';
import { REDIS, describeWithServer, testRedisUrl } from '../helpers/services';

// The machine's Redis (README: RESPONSE_CACHE_URL); a prefix of its own so that parallel runs never meet.
const REDIS_URL = testRedisUrl();
const prefix = `declic47-test:${process.pid}:${Date.now()}`;
// A generous Redis timeout: these tests check what is cached and shared, on a machine that may be busy; the
// fall-through on a slow Redis has its own test below.
const cacheConfig: ResponseCacheConfig = { url: REDIS_URL, ttlSeconds: 60, prefix, timeoutMs: 1000 };

let hub: Hub;
let replica: Gateway;
let redis: Redis;

const PLACE = 'query Place($id: ID!) { place(id: $id) { id name commune { name } } }';

async function post(gateway: Gateway, body: unknown, headers: Record<string, string> = {}) {
  const res = await request(gateway.http)
    .post('/graphql')
    .set({ 'content-type': 'application/json', ...headers })
    .send(body as object);
  return { status: res.status, cache: res.headers['x-cache'] as string | undefined, body: res.body };
}

const fetches = (gateway: Gateway) =>
  Object.values(gateway.metrics.subgraphFetches).reduce((sum, n) => sum + n, 0);

async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 25));
  }
}

/**
 * A TCP way to Redis that refuses every connection until opened, as a Redis that is down or a process too busy
 * to connect in time does.
 */
async function closedWayToRedis(target: string) {
  const { hostname, port } = new URL(target);
  let open = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`,
    open: () => (open = true),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}

describeWithServer(REDIS)('the response cache of public reads', () => {
  let placeIds: string[];

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect().catch((error) => {
      throw new Error(`these tests need Redis at ${REDIS_URL} (set TEST_REDIS_URL): ${String(error)}`);
    });
    hub = await startHub({ responseCache: cacheConfig });
    // A second replica of the gateway on the same subgraphs and the same Redis.
    replica = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, sub]) => [name, sub.url])),
      responseCache: cacheConfig,
    });
    await listen(replica.http, 0);
    const res = await hub.query('{ places(first: 3) { edges { node { id } } } }');
    placeIds = res.data.places.edges.map((e: any) => e.node.id);
  });

  afterAll(async () => {
    await replica?.stop();
    await hub?.stop();
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('answers a repeated anonymous query from Redis, without any subgraph fetch', async () => {
    const body = { query: PLACE, variables: { id: placeIds[0] } };
    const first = await post(hub.gateway, body);
    expect(first.cache).toBe('MISS');
    await eventually(async () => (await redis.keys(`${prefix}:*:*`)).length > 0);
    const before = fetches(hub.gateway);
    const second = await post(hub.gateway, body);
    expect(second.cache).toBe('HIT');
    expect(second.body).toEqual(first.body);
    expect(fetches(hub.gateway)).toBe(before);
  });

  it('is shared by the replicas', async () => {
    const body = { query: PLACE, variables: { id: placeIds[0] } };
    const before = fetches(replica);
    const res = await post(replica, body);
    expect(res.cache).toBe('HIT');
    expect(res.body.data.place.id).toBe(placeIds[0]);
    expect(fetches(replica)).toBe(before);
  });

  it('keys by variables and operation', async () => {
    const other = await post(hub.gateway, { query: PLACE, variables: { id: placeIds[1] } });
    expect(other.cache).toBe('MISS');
    expect(other.body.data.place.id).toBe(placeIds[1]);
  });

  it('never looks up nor stores a request with a token', async () => {
    const headers = await bearer('admin');
    const body = { query: PLACE, variables: { id: placeIds[0] } };
    const before = fetches(hub.gateway);
    for (let i = 0; i < 2; i++) {
      const res = await post(hub.gateway, body, headers);
      expect(res.cache).toBeUndefined();
      expect(res.body.data.place.id).toBe(placeIds[0]);
    }
    expect(fetches(hub.gateway)).toBe(before + 2);
  });

  it('never stores an answer with errors', async () => {
    const body = { query: '{ places(filter: { near: { latitude: 123, longitude: 0.6 } }) { totalCount } }' };
    for (let i = 0; i < 2; i++) {
      const res = await post(hub.gateway, body);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.cache).toBe('MISS');
    }
  });

  it('forgets everything after a mutation through any replica, on every replica', async () => {
    const body = { query: PLACE, variables: { id: placeIds[2] } };
    expect((await post(hub.gateway, body)).body.data.place.id).toBe(placeIds[2]);
    await eventually(async () => (await post(replica, body)).cache === 'HIT');

    const deleted = await post(
      replica,
      { query: 'mutation($id: ID!) { deletePlace(id: $id) }', variables: { id: placeIds[2] } },
      await bearer('admin'),
    );
    expect(deleted.body.data.deletePlace).toBe(true);

    // The replica that ran the mutation forgets at once; the other as soon as Redis tells it.
    const here = await post(replica, body);
    expect(here.cache).toBe('MISS');
    expect(here.body.data.place).toBeNull();
    await eventually(async () => (await post(hub.gateway, body)).body.data.place === null);
  });

  it('does not let an anonymous mutation flush the cache', async () => {
    const body = { query: PLACE, variables: { id: placeIds[0] } };
    await post(hub.gateway, body);
    await eventually(async () => (await post(hub.gateway, body)).cache === 'HIT');
    const refused = await post(hub.gateway, {
      query: 'mutation($id: ID!) { deletePlace(id: $id) }',
      variables: { id: placeIds[0] },
    });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await post(hub.gateway, body)).cache).toBe('HIT');
  });

  it('expires entries after the TTL', async () => {
    const short = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, sub]) => [name, sub.url])),
      responseCache: { ...cacheConfig, prefix: `${prefix}:ttl`, ttlSeconds: 1 },
    });
    try {
      const body = { query: PLACE, variables: { id: placeIds[1] } };
      await post(short, body);
      await eventually(async () => (await post(short, body)).cache === 'HIT');
      await new Promise((done) => setTimeout(done, 1100));
      expect((await post(short, body)).cache).toBe('MISS');
    } finally {
      await short.stop();
    }
  });

  it('caches, and forgets with the other replicas, on a replica that started while Redis could not be reached', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const way = await closedWayToRedis(REDIS_URL);
    const late = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, sub]) => [name, sub.url])),
      responseCache: { ...cacheConfig, url: way.url },
    });
    try {
      expect(log).toHaveBeenCalledWith(expect.stringContaining('serving uncached'));
      const body = { query: PLACE, variables: { id: placeIds[1] } };
      expect((await post(late, body)).cache).toBeUndefined();

      way.open();
      await eventually(async () => (await post(late, body)).cache === 'HIT', 15_000);
      // Any mutation with a token, through another replica, starts a new generation for every replica.
      await post(
        replica,
        { query: 'mutation($id: ID!) { deletePlace(id: $id) }', variables: { id: 'no-such-place' } },
        await bearer('admin'),
      );
      await eventually(async () => (await post(late, body)).cache === 'MISS');
    } finally {
      log.mockRestore();
      await late.stop();
      await way.close();
    }
  });

  it('serves uncached, and quickly, when Redis cannot be reached', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const unreachable = await createGateway({
      supergraphSdl: readSupergraph(),
      subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, sub]) => [name, sub.url])),
      responseCache: { ...cacheConfig, url: 'redis://127.0.0.1:1' },
    });
    try {
      expect(log).toHaveBeenCalledWith(expect.stringContaining('serving uncached'));
      const body = { query: PLACE, variables: { id: placeIds[0] } };
      for (let i = 0; i < 2; i++) {
        const res = await post(unreachable, body);
        expect(res.status).toBe(200);
        expect(res.body.data.place.id).toBe(placeIds[0]);
        expect(res.cache).toBeUndefined();
      }
      expect(unreachable.metrics.snapshot().responseCache?.bypassed).toBe(2);
    } finally {
      log.mockRestore();
      await unreachable.stop();
    }
  });
});
