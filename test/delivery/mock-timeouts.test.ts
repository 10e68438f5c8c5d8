import type { Job } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { routeOf } from '../../src/core/posting.js';
import { jobIds, type MockJob } from '../../src/delivery/jobs.js';
import { MOCK_ASSESS_GRACE_MS } from '../../src/domain/mock.js';
import { communityKeys } from '../../src/store/keys.js';
import { testApp, freshCommunity, invocationFor } from '../support/app.js';
import { scheduledConsole } from '../support/console.js';
import { mockBank } from '../support/mock-bank.js';
import { RecordingPort } from '../support/recording-port.js';
import { resolving } from '../support/script.js';

/**
 * A mock's time-out is a delayed delivery job (real Redis, real BullMQ workers): at the deadline it finishes the session
 * whatever its user does, sends the report card privately (the console prints direct messages inline) and files the
 * mock in the history. Its own database: the console's /clock plays every delayed job of the console route.
 */
const DB = 8;
let app: App;
// Each test gets a fresh app: delivery works a route through the first port attached, so each console needs its own.
beforeEach(async () => { app = await testApp({ db: DB, bank: mockBank() }); });
afterEach(async () => {
  // Every time-out a test queued has run by its end, so none can reach the next test's console.
  const left = await app.redis.zrange('dg:{dq-console}:delayed', '0', '-1');
  await app.close();
  expect(left.filter((id) => id.startsWith('mock|'))).toEqual([]);
});

const START = '2026-03-07T17:00:00Z';

/** Everything printed from the line echoed as `echo` up to the next echoed line (the last such line with nth = -1). */
function section(output: string, echo: string, nth = 0): string {
  const found = output.split(/\n(?=\S+> )/).filter((p) => p.startsWith(`${echo}\n`));
  expect(found.length, `no output for ${echo}`).toBeGreaterThan(nth < 0 ? -nth - 1 : nth);
  return found.at(nth)!;
}

const dmCount = (text: string) => text.split('📬 [DM to you]').length - 1;

