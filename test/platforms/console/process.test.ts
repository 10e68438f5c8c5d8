import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function runBot(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const cleanEnv = { ...process.env };
    for (const k of Object.keys(cleanEnv)) if (/^(REDIS_URL|DISCORD_|SLACK_)/.test(k)) delete cleanEnv[k];
    const child = spawn(tsx, ['src/main.ts', ...args], { cwd: root, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('exit', (code) => { clearTimeout(timer); done({ code, stdout, stderr }); });
  });
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'dg-proc-'));
  dirs.push(d);
  return d;
}

describe('npm start (the bot process)', () => {
  it('runs a console script on its own embedded redis-server with AOF under DATA_DIR, then shuts it down', async () => {
    const dir = tempDir();
    const script = join(dir, 'session.txt');
    writeFileSync(script, ['/quiz probability easy', '/as bob', '/quiz nosuchtopic', '/leaderboard'].join('\n'));
    const r = await runBot(['--script', script], { DATA_DIR: join(dir, 'data') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/you> \/quiz probability easy\n🔒 math · probability · 🟢 easy/);
    expect(r.stdout).toMatch(/Unknown topic "nosuchtopic"/);
    expect(existsSync(join(dir, 'data/redis/appendonlydir'))).toBe(true);
    // The child redis-server is gone: its socket no longer accepts connections.
    const { createConnection } = await import('node:net');
    const alive = await new Promise<boolean>((res) => {
      const s = createConnection(join(dir, 'data/redis/redis.sock'));
      s.once('connect', () => { s.destroy(); res(true); });
      s.once('error', () => res(false));
    });
    expect(alive).toBe(false);
  });

  it('explains how to get Redis when redis-server is missing', async () => {
    const dir = tempDir();
    const r = await runBot(['--script', '/dev/null'], { DATA_DIR: dir, REDIS_SERVER_BIN: join(dir, 'no-such-redis-server') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs Redis/);
    expect(r.stderr).toMatch(/apt-get install redis-server/);
    expect(r.stderr).toMatch(/REDIS_URL/);
  });

  it('rejects bad configuration with a message naming the variable', async () => {
    const r = await runBot(['--script', '/dev/null'], { DEFAULT_TIMEZONE: 'Mars/Olympus', DATA_DIR: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DEFAULT_TIMEZONE: must be an IANA time zone/);
  });

  it('fails fast on a malformed question file, naming file, id and field', async () => {
    const dir = tempDir();
    const qdir = join(dir, 'questions/math');
    (await import('node:fs')).mkdirSync(qdir, { recursive: true });
    writeFileSync(join(qdir, 'probability.yaml'), 'track: math\ntopic: probability\nquestions:\n  - id: broken-one\n    difficulty: easy\n    kind: numeric\n    prompt: p\n    explanation: e\n    answer: { value: 1 }\n');
    const r = await runBot(['--script', '/dev/null'], { QUESTIONS_DIR: join(dir, 'questions'), DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/probability\.yaml: question "broken-one": field "answer\.tolerance"/);
  });
});
