import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every process the bench started, so that teardown (also on error or Ctrl-C) stops them all. */
const children = new Set<ChildProcess>();

export interface Started {
  name: string;
  child: ChildProcess;
  baseUrl: string;
  /** SIGKILL instead of SIGTERM (Hive Gateway does not exit on SIGTERM while connections are open). */
  hardKill?: boolean;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  baseUrl: string,
  options: { cwd?: string; hardKill?: boolean } = {},
): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const keep = (d: Buffer) => {
    log.push(d.toString());
    if (log.length > 50) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (code && code !== 0)
      console.error(`[${name}] exited ${signal ?? code}:\n${log.join('').slice(-3000)}`);
  });
  children.add(child);
  return { name, child, baseUrl, hardKill: options.hardKill };
}

export async function waitReady(started: Started, path = '/ready', timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`${started.name} exited before it was ready`);
    const ok = await fetch(`${started.baseUrl}${path}`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${started.name} not ready after ${timeoutMs / 1000}s`);
}

export async function stopProcess(started: Started): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill(started.hardKill ? 'SIGKILL' : 'SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

export function stopAllNow(): void {
  for (const child of children) child.kill('SIGKILL');
}

export async function stopAll(started: Started[]): Promise<void> {
  await Promise.all(started.map(stopProcess));
}

/** The supergraph with each subgraph's URL replaced (join__graph urls), written next to the results. */
export function rewriteSupergraph(sdl: string, urls: Record<string, string>, path: string): string {
  const rewritten = sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
  );
  writeFileSync(path, rewritten);
  return path;
}

/** Installs Hive Gateway (benchmark only) from its own lockfile when missing. */
export async function ensureHive(root: string): Promise<string> {
  const bin = join(root, 'bench', 'hive', 'node_modules', '.bin', 'hive-gateway');
  if (existsSync(bin)) return bin;
  console.log('installing Hive Gateway in bench/hive (npm ci)…');
  await new Promise<void>((done, fail) => {
    const npm = spawn('npm', ['ci', '--prefix', join(root, 'bench', 'hive'), '--no-audit', '--no-fund'], {
      stdio: 'inherit',
    });
    npm.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`npm ci in bench/hive failed (${code})`)),
    );
  });
  return bin;
}
