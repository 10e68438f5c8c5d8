import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { exportRows } from '../../src/services/question-stats.js';
import { testApp, invocationFor, freshCommunity, answerOption } from '../support/app.js';
import { flushAll, isolatedRedis } from '../support/redis.js';
import { TEST_BANK_YAML } from '../support/bank.js';

// Its own database (or cluster): the export reads every community, so no other test file's answers may land here.
const DB = 3;
const root = join(import.meta.dirname, '../..');
let app: App;
let questionsDir: string;

beforeAll(async () => {
  app = await testApp({ db: DB });
  await flushAll(app.redis);
  questionsDir = mkdtempSync(join(tmpdir(), 'dg-qstats-'));
  for (const [path, content] of Object.entries(TEST_BANK_YAML)) {
    const file = join(questionsDir, path.replace(/^questions\//, ''));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  // t-two-children: 20 answers (3 right) in one community and 10 (2 right) in another: 5 of 30 is under 20%.
  // t-coin-hard: reported twice in one community and once in the other. t-dice-sum: two answers, one report.
  const [a, b] = [freshCommunity(), freshCommunity()];
  const answer = async (c: string, n: number, right: number) => {
    for (let i = 0; i < n; i++) {
      const user = `u${i}`;
      const p = await app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-two-children', channelId: 'console:main', audience: `console:${user}`, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
      await answerOption(app, invocationFor(c, user), p.id, i < right ? 1 : 0);
    }
  };
  await answer(a, 20, 3);
  await answer(b, 10, 2);
  const coin = async (c: string) => app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-coin-hard', channelId: 'console:main', audience: '', closesAt: 0, scheduleId: '', answerMode: 'buttons' });
  const [ca, cb] = [await coin(a), await coin(b)];
  await app.router.action(invocationFor(a, 'x'), `repn:${ca.id}:key`, 'HT, surely');
  await app.router.action(invocationFor(a, 'y'), `repn:${ca.id}:typo`, '');
  await app.router.action(invocationFor(b, 'x'), `repn:${cb.id}:key`, '');
  for (const [user, text] of [['d1', '1/6'], ['d2', '0.5']] as const) {
    const p = await app.services.posts.create({ createdAt: Date.now(), communityId: a, questionId: 't-dice-sum', channelId: 'console:main', audience: `console:${user}`, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
    await app.services.quiz.answer(invocationFor(a, user), p.id, { text });
    if (user === 'd2') await app.router.action(invocationFor(a, user), `repn:${p.id}:unclear`, '');
  }
}, 60_000);

afterAll(async () => {
  await flushAll(app.redis);
  await app.close();
  rmSync(questionsDir, { recursive: true, force: true });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env = { ...process.env };
    delete env.REDIS_URL;
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/cli/questions-stats.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('exit', (code) => { clearTimeout(timer); done({ code, stdout, stderr }); });
  });
}

describe('per-question statistics', () => {
  it('sum over communities and flag hard and reported questions', async () => {
    const rows = await exportRows(app.redis, app.bank, false);
    expect(rows.map((r) => [r.question, r.answered, r.correct, r.reports, r.flags])).toEqual([
      ['t-coin-hard', 0, 0, 3, ['3 reports']],
      ['t-two-children', 30, 5, 0, ['hard: 16.7% correct']],
      ['t-dice-sum', 2, 1, 1, []],
    ]);
    expect(rows[0]).toMatchObject({ wrongKey: 2, typo: 1, shareCorrect: null, track: 'math', topic: 'probability', difficulty: 'hard', kind: 'choice' });
  });

  it('per community, where no single community has enough to flag', async () => {
    const rows = await exportRows(app.redis, app.bank, true);
    expect(rows.filter((r) => r.flagged)).toEqual([]);
    expect(rows.filter((r) => r.question === 't-two-children').map((r) => r.answered).sort((x, y) => x - y)).toEqual([10, 20]);
    expect(new Set(rows.map((r) => r.community)).size).toBe(2);
  });

  it('export as CSV or JSON with `npm run questions:stats`, and explain bad arguments', async () => {
    const redis = await isolatedRedis(DB);
    const base = ['--redis', redis.url, ...(redis.db ? ['--db', String(redis.db)] : []), '--questions', questionsDir];
    const [csv, json, bad, none] = await Promise.all([
      cli(base),
      cli([...base, '--format', 'json']),
      cli([...base, '--format', 'xml']),
      cli(['--format', 'csv']),
    ]);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^question,track,topic,difficulty,kind,answered,correct,shareCorrect,hinted,reports,/);
    expect(lines[1]).toBe('t-coin-hard,math,probability,hard,choice,0,0,,0,3,2,0,1,0,true,3 reports');
    expect(lines[2]).toBe('t-two-children,math,probability,medium,choice,30,5,0.1667,0,0,0,0,0,0,true,hard: 16.7% correct');
    expect(csv.stderr).toMatch(/3 row\(s\), 2 flagged/);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { flagged: number; rules: { minAnswers: number }; questions: { question: string; flagged: boolean }[] };
    expect(parsed.flagged).toBe(2);
    expect(parsed.rules.minAnswers).toBe(30);
    expect(parsed.questions.map((q) => [q.question, q.flagged])).toEqual([['t-coin-hard', true], ['t-two-children', true], ['t-dice-sum', false]]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be csv or json, not "xml"/);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--redis is required/);
  }, 60_000);

  it('never prints the password of the Redis URL, when Redis cannot be reached or the URL is not a Redis URL', async () => {
    const port = await closedPort();
    const [refused, wrongScheme] = await Promise.all([
      cli(['--redis', `redis://stats:Sup3r-s3cret@127.0.0.1:${port}/0`, '--questions', questionsDir]),
      cli(['--redis', 'http://stats:Sup3r-s3cret@example.com', '--questions', questionsDir]),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Could not connect to Redis at redis://127.0.0.1:${port}/0`);
    expect(wrongScheme.code).toBe(2);
    expect(wrongScheme.stderr).toMatch(/--redis must start with redis:\/\/, rediss:\/\/, unix:\/\/, redis-cluster:\/\/ or redis-sentinel:\/\/, not "http:\/\/stats:\[redacted\]@/);
    for (const r of [refused, wrongScheme]) expect(r.stdout + r.stderr).not.toContain('Sup3r-s3cret');
  }, 60_000);
});