describe('mock time-outs', () => {
  it('an abandoned mock ends at its deadline: the report card arrives by itself and the mock is in /mock history', async () => {
    const c = freshCommunity();
    const { cli, output } = await scheduledConsole(app, { communityId: c, at: START });
    await cli.runScript(resolving(`
/as ada
/mock questions:5 minutes:10
{{button:right}}
/clock +9m
/clock +2m
`, output));
    const k = communityKeys(c);
    // Filed by the job, before ada does anything else.
    expect(await app.redis.exists(k.userMock('console:ada'))).toBe(0);
    expect(await app.redis.llen(k.userMocks('console:ada'))).toBe(1);
    await cli.runScript(['/mock history']);
    const out = output();

    expect(dmCount(section(out, 'ada> /clock +9m'))).toBe(0);
    const timeUp = section(out, 'ada> /clock +2m');
    expect(timeUp).toMatch(/🕒 Clock: 2026-03-07T17:11:00\.000Z\n📬 \[DM to you\]\n🔒 🎤 Mock interview report · 1\/5 \(20%\)\n⏰ Time is up · mixed · 5 questions · took 10m 00s of 10 min\./);
    expect(timeUp).toMatch(/\n1\. ✅ · \w+ · [a-z-]+ · easy · 0s\n2\. ⏰ no answer · .* · 10m 00s\n3\. ➖ not reached · /);
    expect(timeUp).toMatch(/Work on: Nothing you answered was missed; 4 questions got no answer\./);
    expect(timeUp).toMatch(/\[1\] 🚩 Report Q1 {2}\[2\] 🚩 Report Q2\n/);
    expect(dmCount(timeUp)).toBe(1);
    expect(section(out, 'ada> /mock history')).toMatch(/Sat 7 Mar, 17:00 UTC · mixed · 5 questions · 10m 00s of 10 min · 1\/5 \(20%\) · time is up/);
  });

  it('with an open answer still to mark, it asks once; marked in time, the report is the answer; the late job sends nothing', async () => {
    const c = freshCommunity();
    const { cli, output } = await scheduledConsole(app, { communityId: c, at: START });
    await cli.runScript(resolving(`
/as bo
/mock questions:5 minutes:10
{{button:right}}
{{button:right}}
{{button:wrong}}
{{button:right}}
1
Start from the goal and the constraints.
/clock +11m
/clock +30m
2
/clock +1h
/mock history
`, output));
    const out = output();
    expect(section(out, 'bo> Start from the goal and the constraints.')).toMatch(/self-assessment 1 of 1\n📝 Question 5: answer recorded/);
    const asked = section(out, 'bo> /clock +11m');
    expect(dmCount(asked)).toBe(1);
    expect(asked).toMatch(/📬 \[DM to you\]\n🔒 🎤 Mock interview · self-assessment 1 of 1\n⏰ Your mock's time is up\. Mark your open answers within 60 minutes; then the report card is filed with what you marked\./);
    expect(asked).toMatch(/Your answer: Start from the goal and the constraints\./);
    expect(asked).toMatch(/\[1\] ✅ Got it {2}\[2\] 🤔 Partly {2}\[3\] ❌ Missed it {2}\[4\] 🚩 Report Q5/);
    expect(dmCount(section(out, 'bo> /clock +30m'))).toBe(0);
    // "2" presses Partly on the direct message: the report card is the answer, and files the mock.
    const report = section(out, 'bo> 2', -1);
    expect(report).toMatch(/Mock interview report · 3\.5\/5 \(70%\)\nNoted: partly for question 5\.\n\n🏁 All questions answered · mixed · 5 questions/);
    expect(report).toMatch(/\[1\] 🚩 Report Q1 {2}\[2\] 🚩 Report Q2 {2}\[3\] 🚩 Report Q3 {2}\[4\] 🚩 Report Q4 {2}\[5\] 🚩 Report Q5\n/);
    expect(dmCount(section(out, 'bo> /clock +1h'))).toBe(0);
    expect(section(out, 'bo> /mock history')).toMatch(/· 3\.5\/5 \(70%\) · all questions answered\n\nAverage 70% over 1 mock/);
    expect(await app.redis.llen(communityKeys(c).userMocks('console:bo'))).toBe(1);
  });

  it('unmarked when the grace ends, the report is filed without the self-assessment and sent', async () => {
    const c = freshCommunity();
    const { cli, output } = await scheduledConsole(app, { communityId: c, at: START });
    await cli.runScript(resolving(`
/as cy
/mock questions:5 minutes:10
{{button:right}}
{{button:right}}
{{button:right}}
{{button:right}}
1
Measure it first.
/clock +11m
/clock +1h
`, output));
    const out = output();
    expect(dmCount(section(out, 'cy> /clock +11m'))).toBe(1);
    const filed = section(out, 'cy> /clock +1h');
    expect(dmCount(filed)).toBe(1);
    expect(filed).toMatch(/📬 \[DM to you\]\n🔒 🎤 Mock interview report · 4\/5 \(80%\)\n⏰ Your mock's time is up, and the time to self-assess too: one open answer was not marked\.\n\n🏁 All questions answered/);
    expect(filed).toMatch(/\n5\. 📝 not assessed · (systems|behavioral) · /);
    const k = communityKeys(c);
    expect(await app.redis.exists(k.userMock('console:cy'))).toBe(0);
    expect(JSON.parse((await app.redis.lindex(k.userMocks('console:cy'), 0))!)).toMatchObject({ n: 5, score: 4, ended: 'done' });
    expect(MOCK_ASSESS_GRACE_MS).toBe(60 * 60_000);
  });

  it('runs once across replicas however often it is queued, and a finished mock is not reported again', async () => {
    // A Slack workspace of its own: only these three apps work its queue.
    const community = `slack:T${freshCommunity().slice(-10).toUpperCase()}`;
    const route = routeOf(community);
    const replicas = await Promise.all([0, 1, 2].map(() => testApp({ db: DB, bank: mockBank() })));
    const ports = replicas.map((r, i) => {
      const port = new RecordingPort('slack', `r${i}`, route);
      r.delivery.attach(port);
      return port;
    });
    try {
      const started = Date.now();
      const inv = () => invocationFor(community, 'dee', { platform: 'slack', userId: 'slack:UDEE', now: new Date() });
      await replicas[0]!.services.mock.start(inv(), { questions: 5, minutes: 10 });
      // Looking at the mock from every replica queues its time-out again: still one job.
      await Promise.all(replicas.map((r) => r.services.mock.start(inv(), {})));
      const id = (await app.redis.hget(communityKeys(community).userMock('slack:UDEE'), 'id'))!;
      const jobId = jobIds.mock(community, 'slack:UDEE', id);
      const delayed = (await replicas[0]!.delivery.dueMockTimeouts(started + 11 * 60_000)) as Job<MockJob>[];
      expect(delayed.map((j) => j.id)).toEqual([jobId]);
      expect(Math.abs(delayed[0]!.data.at - (started + 10 * 60_000))).toBeLessThan(5_000);
      // Another session's time-out finds nothing to do.
      expect(await app.services.mock.timeUp(community, 'slack:UDEE', 'ffffffff', new Date(started + 11 * 60_000))).toEqual({ step: 'gone' });

      for (const r of replicas) r.delivery.setClock(() => new Date(delayed[0]!.data.at + 1000));
      await delayed[0]!.promote();
      expect(await replicas[0]!.delivery.settled(route, jobId)).toBe('completed');
      expect(ports.flatMap((p) => p.dms).map((d) => [d.userId, d.reply.title])).toEqual([['slack:UDEE', '🎤 Mock interview report · 0/5 (0%)']]);
      const [dm] = ports.flatMap((p) => p.dms);
      expect(dm!.opts).toEqual({ communityId: community, idempotencyKey: `${jobId}|report` });
      expect(await app.redis.llen(communityKeys(community).userMocks('slack:UDEE'))).toBe(1);

      // Queued again after it ran (a late replica): the stored id keeps it from running twice.
      await replicas[1]!.delivery.mockTimer.schedule({ communityId: community, userId: 'slack:UDEE', sessionId: id, deadline: Date.now() });
      await new Promise((r) => setTimeout(r, 300));
      expect(await (await replicas[1]!.delivery.job(route, jobId))!.getState()).toBe('completed');
      expect(ports.flatMap((p) => p.dms)).toHaveLength(1);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });
});
