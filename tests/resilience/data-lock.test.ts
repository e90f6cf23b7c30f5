import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataLock, DataFolderInUseError } from '../../subgraphs/shared/data-lock';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'data-lock-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the data-folder lock', () => {
  it('is held by one owner: a second taker is refused with the folder and the owner pid', () => {
    const folder = join(root, 'places');
    const lock = acquireDataLock(folder);
    expect(JSON.parse(readFileSync(`${folder}.lock`, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    expect(() => acquireDataLock(folder)).toThrow(DataFolderInUseError);
    expect(() => acquireDataLock(folder)).toThrow(
      `data folder ${folder} is in use by process ${process.pid}`,
    );
    lock.release();
    expect(existsSync(`${folder}.lock`)).toBe(false);
    acquireDataLock(folder).release();
  });

  it('takes over the lock of a process that is gone, and trusts one from another host', () => {
    const folder = join(root, 'people');
    // A real process that has exited: its pid is free.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(`${folder}.lock`, JSON.stringify({ pid: gone, host: hostname(), startedAt: 'earlier' }));
    const lock = acquireDataLock(folder);
    expect(JSON.parse(readFileSync(`${folder}.lock`, 'utf8')).pid).toBe(process.pid);
    expect(existsSync(`${folder}.lock.stale`)).toBe(false);
    lock.release();

    writeFileSync(
      `${folder}.lock`,
      JSON.stringify({ pid: gone, host: 'another-host', startedAt: 'earlier' }),
    );
    expect(() => acquireDataLock(folder)).toThrow(`in use by process ${gone} on another-host`);
  });

  it('takes over a lock whose pid now belongs to another process (start time differs)', () => {
    const folder = join(root, 'training');
    writeFileSync(
      `${folder}.lock`,
      JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: 'earlier', startTicks: '1' }),
    );
    acquireDataLock(folder).release();
  });
});
