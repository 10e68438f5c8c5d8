import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class DataDirLockedError extends Error {}

export const LOCK_FILE = 'daily-gradient.lock';

export interface DataLock {
  path: string;
  release(): void;
}

/** True when a process with this id exists (EPERM: it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory for this process, so two bots never run two redis-servers on one AOF.
 * The lock file holds our pid; a lock whose process is gone (a crash, a kill -9) is taken over.
 */
export function lockDataDir(dir: string, label = 'DATA_DIR'): DataLock {
  const abs = resolve(dir);
  const path = join(abs, LOCK_FILE);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (err) {
    throw new DataDirLockedError(`Cannot use ${label}=${dir}: ${(err as Error).message}`);
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new DataDirLockedError(`Cannot use ${label}=${dir}: ${(err as Error).message}`);
      let holder = NaN;
      try { holder = Number.parseInt(readFileSync(path, 'utf8'), 10); } catch { /* removed meanwhile */ }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new DataDirLockedError(`Another Daily Gradient (pid ${holder}) is already running on ${label}=${dir}. Stop it first, or give this one another ${label}. (If no such bot runs, delete ${path}.)`);
      }
      rmSync(path, { force: true }); // stale: its process is gone
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    const release = () => {
      process.removeListener('exit', release);
      try {
        if (Number.parseInt(readFileSync(path, 'utf8'), 10) === process.pid) rmSync(path, { force: true });
      } catch { /* already gone */ }
    };
    process.on('exit', release);
    return { path, release };
  }
  throw new DataDirLockedError(`Could not take the lock ${path}; another process keeps creating it.`);
}
