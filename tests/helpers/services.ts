import { connect } from 'node:net';

/**
 * Tests that need a real server (Redis for the response cache) run when it answers, and are skipped
 * visibly, with the reason, when it does not — except in CI (`CI` set), where they run and fail.
 * Jest's global setup probes each server once and leaves the answer in the environment for the workers.
 */
export interface ServerProbe {
  /** Environment variable carrying the probe's answer to the test workers. */
  env: string;
  /** What a skipped test says it needed. */
  what: string;
}

export const REDIS: ServerProbe = { env: 'HUB_TEST_REDIS', what: 'Redis' };

/** Redis URL of the tests (README: RESPONSE_CACHE_URL); TEST_REDIS_URL overrides. */
export const testRedisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Sends PING to a Redis server; resolves to 'up' or to why it is not usable. */
export function pingRedis(url: string, timeoutMs = 1500): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (answer: string) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer from ${url} within ${timeoutMs} ms`));
    socket.on('error', (error) => done(`${url}: ${error.message}`));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) =>
      done(
        data.toString().startsWith('+PONG')
          ? 'up'
          : `${url} answered ${JSON.stringify(data.toString().trim())}`,
      ),
    );
  });
}

export interface Gate {
  run: boolean;
  /** Why the tests are skipped (only when `run` is false). */
  reason?: string;
}

/**
 * Whether tests needing `probe`'s server run: yes when it answered, when it was not probed (jest's global
 * setup not run), and always in CI; otherwise no, with the reason.
 */
export function gate(probe: ServerProbe, env: NodeJS.ProcessEnv = process.env): Gate {
  const answer = env[probe.env];
  if (answer === undefined || answer === 'up' || env.CI) return { run: true };
  return {
    run: false,
    reason: `${probe.what} unavailable (${answer}); start it, or set CI to make these tests fail instead`,
  };
}

/** `describe` when the server is there (or in CI), else `describe.skip` with the reason in its title and a warning. */
export function describeWithServer(probe: ServerProbe): (title: string, body: () => void) => void {
  const { run, reason } = gate(probe);
  if (run) return describe;
  return (title, body) => {
    console.warn(`SKIPPED "${title}": ${reason}`);
    describe.skip(`${title} [SKIPPED: ${reason}]`, body);
  };
}
