import { createServer, type Socket } from 'node:net';
import { REDIS, gate, pingRedis } from '../../helpers/services';

describe('tests that need a real server', () => {
  it('run when the server answered', () => {
    expect(gate(REDIS, { [REDIS.env]: 'up' })).toEqual({ run: true });
  });

  it('are skipped with the reason when the server is absent outside CI', () => {
    const result = gate(REDIS, { [REDIS.env]: 'redis://127.0.0.1:1: connect ECONNREFUSED' });
    expect(result.run).toBe(false);
    expect(result.reason).toContain('Redis unavailable');
    expect(result.reason).toContain('ECONNREFUSED');
  });

  it('are never skipped in CI, so they fail there', () => {
    expect(gate(REDIS, { [REDIS.env]: 'no answer', CI: 'true' })).toEqual({ run: true });
  });

  it('run when no probe was made (the global setup did not run)', () => {
    expect(gate(REDIS, {})).toEqual({ run: true });
  });
});

describe('the Redis probe', () => {
  it('says why when nothing listens', async () => {
    const server = createServer();
    const port = await new Promise<number>((done) =>
      server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)),
    );
    await new Promise((done) => server.close(done));
    expect(await pingRedis(`redis://127.0.0.1:${port}`)).toMatch(/ECONNREFUSED/);
  });

  it('says why when the server is not Redis', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    const port = await new Promise<number>((done) =>
      server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)),
    );
    try {
      expect(await pingRedis(`redis://127.0.0.1:${port}`)).toContain('answered "HTTP/1.1 400 Bad Request"');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    }
  });
});
