import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** Runs .ci/run with stand-ins for npm and redis-server on PATH that record their calls; `failOn` makes one npm call fail. */
function runCi(failOn?: string): { code: number | null; calls: string[] } {
  const bin = mkdtempSync(join(tmpdir(), 'dg-ci-'));
  dirs.push(bin);
  const log = join(bin, 'calls.log');
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "$*" >> "${log}"\n[ "$*" = "${failOn ?? ''}" ] && exit 2\nexit 0\n`);
  writeFileSync(join(bin, 'redis-server'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'npm'), 0o755);
  chmodSync(join(bin, 'redis-server'), 0o755);
  const r = spawnSync('bash', [join(root, '.ci/run')], { env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });
  let calls: string[] = [];
  try { calls = readFileSync(log, 'utf8').trim().split('\n'); } catch { /* no calls */ }
  return { code: r.status, calls };
}

describe('.ci/run', () => {
  it('installs, then typechecks and lints as well as running the tests on both topologies', () => {
    const r = runCi();
    expect(r.code).toBe(0);
    expect(r.calls).toEqual(['ci', 'run typecheck', 'run lint', 'test', 'run test:cluster']);
  });

  it('fails (and stops) on a type error even though the tests would pass', () => {
    const r = runCi('run typecheck');
    expect(r.code).not.toBe(0);
    expect(r.calls).toEqual(['ci', 'run typecheck']);
  });
});
