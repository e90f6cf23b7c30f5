import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { EXIT_CONFIG, portProblem } from '../common/startup';

/** One process of the hub. */
export interface ServiceSpec {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  port: number;
  /** The variable that sets the port, for messages. */
  portVariable: string;
}

export interface SupervisorOptions {
  host: string;
  /** Failures of one service within `windowMs` after which the hub gives up. */
  maxRestarts: number;
  windowMs: number;
  /** First restart delay; doubles at each failure within the window, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  startTimeoutMs: number;
  /** Time the whole ordered stop may take before the rest is SIGKILLed. */
  stopTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function prefixed(stream: NodeJS.ReadableStream | null, name: string, write: (line: string) => void) {
  let rest = '';
  stream?.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) write(`[${name}] ${line}`);
  });
  stream?.on('end', () => rest && write(`[${name}] ${rest}`));
}

/** Whether something already listens on host:port (tried by binding it for an instant). */
function portTaken(port: number, host: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'EADDRINUSE'));
    probe.listen(port, host, () => probe.close(() => done(false)));
  });
}

class Service {
  child: ChildProcess | undefined;
  failures: number[] = [];
  restarting = false;
  constructor(readonly spec: ServiceSpec) {}
  get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }
}

/**
 * Runs the subgraphs, then the gateway, each in its own process, and keeps them up: a process that dies is restarted
 * after an exponential backoff while the others keep serving; too many failures of one service within the window,
 * or a process that cannot start because of its configuration (exit code 78), stops the hub with exit code 1.
 * SIGINT/SIGTERM/SIGHUP, or the loss of its own parent (npm killed), stop it in order: gateway first (it drains its
 * in-flight requests), then the subgraphs. Children hold an IPC channel to the supervisor and exit when it closes,
 * so even a SIGKILLed supervisor leaves no process behind.
 */
export class Supervisor {
  private readonly services = new Map<string, Service>();
  private stopping = false;

  constructor(
    private readonly subgraphs: ServiceSpec[],
    private readonly gateway: ServiceSpec,
    private readonly options: SupervisorOptions,
  ) {
    for (const spec of [...subgraphs, gateway]) this.services.set(spec.name, new Service(spec));
  }

  async start(): Promise<void> {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(signal, () => {
        console.log(`${signal} received: stopping the hub (gateway first, then the subgraphs)`);
        void this.stop(0);
      });
    // npm forwards SIGTERM to the shell it starts us with; when that shell or npm dies first we are reparented.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) {
        console.log(`parent process ${parent} is gone: stopping the hub`);
        void this.stop(0);
      }
    }, 500).unref();

    for (const spec of [...this.subgraphs, this.gateway]) {
      const problem =
        portProblem(spec.portVariable, spec.port) ??
        ((await portTaken(spec.port, this.options.host))
          ? `${spec.portVariable}=${spec.port}: port already in use on ${this.options.host} (another hub or program holds it)`
          : undefined);
      if (problem) {
        console.error(problem);
        return this.stop(1);
      }
    }
    await Promise.all(this.subgraphs.map((spec) => this.launch(this.services.get(spec.name)!)));
    await Promise.all(this.subgraphs.map((spec) => this.waitReady(spec)));
    await this.launch(this.services.get(this.gateway.name)!);
    await this.waitReady(this.gateway);
  }

  private async launch(service: Service): Promise<void> {
    if (this.stopping) return;
    const { name, script, env } = service.spec;
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    service.child = child;
    prefixed(child.stdout, name, (l) => console.log(l));
    prefixed(child.stderr, name, (l) => console.error(l));
    child.on('exit', (code, signal) => void this.exited(service, child, code, signal));
  }

  private async exited(service: Service, child: ChildProcess, code: number | null, signal: string | null) {
    if (this.stopping || service.child !== child) return;
    const { name } = service.spec;
    if (code === EXIT_CONFIG) {
      console.error(`${name} cannot start (see its message above): stopping the hub`);
      return this.stop(1);
    }
    const now = Date.now();
    service.failures = [...service.failures.filter((t) => now - t < this.options.windowMs), now];
    const count = service.failures.length;
    const window = `${Math.round(this.options.windowMs / 1000)} s`;
    if (count > this.options.maxRestarts) {
      console.error(
        `${name} exited (${signal ?? code}) ${count} times within ${window}: giving up, stopping the hub`,
      );
      return this.stop(1);
    }
    const delay = Math.min(this.options.backoffMs * 2 ** (count - 1), this.options.maxBackoffMs);
    console.error(
      `${name} exited (${signal ?? code}); restart ${count} of ${this.options.maxRestarts} within ${window}, in ${delay} ms`,
    );
    await sleep(delay);
    await this.launch(service);
  }

  /** Polls GET /ready until it answers 200; a restart in between is fine, a stop ends it. */
  private async waitReady(spec: ServiceSpec): Promise<void> {
    const deadline = Date.now() + this.options.startTimeoutMs;
    while (Date.now() < deadline) {
      if (this.stopping) return;
      const ok = await fetch(`http://${this.options.host}:${spec.port}/ready`, {
        signal: AbortSignal.timeout(2000),
      })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      await sleep(250);
    }
    console.error(`${spec.name} not ready after ${this.options.startTimeoutMs / 1000} s: stopping the hub`);
    await this.stop(1);
  }

  get isStopping() {
    return this.stopping;
  }

  private async stopService(service: Service): Promise<void> {
    const child = service.child;
    if (!child || !service.running) return;
    await new Promise((done) => {
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  }

  /** Gateway first (it stops accepting and drains in-flight requests), then every subgraph; then exits. */
  async stop(code: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const timer = setTimeout(() => {
      for (const service of this.services.values())
        if (service.running) {
          console.error(
            `${service.spec.name} did not stop within ${this.options.stopTimeoutMs / 1000} s: SIGKILL`,
          );
          service.child?.kill('SIGKILL');
        }
    }, this.options.stopTimeoutMs);
    await this.stopService(this.services.get(this.gateway.name)!);
    await Promise.all(this.subgraphs.map((spec) => this.stopService(this.services.get(spec.name)!)));
    clearTimeout(timer);
    process.exit(code);
  }
}
