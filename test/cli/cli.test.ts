import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { removeTempDirs, root, tempDir } from '../support/process.js';

afterAll(removeTempDirs);

/** Runs one of the CLIs the way npm does (tsx), with no Discord or Slack variables set and no .env. */
function cli(file: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(DISCORD_|SLACK_)/.test(k)) delete env[k];
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli', file), ...args], { cwd: tempDir(), env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run register', () => {
  it('--help prints usage', { timeout: 60_000 }, () => {
    const r = cli('register.ts', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run register \[-- --remove \| --print \| --help\]/);
    expect(r.stdout).toMatch(/--print\s+print the command JSON/);
  });

  it('--print prints the Discord command JSON without a token', { timeout: 60_000 }, () => {
    const r = cli('register.ts', ['--print']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { name: string; description: string }[];
    expect(json.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(json.find((c) => c.name === 'quiz')!.description).toMatch(/practice question/);
  });

  it('explains an unknown option with the usage, and a missing token', { timeout: 60_000 }, () => {
    const bad = cli('register.ts', ['--frobnicate']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Unknown option '--frobnicate'[\s\S]*Usage: npm run register/);
    const noToken = cli('register.ts', []);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/DISCORD_TOKEN is not set/);
  });
});

describe('npm run manifest', () => {
  it('--help prints usage', { timeout: 60_000 }, () => {
    const r = cli('manifest.ts', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run manifest/);
    expect(r.stdout).toMatch(/--name\s+the app's and the bot user's name, up to 35 characters/);
  });

  it('refuses an app name over Slack\'s 35 characters and writes nothing', { timeout: 60_000 }, () => {
    const dir = tempDir();
    const out = join(dir, 'slack-manifest.yml');
    const r = cli('manifest.ts', ['--name', 'The Daily Gradient Study Group Bot 2', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The app name must be 1-35 characters \(Slack's limit\); "The Daily Gradient Study Group Bot 2" has 36\./);
    expect(existsSync(out)).toBe(false);
    const ok = cli('manifest.ts', ['--name', 'The Daily Gradient Study Group Bot', '--out', out]);
    expect(ok.code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});
