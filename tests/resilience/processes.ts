import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(__dirname, '../..');

/** How long ago a file was last changed; 0 when it is gone. */
function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds dist/ as `npm start`'s prestart does, one build at a time: test files that build run in parallel
 * workers, and two compilers writing dist/ at once could leave a file half written.
 */
export function build(): void {
  const lock = resolve(ROOT, 'dist.build-lock');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than 5 minutes was left by a run that died while building.
      if (ageMs(lock) > 300_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is still held after 5 minutes`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Ports free right now, chosen by the OS. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((done) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => done(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}

/** The five port variables of a hub on the given ports. */
export function portEnv([gateway, places, people, training, funding]: number[]): Record<string, string> {
  return {
    GATEWAY_PORT: String(gateway),
    PLACES_PORT: String(places),
    PEOPLE_PORT: String(people),
    TRAINING_PORT: String(training),
    FUNDING_PORT: String(funding),
  };
}

/** A started process with everything it printed. */
export interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function run(command: string, args: string[], env: Record<string, string>): Running {
  let text = '';
  // Never the test run's PostgreSQL: these hubs own embedded databases under their DATA_DIR.
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env } });
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  // 'close', not 'exit': the process has exited and everything it printed has been read. Right after 'exit' the
  // last lines may still sit in the pipe, unread, when the test process was busy while the child stopped.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, output: () => text, exited };
}

/** The exit code, or a failure showing what the process printed when it does not exit in time. */
export async function exitOf(running: Running, timeoutMs = 60_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running after ${timeoutMs} ms; it printed:\n${running.output()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([running.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits until `check` holds, or fails naming what it waited for. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Live processes whose parent is `pid` (Linux /proc). */
export function childrenOf(pid: number): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z')
        out.push({
          pid: Number(entry),
          cmd: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '),
        });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** Whether a process runs (a zombie does not count). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The pid recorded in a data folder's lock. */
export function lockOwner(dataDir: string, name: string): number | undefined {
  const path = `${dataDir}/${name}.lock`;
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid;
}

/** POSTs a GraphQL request. */
export async function post(
  port: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any; ms: number }> {
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed, ms: Date.now() - started };
}

export async function ready(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2000) })
    .then((r) => r.ok)
    .catch(() => false);
}
