import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BufferedResponse, postToSubgraph, SubgraphTimeout } from '../../../gateway/subgraph-client';

/** A server that answers the request's body back as JSON, after `delay` ms for the path `/slow`. */
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-seen': String(req.headers['x-sent']) });
        res.end(JSON.stringify({ data: { echo: body, method: req.method } }));
      };
      if (req.url === '/slow') setTimeout(answer, 2000);
      else answer();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('the gateway’s client to its subgraphs', () => {
  it('posts the body with its headers and reads the whole answer, with lower-case header names', async () => {
    const body = JSON.stringify({ query: '{ é }', variables: { big: 'x'.repeat(200_000) } });
    const answer = await postToSubgraph(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Sent': 'yes' },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['x-seen']).toBe('yes');
    expect(JSON.parse(answer.text)).toEqual({ data: { echo: body, method: 'POST' } });
  });

  it('fails as fetch does on a refused connection: a TypeError whose cause carries the socket’s code', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const failure = await postToSubgraph(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      body: '{}',
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  it('gives up when its signal aborts (the deadline), without waiting for the answer', async () => {
    const signal = AbortSignal.timeout(100);
    const started = Date.now();
    const failure = await postToSubgraph(`${base}/slow`, { method: 'POST', body: '{}', signal }).catch(
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(signal.aborted).toBe(true);
    expect((failure as Error).name).toBe('AbortError');
  });

  it('gives up at its timeout (the deadline) with a SubgraphTimeout, and a prompt answer clears the timer', async () => {
    const started = Date.now();
    const failure = await postToSubgraph(`${base}/slow`, { method: 'POST', body: '{}' }, 100).catch(
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(failure).toBeInstanceOf(SubgraphTimeout);
    expect((failure as SubgraphTimeout).ms).toBe(100);
    const answer = await postToSubgraph(`${base}/graphql`, { method: 'POST', body: '{}' }, 50);
    expect(answer.status).toBe(200);
    await new Promise((done) => setTimeout(done, 100));
  });
});

describe('a buffered answer as @apollo/gateway reads it', () => {
  const answer = (status: number, text: string, headers: Record<string, string> = {}) => ({
    status,
    statusText: status === 200 ? 'OK' : 'Bad Gateway',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    text,
  });

  it('reads as a WHATWG Response of the same answer does: status, headers by any case, json and text', async () => {
    const text = JSON.stringify({ data: { name: 'Médiathèque d’Agen', n: [1, 2.5, null] } });
    const cases: [number, string][] = [
      [200, text],
      [502, text],
      [400, '{"errors":[{"message":"bad"}]}'],
    ];
    for (const [status, body] of cases) {
      const ours = new BufferedResponse(
        answer(status, body, { 'cache-control': 'max-age=0' }),
        'http://x/graphql',
      );
      const theirs = new Response(body, {
        status,
        headers: answer(status, body, { 'cache-control': 'max-age=0' }).headers,
      });
      expect([ours.ok, ours.status]).toEqual([theirs.ok, theirs.status]);
      for (const name of ['Content-Type', 'cache-control', 'X-Absent'])
        expect(ours.headers.get(name)).toBe(theirs.headers.get(name));
      expect(await ours.json()).toEqual(await theirs.json());
      expect(await ours.text()).toBe(body);
    }
  });

  it('rejects json() on a body that is not JSON, as Response does', async () => {
    const ours = new BufferedResponse(answer(502, '<html>bad gateway</html>'), 'http://x/graphql');
    await expect(ours.json()).rejects.toHaveProperty('name', 'SyntaxError');
    await expect(new Response('<html>bad gateway</html>').json()).rejects.toHaveProperty(
      'name',
      'SyntaxError',
    );
    expect(await ours.text()).toBe('<html>bad gateway</html>');
  });
});
