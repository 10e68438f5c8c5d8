import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/ops/data-lock.js';
import { removeTempDirs, runProcess, startProcess, tempDir, waitForOutput } from '../support/process.js';

afterAll(removeTempDirs);

describe('one bot per data directory', () => {
  it('a second npm start on the same DATA_DIR refuses clearly while the first runs; afterwards the lock is gone', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const first = startProcess([], { env: { DATA_DIR: dir }, stdin: true });
    try {
      first.child.stdin!.write('/help\n');
      await waitForOutput(first, (o) => o.stdout.includes('📖 Daily Gradient'), 40_000);
      // The bot's own pid (tsx runs it as a child of the process we started).
      const holder = Number(readFileSync(join(dir, LOCK_FILE), 'utf8').trim());
      expect(() => process.kill(holder, 0)).not.toThrow();

      const second = await runProcess(['--script', '/dev/null'], { env: { DATA_DIR: dir } });
      expect(second.code).toBe(1);
      expect(second.stderr.trim()).toBe(`Another Daily Gradient (pid ${holder}) is already running on DATA_DIR=${dir}. Stop it first, or give this one another DATA_DIR. (If no such bot runs, delete ${join(dir, LOCK_FILE)}.)`);

      // The first bot was not disturbed: it still answers.
      first.child.stdin!.write('/topics\n');
      await waitForOutput(first, (o) => o.stdout.includes('📚 Topics'));
    } finally {
      first.child.stdin!.end();
    }
    const done = await first.done;
    expect(done.code).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a stale lock left by a process that no longer exists', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${gone.stdout}\n`);
    const script = join(dir, 'script.txt');
    writeFileSync(script, '/topics\n');
    const r = await runProcess(['--script', script], { env: { DATA_DIR: dir } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/📚 Topics/);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('lockDataDir', () => {
  it('writes our pid, refuses a live holder, takes over our own pid from an earlier run (containers reuse pids) and releases', async () => {
    const { lockDataDir, DataDirLockedError } = await import('../../src/ops/data-lock.js');
    const dir = join(tempDir(), 'data');
    const lock = lockDataDir(dir);
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    writeFileSync(lock.path, `${process.ppid}\n`); // a live process that is not us
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(`Another Daily Gradient (pid ${process.ppid}) is already running on DATA_DIR=${dir}.`);
    writeFileSync(lock.path, `${process.pid}\n`);
    const again = lockDataDir(dir);
    again.release();
    expect(existsSync(lock.path)).toBe(false);
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => lockDataDir(join(dir, 'file', 'sub'))).toThrow(/Cannot use DATA_DIR=.*file\/sub: ENOTDIR/);
  });
});
