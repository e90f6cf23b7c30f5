import cluster from 'node:cluster';
import { intFromEnv } from './config';
import { exitConfig } from './startup';

/** WORKERS (default 1): how many worker processes serve one port (Node cluster); 1 = this process serves. */
export function workersFromEnv(): number {
  return intFromEnv('WORKERS', 1, 1, 64);
}

/** Whether this process serves requests itself: a single process, or a worker of a cluster. */
export function servesItself(workers = workersFromEnv()): boolean {
  return workers === 1 || cluster.isWorker;
}

/** Whether this process runs the once-per-service jobs (migrations, seeds, schedules): not a cluster's worker. */
export const isPrimary = () => !cluster.isWorker;

/**
 * The primary of a cluster: forks `workers` processes that share the listening port (the kernel spreads the
 * connections), forks a new one when one dies (after 1 s, so a crash loop stays slow), and on SIGINT, SIGTERM, or
 * when its own parent goes away (the supervisor), sends SIGTERM to every worker and exits once they are gone
 * (SIGKILL after 15 s). A worker exiting with code 78 (a configuration problem) stops them all with that code.
 */
export function runPrimary(name: string, workers: number): void {
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    if (!alive.length) process.exit(code);
    for (const w of alive) w?.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(code || 1);
    }, 15_000).unref();
    cluster.on('exit', () => {
      if (!Object.values(cluster.workers ?? {}).some((w) => w && !w.isDead())) process.exit(code);
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (code === 78) {
      console.error(`${name}: worker ${worker.process.pid} cannot start (exit 78), stopping`);
      return stop(78);
    }
    console.error(`${name}: worker ${worker.process.pid} exited (${signal ?? code}); forking another in 1 s`);
    setTimeout(() => !stopping && cluster.fork(), 1000).unref();
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  console.log(`${name}: ${workers} workers`);
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  // Started by the supervisor with an IPC channel: when it goes away, so does the whole cluster.
  if (process.connected) process.on('disconnect', () => stop(0));
}

/** Refuses WORKERS > 1 where one process must own its data (an embedded PGlite folder). */
export function refuseWorkers(name: string, workers: number, reason: string | undefined): void {
  if (workers > 1 && reason) exitConfig(`${name}: WORKERS=${workers} refused: ${reason}`);
}
