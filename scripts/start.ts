import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { subgraphs } from '../subgraphs/registry';
import { intFromEnv } from '../subgraphs/shared/config';

/**
 * `npm start`: every subgraph in its own process (its own embedded database under DATA_DIR, migrated and
 * seeded on first start, or DATABASE_URL), then the gateway; stops them all on Ctrl-C / SIGTERM.
 */
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const prefix = (line: string) => `[${name}] ${line}`;
  child.stdout?.on('data', (d: Buffer) =>
    d
      .toString()
      .trimEnd()
      .split('\n')
      .forEach((l) => console.log(prefix(l))),
  );
  child.stderr?.on('data', (d: Buffer) =>
    d
      .toString()
      .trimEnd()
      .split('\n')
      .forEach((l) => console.error(prefix(l))),
  );
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the hub`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitReady(name: string, baseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopped');
    const ok = await fetch(`${baseUrl}/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} not ready after ${timeoutMs / 1000}s`);
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = children
    .filter((c) => c.exitCode === null && c.signalCode === null)
    .map(
      (c) =>
        new Promise((done) => {
          c.once('exit', done);
          c.kill('SIGTERM');
        }),
    );
  const timer = setTimeout(() => {
    for (const c of children.filter((child) => child.exitCode === null && child.signalCode === null)) {
      console.error(`${c.spawnargs.at(-1)} did not stop within 10 s: SIGKILL`);
      c.kill('SIGKILL');
    }
  }, 10_000);
  await Promise.all(exits);
  clearTimeout(timer);
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const dist = join(__dirname, '..');
  const host = '127.0.0.1';
  const urls: Record<string, string> = {};
  const gatewayPort = intFromEnv('GATEWAY_PORT', 4000, 1, 65535);
  await Promise.all(
    subgraphs.map(async ({ definition }) => {
      const port = intFromEnv(`${definition.name.toUpperCase()}_PORT`, definition.defaultPort, 1, 65535);
      run(definition.name, join(dist, 'subgraphs', definition.name, 'main.js'), {
        [`${definition.name.toUpperCase()}_PORT`]: String(port),
        // The hosting rule asks the gateway (subgraphs never read each other's tables).
        GATEWAY_URL: `http://${host}:${gatewayPort}/graphql`,
      });
      urls[`${definition.name.toUpperCase()}_URL`] = `http://${host}:${port}/graphql`;
      await waitReady(definition.name, `http://${host}:${port}`);
    }),
  );
  run('gateway', join(dist, 'gateway', 'main.js'), { ...urls, GATEWAY_PORT: String(gatewayPort) });
  await waitReady('gateway', `http://${host}:${gatewayPort}`);
  console.log(`\ndéClic47 hub ready: http://localhost:${gatewayPort}/graphql  (Ctrl-C stops it)\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  void stop(1);
});
