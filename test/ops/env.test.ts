import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, root, runProcess, tempDir } from '../support/process.js';

afterAll(removeTempDirs);

describe('.env', () => {
  it('npm start reads .env from the working directory; variables already set win', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), `# local settings\nDEFAULT_TIMEZONE=Asia/Tokyo\nQUESTIONS_DIR=${join(root, 'questions')}\nDATA_DIR="${join(dir, 'data')}"\n`);
    const script = join(dir, 'script.txt');
    writeFileSync(script, '/settings show\n');
    const fromFile = await runProcess(['--script', script], { cwd: dir });
    expect(fromFile.stderr).toBe('');
    expect(fromFile.stdout).toMatch(/Community time zone: Asia\/Tokyo/);
    const overridden = await runProcess(['--script', script], { cwd: dir, env: { DEFAULT_TIMEZONE: 'Europe/Berlin' } });
    expect(overridden.stdout).toMatch(/Community time zone: Europe\/Berlin/);
  });

  it('names the variable when a value in .env is bad', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), `DEFAULT_TIMEZONE=Mars/Olympus\nDATA_DIR=${join(dir, 'data')}\n`);
    const r = await runProcess(['--script', '/dev/null'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DEFAULT_TIMEZONE: must be an IANA time zone/);
  });
});
