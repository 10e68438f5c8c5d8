import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/**
 * Runs .ci/run with a PATH of stand-ins that record their calls: npm (`failOn` makes one call fail), apt-get and
 * sudo, and redis-server and chromium unless they are to be `missing`. The system's directories are left off PATH
 * (only dirname and id are linked in), so nothing installed on this machine is found or run.
 */
function runCi(o: { failOn?: string; missing?: ('redis-server' | 'chromium')[] } = {}): { code: number | null; calls: string[] } {
  const bin = mkdtempSync(join(tmpdir(), 'dg-ci-'));
  dirs.push(bin);
  const log = join(bin, 'calls.log');
  const standIn = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  standIn('npm', `echo "npm $*" >> "${log}"\n[ "$*" = "${o.failOn ?? ''}" ] && exit 2\nexit 0`);
  standIn('apt-get', `echo "apt-get $*" >> "${log}"\nexit 0`);
  standIn('sudo', 'exec "$@"');
  for (const tool of ['redis-server', 'chromium'] as const) if (!o.missing?.includes(tool)) standIn(tool, 'exit 0');
  for (const tool of ['dirname', 'id']) symlinkSync(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
  delete env.CHROMIUM_PATH;
  const r = spawnSync('/bin/bash', [join(root, '.ci/run')], { env, encoding: 'utf8' });
  let calls: string[] = [];
  try { calls = readFileSync(log, 'utf8').trim().split('\n'); } catch { /* no calls */ }
  return { code: r.status, calls };
}

describe('.ci/run', () => {
  it('installs, then typechecks and lints as well as running the tests on both topologies', () => {
    const r = runCi();
    expect(r.code).toBe(0);
    expect(r.calls).toEqual(['npm ci', 'npm run typecheck', 'npm run lint', 'npm test', 'npm run test:cluster']);
  });

  it('fails (and stops) on a type error even though the tests would pass', () => {
    const r = runCi({ failOn: 'run typecheck' });
    expect(r.code).not.toBe(0);
    expect(r.calls).toEqual(['npm ci', 'npm run typecheck']);
  });

  it('installs Debian\'s chromium (and redis-server) when missing, before anything else', () => {
    expect(runCi({ missing: ['chromium'] }).calls).toEqual([
      'apt-get update -q', 'apt-get install -y -q chromium', 'npm ci', 'npm run typecheck', 'npm run lint', 'npm test', 'npm run test:cluster',
    ]);
    expect(runCi({ missing: ['redis-server', 'chromium'] }).calls.slice(0, 3)).toEqual(['apt-get update -q', 'apt-get install -y -q redis-server chromium', 'npm ci']);
  });
});
