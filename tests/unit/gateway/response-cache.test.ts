import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { withTimeout } from '../../../gateway/response-cache';

/** Blocks the event loop, as a long synchronous task or a busy machine does. */
function block(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('withTimeout (the response cache’s Redis deadline)', () => {
  let server: Server;
  let client: Socket;
  let peer: Socket;

  beforeEach(async () => {
    server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection');
    client = connect((server.address() as { port: number }).port, '127.0.0.1');
    await once(client, 'connect');
    [peer] = (await accepted) as [Socket];
  });

  afterEach(async () => {
    client.destroy();
    peer.destroy();
    await new Promise((done) => server.close(done));
  });

  it('takes an answer that reached the socket while the event loop was blocked past the deadline', async () => {
    const answer = new Promise<string>((done) => client.once('data', (data) => done(String(data))));
    const bounded = withTimeout(answer, 10);
    peer.write('PONG');
    block(60);
    await expect(bounded).resolves.toBe('PONG');
  });

  it('rejects when no answer came', async () => {
    const answer = new Promise<string>((done) => client.once('data', (data) => done(String(data))));
    await expect(withTimeout(answer, 10)).rejects.toThrow('redis: no answer within 10 ms');
  });
});
