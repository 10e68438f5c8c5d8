import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { ConsolePlatform } from '../../../src/platforms/console/console.js';
import { communityKeys } from '../../../src/store/keys.js';
import { testApp, freshCommunity } from '../../support/app.js';
import { mockBank } from '../../support/mock-bank.js';
import { resolving } from '../../support/script.js';

let app: App;
beforeAll(async () => { app = await testApp({ bank: mockBank() }); });
afterAll(async () => { await app.close(); });

const START = new Date('2026-03-07T17:00:00Z');

/** Runs a console script on `on` (default: the shared app) in `community`, with the clock starting at START + offset. */
async function run(community: string, script: string, opts: { on?: App; offsetMs?: number } = {}): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  const cli = new ConsolePlatform({
    router: (opts.on ?? app).router, output: out, allowClock: true, communityId: community,
    clock: () => new Date(START.getTime() + (opts.offsetMs ?? 0)),
  });
  await cli.runScript(resolving(script, () => text));
  return text;
}

/** The output of each script line (its echo "user> line" and what followed), in script order. */
function steps(output: string): string[] {
  return output.split(/\n(?=\S+> )/);
}

/** Output of the command echoed as "user> cmd", up to the next echo. */
function section(output: string, echo: string, nth = 0): string {
  const found = steps(output).filter((p) => p.startsWith(echo));
  expect(found.length, `no output for ${echo}`).toBeGreaterThan(nth);
  return found[nth]!;
}

/** The "track · topic" of the question a card shows. */
const topicOf = (card: string) => /(?:Warm-up|Core|Final prompt) · \w+ · ([a-z-]+) · /.exec(card)?.[1];

