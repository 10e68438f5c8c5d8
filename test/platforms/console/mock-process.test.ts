import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchRedis, type LaunchedRedis } from '../../../src/ops/redis-launcher.js';
import { communityKeys } from '../../../src/store/keys.js';
import { connectRedis, type Store } from '../../../src/store/redis.js';
import { CONSOLE_COMMUNITY } from '../../../src/platforms/console/console.js';
import { writeMockBank } from '../../support/mock-bank.js';
import { removeTempDirs, startProcess, tempDir, waitForOutput, type Finished } from '../../support/process.js';
import { lastLetter } from '../../support/script.js';

/**
 * A mock survives its bot process: a real console process (src/main.ts, commands piped on stdin) runs a mock against a
 * Redis of this file's own, is killed with SIGKILL in the middle, and a new process picks the same session up from
 * Redis. The second process also runs, with /clock, the time-out job the first one queued.
 */
let redis: LaunchedRedis;
let store: Store;
let questionsDir: string;
beforeAll(async () => {
  const dir = tempDir('dg-mock-proc-');
  redis = await launchRedis({ dir: `${dir}/redis`, persistence: 'none', binary: process.env.REDIS_SERVER_BIN });
  store = connectRedis(redis.url);
  questionsDir = writeMockBank(dir);
});
afterAll(async () => {
  store?.disconnect();
  await redis?.stop();
  removeTempDirs();
});

type Bot = ReturnType<typeof startProcess>;

function bot(args: string[] = []): Bot {
  return startProcess(['--user', 'kim', ...args], {
    stdin: true, direct: true, env: { REDIS_URL: redis.url, QUESTIONS_DIR: questionsDir, DATA_DIR: tempDir(), CONSOLE: 'on', DEFAULT_TIMEZONE: 'UTC' },
  });
}

/** Types a line and waits until the output after it satisfies `done`; returns that output. */
async function type(p: Bot, line: string, done: (after: string) => boolean): Promise<string> {
  const before = p.output().stdout.length;
  p.child.stdin!.write(`${line}\n`);
  await waitForOutput(p, (o: Finished) => done(o.stdout.slice(before)), 30_000);
  return p.output().stdout.slice(before);
}

/** The button number of the option "right" on the card just printed. */
const rightButton = (out: string) => String('ABC'.indexOf(lastLetter(out, 'right')) + 1);

describe('a mock across a killed bot process', () => {
  it('SIGKILL mid-mock: a new process resumes the same session from Redis, and its time-out reports it on time', async () => {
    const first = bot();
    let card = await type(first, '/mock questions:5 minutes:10', (o) => /question 1 of 5/.test(o) && /\[4\] Skip/.test(o));
    card = await type(first, rightButton(card), (o) => /question 2 of 5[\s\S]*Skip/.test(o));
    expect(card).toMatch(/✅ Question 1: correct\./);
    card = await type(first, rightButton(card), (o) => /question 3 of 5[\s\S]*Skip/.test(o));
    const third = /\n\n(\w+ \w+ question \d \(\w+\)\. Which option is right\?)\n/.exec(card)![1]!;
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.code).toBeNull();
    // The bot itself is gone (it ran in the process that was killed).
    expect(() => process.kill(first.child.pid!, 0)).toThrow(/ESRCH/);

    // What the killed process left in Redis: the session, at question 3, two answers recorded.
    const key = communityKeys(CONSOLE_COMMUNITY).userMock('console:kim');
    const session = await store.hgetall(key);
    expect(session).toMatchObject({ n: '5', i: '2', a0: expect.stringMatching(/^c:\d+$/), a1: expect.stringMatching(/^c:\d+$/) });

    const second = bot(['--allow-clock']);
    try {
      const resumed = await type(second, '/mock', (o) => /Skip/.test(o));
      expect(resumed).toMatch(/question 3 of 5 · ⏱ (10|9) min left\nResuming your mock\./);
      expect(resumed).toContain(third);
      const fourth = await type(second, rightButton(resumed), (o) => /question 4 of 5[\s\S]*Skip/.test(o));
      expect(fourth).toMatch(/✅ Question 3: correct\./);

      // The time-out the first process queued runs in the second one, when its clock passes the deadline.
      const timeUp = await type(second, '/clock +11m', (o) => /Report Q3/.test(o));
      expect(timeUp).toMatch(/📬 \[DM to you\]\n🔒 🎤 Mock interview report · 3\/5 \(60%\)\n⏰ Time is up · mixed · 5 questions · took 10m 00s of 10 min\./);
      expect(timeUp).toMatch(/\n1\. ✅ · .*\n2\. ✅ · .*\n3\. ✅ · .*\n4\. ⏰ no answer · .*\n5\. ➖ not reached · /);
      expect(await store.exists(key)).toBe(0);
      const history = await type(second, '/mock history', (o) => /Average/.test(o));
      expect(history).toMatch(/mixed · 5 questions · 10m 00s of 10 min · 3\/5 \(60%\) · time is up/);
      second.child.stdin!.end('/quit\n');
      const ended = await second.done;
      expect(ended.code, ended.stderr).toBe(0);
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 120_000);
});
