import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a data folder: written as JSON in `<folder>.lock`, beside it (PGlite wants its folder to itself). */
export interface LockOwner {
  pid: number;
  host: string;
  /** When the owning process started (ISO date). */
  startedAt: string;
  /** Linux only: the process start time in clock ticks since boot (/proc/<pid>/stat), so a reused pid is not taken for the owner. */
  startTicks?: string;
}

/** A held lock; `release` removes the file if it is still ours. */
export interface DataLock {
  path: string;
  release(): void;
}

/** Raised when another live process owns the folder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly owner: LockOwner,
  ) {
    super(
      `data folder ${folder} is in use by process ${owner.pid} on ${owner.host} (started ${owner.startedAt}); ` +
        `stop that process first, or point DATA_DIR at another folder`,
    );
  }
}

/** A takeover that crashed half-way leaves its guard file; after this long it is ignored. */
const TAKEOVER_GUARD_STALE_MS = 10_000;

function startTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name, which may itself hold spaces or parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function me(): LockOwner {
  return {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    startTicks: startTicksOf(process.pid),
  };
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined; // Missing, or half written by a process that died: no owner.
  }
}

/** Whether the recorded owner still runs. A lock from another host is trusted: we cannot see its processes. */
function alive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid runs: the same process only if it started when the owner did.
  const ticks = owner.startTicks && startTicksOf(owner.pid);
  return !ticks || ticks === owner.startTicks;
}

function create(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes `<folder>.lock` for this process, or throws DataFolderInUseError naming the live owner. A lock whose
 * owner is gone (SIGKILL, power loss) is taken over; a guard file created exclusively makes the takeover one
 * process's at a time, so two processes racing over a stale lock never both win.
 */
export function acquireDataLock(folder: string): DataLock {
  const path = `${folder}.lock`;
  const guard = `${path}.takeover`;
  const owner = me();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(path, owner)) return held(path, owner);
    const current = readOwner(path);
    if (current && alive(current)) throw new DataFolderInUseError(folder, current);
    // Stale: take it over under the guard.
    try {
      if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_GUARD_STALE_MS) unlinkSync(guard);
    } catch {
      // No guard: fine.
    }
    if (!create(guard, owner)) continue; // Someone else is taking over: look again.
    try {
      const again = readOwner(path);
      if (again && alive(again)) throw new DataFolderInUseError(folder, again);
      // Moved aside rather than deleted, then replaced exclusively.
      try {
        renameSync(path, `${path}.stale`);
      } catch {
        // Already gone.
      }
      if (create(path, owner)) {
        try {
          unlinkSync(`${path}.stale`);
        } catch {
          // Nothing was moved aside.
        }
        if (current)
          console.warn(
            `${folder}: took over the lock of process ${current.pid} (started ${current.startedAt}), which is gone`,
          );
        return held(path, owner);
      }
    } finally {
      try {
        unlinkSync(guard);
      } catch {
        // Removed by a later takeover that found it stale.
      }
    }
  }
  const current = readOwner(path);
  throw current ? new DataFolderInUseError(folder, current) : new Error(`could not lock ${folder}`);
}

function held(path: string, owner: LockOwner): DataLock {
  const release = () => {
    const current = readOwner(path);
    if (current?.pid === owner.pid && current.host === owner.host) {
      try {
        unlinkSync(path);
      } catch {
        // Gone already.
      }
    }
    process.off('exit', release);
  };
  // Also on a plain process.exit(); a SIGKILL leaves the file, which the next start takes over.
  process.on('exit', release);
  return { path, release };
}