describe('/mock in the console', () => {
  it('runs a mock end to end: timed questions, a self-assessed final prompt, the report card, then a second mock compared with the first', async () => {
    const c = freshCommunity();
    const out = await run(c, `
/as ada
/mock questions:5 minutes:10
/clock +1m
{{button:right}}
/clock +2m
/answer {{letter:wrong}}
/mock
/mock deep 6
{{button:right}}
/answer {{letter:right}}
1
I would start from the goal and the constraints, then the main trade-off.
2
/mock history
/mock math 5 10
{{button:right}}
/mock stop
/mock history
`);
    const first = section(out, 'ada> /mock questions:5');
    expect(first).toMatch(/Mock interview · question 1 of 5 · ⏱ 10 min left/);
    expect(first).toMatch(/Your mixed mock: 5 questions in 10 minutes/);
    expect(first).toMatch(/Warm-up · \w+ · [a-z-]+ · 🟢 easy/);
    expect(first).toMatch(/\[1\] A {2}\[2\] B {2}\[3\] C {2}\[4\] Skip/);
    expect(out).toMatch(/question 2 of 5 · ⏱ 9 min left\n✅ Question 1: correct\./);
    const wrong = section(out, 'ada> /answer', 0);
    expect(wrong).toMatch(/question 3 of 5 · ⏱ 7 min left\n❌ Question 2: not quite\. The answer: [A-C]\. right\./);
    // The topic of question 2 (shown after the first button press), which the report should suggest practising.
    const missedTopic = topicOf(section(out, 'ada> ', 2));
    expect(missedTopic).toBeTruthy();
    expect(section(out, 'ada> /mock', 1)).toMatch(/question 3 of 5 · ⏱ 7 min left\nResuming your mock\./);
    expect(section(out, 'ada> /mock deep 6')).toMatch(/question 3 of 5[\s\S]*You already have a mock running; one at a time/);
    const step = steps(out);
    const final = step[9]!;
    expect(final).toMatch(/question 5 of 5 · ⏱ 7 min left\n✅ Question 4: correct\.\n\nFinal prompt · (systems|behavioral) · /);
    expect(final).toMatch(/\[1\] Answer {2}\[2\] Skip/);
    expect(step[10]).toMatch(/^ada> 1\n[\s\S]*Your answer: type your answer on the next line/);
    const assess = step[11]!;
    expect(assess).toMatch(/self-assessment 1 of 1\n📝 Question 5: answer recorded/);
    expect(assess).toMatch(/Your answer: I would start from the goal/);
    expect(assess).toMatch(/Key points: • States the goal and the constraints/);
    expect(assess).toMatch(/\[1\] ✅ Got it {2}\[2\] 🤔 Partly {2}\[3\] ❌ Missed it/);

    const report = step[12]!;
    expect(report).toMatch(/Mock interview report · 3\.5\/5 \(70%\)\nNoted: partly for question 5\./);
    expect(report).toMatch(/🏁 All questions answered · mixed · 5 questions · took 3m 00s of 10 min\./);
    expect(report).toMatch(/\n1\. ✅ · \w+ · [a-z-]+ · easy · 1m 00s\n2\. ❌ · \w+ · [a-z-]+ · \w+ · 2m 00s\n3\. ✅ · .* · 0s\n4\. ✅ · .* · 0s\n5\. 🤔 partly · (systems|behavioral) · .* · 0s\n/);
    expect(report).toMatch(/Score by track: /);
    expect(report).toMatch(/(systems|behavioral) 0\.5\/1 \(50%\)/);
    // The topic of the missed question is among the ones to work on, with a /quiz suggestion.
    const workOn = /Work on: ([\s\S]*?)\nCompared with/.exec(report)![1]!;
    expect(workOn).toMatch(new RegExp(`(^|\\n)${missedTopic} \\(\\w+, [\\d.]+/\\d\\): \`/quiz ${missedTopic}\``));
    expect(report).toMatch(/This is your first mock; the next report compares with it\./);
    expect(section(out, 'ada> /mock history', 0)).toMatch(/Sat 7 Mar, 17:00 UTC · mixed · 5 questions · 3m 00s of 10 min · 3\.5\/5 \(70%\) · all questions answered\n\nAverage 70% over 1 mock; best 70%\./);

    const math = section(out, 'ada> /mock math 5 10');
    expect(math).toMatch(/Your math track mock: 5 questions in 10 minutes/);
    expect(math).toMatch(/Warm-up · math · /);
    const stopped = section(out, 'ada> /mock stop');
    expect(stopped).toMatch(/report · 1\/5 \(20%\)\n⏹️ Mock stopped\.\n\n⏹️ Stopped early · math track · 5 questions · took 0s of 10 min\./);
    expect(stopped).toMatch(/\n2\. ⏰ no answer · math · [a-z-]+ · \w+ · 0s\n3\. ➖ not reached · math · /);
    expect(stopped).toMatch(/Compared with your previous mocks: ▼ 50 points vs your last mock \(70% on Sat 7 Mar, 17:00 UTC\)\. Best 70%, average 70% over 1 earlier mock\./);
    const history = section(out, 'ada> /mock history', 1);
    expect(history).toMatch(/17:03 UTC · math track · 5 questions · 0s of 10 min · 1\/5 \(20%\) · stopped early\n.*17:00 UTC · mixed · .* 3\.5\/5 \(70%\)/);
    expect(history).toMatch(/Average 45% over 2 mocks; best 70%\./);
    expect(await app.redis.exists(communityKeys(c).userMock('console:ada'))).toBe(0);
  });

  it('ends on time: a late answer is not recorded, and /mock shows the report once the deadline has passed', async () => {
    const c = freshCommunity();
    const out = await run(c, `
/as bo
/mock questions:6 minutes:10
{{button:right}}
/clock +11m
/answer {{letter:right}}
/as cy
/mock questions:5 minutes:10
/clock +10m
/mock
/mock
`);
    const late = section(out, 'bo> /answer');
    expect(late).toMatch(/report · 1\/6 \(17%\)\n⏰ The mock is over, so that answer was not recorded\.\n\n⏰ Time is up · mixed · 6 questions · took 10m 00s of 10 min\./);
    expect(late).toMatch(/\n2\. ⏰ no answer · .* · 10m 00s\n3\. ➖ not reached · /);
    const k = communityKeys(c);
    expect(await app.redis.hget(k.user('console:bo'), 'answered')).toBe('1');
    expect(await app.redis.exists(k.userMock('console:bo'))).toBe(0);
    const report = section(out, 'cy> /mock', 1);
    expect(report).toMatch(/report · 0\/5 \(0%\)\n⏰ Time is up · mixed · 5 questions · took 10m 00s of 10 min\./);
    expect(report).toMatch(/Work on: No answers to learn from this time/);
    // With the report filed, /mock starts a new mock with the defaults.
    expect(section(out, 'cy> /mock', 2)).toMatch(/question 1 of 8 · ⏱ 30 min left\nYour mixed mock: 8 questions in 30 minutes/);
  });

  it('resumes a mock after a restart: a new app on the same Redis carries on where the old one stopped', async () => {
    const c = freshCommunity();
    const before = await testApp({ bank: mockBank() });
    const out1 = await run(c, `
/as dee
/mock questions:5 minutes:20
{{button:right}}
`, { on: before });
    expect(out1).toMatch(/question 2 of 5 · ⏱ 20 min left\n✅ Question 1: correct\./);
    const question2 = /question 2 of 5[^\n]*\n[^\n]*\n\n([^\n]+)\n\n([^\n]+)/.exec(out1)!;
    await before.close();

    const after = await testApp({ bank: mockBank() });
    try {
      const out2 = await run(c, `
/as dee
/mock
{{button:right}}
/answer {{letter:wrong}}
{{button:right}}
2
`, { on: after, offsetMs: 5 * 60_000 });
      const resumed = section(out2, 'dee> /mock');
      expect(resumed).toMatch(/question 2 of 5 · ⏱ 15 min left\nResuming your mock\./);
      expect(resumed).toContain(question2[1]!);
      expect(resumed).toContain(question2[2]!);
      expect(out2).toMatch(/question 3 of 5 · ⏱ 15 min left\n✅ Question 2: correct\./);
      // Skipping the final prompt leaves nothing to self-assess: the report follows at once.
      const report = steps(out2).at(-1)!;
      expect(report).toMatch(/report · 3\/5 \(60%\)\n⏭️ Question 5 skipped\./);
      expect(report).toMatch(/\n1\. ✅ · .* · 0s\n2\. ✅ · .* · 5m 00s\n3\. ❌ · .* · 0s\n4\. ✅ · .* · 0s\n5\. ⏭️ skipped · /);
    } finally {
      await after.close();
    }
  });

  it('rejects bad options clearly and starts nothing', async () => {
    const c = freshCommunity();
    const out = await run(c, `
/as eve
/mock questions:3
/mock minutes:90
/mock quantum
/mock stop
/mock history
`);
    expect(section(out, 'eve> /mock questions:3')).toMatch(/Option `questions`.*must be at least 5\. Usage: `\/mock \[track\] \[questions\] \[minutes\]`/);
    expect(section(out, 'eve> /mock minutes:90')).toMatch(/Option `minutes`.*must be at most 60\./);
    expect(section(out, 'eve> /mock quantum')).toMatch(/did not understand "quantum"\. Expected track: mixed, math, /);
    expect(section(out, 'eve> /mock stop')).toMatch(/No mock interview is running/);
    expect(section(out, 'eve> /mock history')).toMatch(/No finished mock interviews yet/);
    const k = communityKeys(c);
    expect(await app.redis.exists(k.userMock('console:eve'), k.userMocks('console:eve'), k.user('console:eve'))).toBe(0);
  });
});
