import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds, type MockJob } from '../../../src/delivery/jobs.js';
import { communityKeys } from '../../../src/store/keys.js';
import { shown } from '../../support/app.js';
import { actionIdsOf, textOf } from '../../support/fake-slack-blocks.js';
import type { Call } from '../../support/fake-slack.js';
import { viewSubmissionPayload } from '../../support/fake-slack-inbound.js';
import { longMockBank, textOfLength } from '../../support/mock-bank.js';
import { expectAcked, Harness } from './harness.js';

/**
 * Mock interviews in Slack, end to end: the real Bolt app against the fake Slack (which refuses, like Slack, any
 * message or modal beyond Block Kit's documented limits), on a bank whose every text is as long as the bank allows.
 * Its own Redis database: the time-out jobs run here.
 */
const ADA = 'UADA00001';
const BO = 'UBO000001';
let h: Harness;
beforeAll(async () => {
  h = await Harness.start('http', {}, { bank: longMockBank(), db: 15 });
  h.app.delivery.attach(h.platform.messenger);
  h.fake.addUser({ id: ADA, name: 'ada', displayName: 'Ada' });
  h.fake.addUser({ id: BO, name: 'bo', displayName: 'Bo' });
});
afterAll(async () => { await h?.close(); });

type How = 'right' | 'wrong' | 'skip';
const OPEN_ANSWER = textOfLength('I would start from the goal and the constraints, then name the trade-off.', 1900);

const squash = (s: string) => s.replace(/\s+/g, ' ');
/** What a message's blocks show (its fallback text aside). */
const shownText = (c: Call) => textOf(c.args.blocks);

/** Clicks a button and returns the bot's answer to it. */
async function click(user: string, actionId: string, opts: { channel?: string } = {}): Promise<Call> {
  const sent = await h.click(user, actionId, { ...opts, ephemeral: !opts.channel });
  expectAcked(sent.ack);
  return h.reply(sent.mark, `the answer to ${actionId}`);
}

/** Answers the question a mock card shows: the right or a wrong option, a number or the open answer through the modal, or Skip. */
async function answerCard(user: string, card: Call, how: How): Promise<Call> {
  const ids = actionIdsOf(card.args);
  const postId = /^m(?:ans|ask|skip):([a-z0-9]{10})/.exec(ids[0]!)![1]!;
  if (how === 'skip') return click(user, `mskip:${postId}`);
  const post = (await h.app.services.posts.get(h.communityId, postId))!;
  const q = h.app.bank.get(post.questionId)!;
  // The prompt and every option are shown in full.
  for (const t of [q.prompt, ...(q.kind === 'choice' ? q.choices.map((c) => c.text) : [])]) expect(squash(shownText(card))).toContain(t);
  if (q.kind === 'choice') {
    const right = shown(h.app, postId, q.id).index;
    return click(user, `mans:${postId}:${how === 'right' ? right : (right + 1) % q.choices.length}`);
  }
  const opened = await click(user, `mask:${postId}`);
  expect(opened.method).toBe('views.open');
  const view = opened.args.view as { callback_id: string; private_metadata: string };
  expect(view.callback_id).toBe(`mfrm:${postId}`);
  const mark = h.fake.calls.length;
  const text = q.kind === 'open' ? OPEN_ANSWER : how === 'right' ? '0.25' : '0.9';
  expectAcked(await h.transport.interactive(viewSubmissionPayload(h.who(user), view, text)));
  return h.reply(mark, 'the answer to the form');
}

/** Runs the user's mock time-out as if its time had come (the delivery clock jumps there). */
async function runTimeout(user: string): Promise<string> {
  const route = h.platform.messenger.route;
  const id = (await h.app.redis.hget(communityKeys(h.communityId).userMock(`slack:${user}`), 'id'))!;
  const job = (await h.app.delivery.job(route, jobIds.mock(h.communityId, `slack:${user}`, id))) as Job<MockJob>;
  h.app.delivery.setClock(() => new Date(job.data.at + 1000));
  try {
    await job.promote();
    return await h.app.delivery.settled(route, job.id!, 10_000, true);
  } finally {
    h.app.delivery.setClock(() => new Date());
  }
}


describe('Slack: /mock', () => {
  it('runs a 15-question mock: buttons, the answer modal, the self-assessment, and a report card within Block Kit limits', async () => {
    // An earlier mock to compare with: one right answer, then stopped (1/5).
    await answerCard(ADA, await h.run(ADA, '/mock', 'questions:5 minutes:10'), 'right');
    expect(textOf((await h.run(ADA, '/mock', 'stop')).args)).toMatch(/report · 1\/5 \(20%\)/);

    let card = await h.run(ADA, '/mock', 'mixed 15 60');
    const plan: How[] = ['right', 'wrong', 'skip', 'right', 'right', 'wrong', 'right', 'right', 'right', 'wrong', 'right', 'right', 'right', 'right', 'right'];
    for (const [i, how] of plan.entries()) {
      expect(card.args.response_type).toBe('ephemeral');
      const text = textOf(card.args);
      expect(text).toMatch(new RegExp(`🎤 Mock interview · question ${i + 1} of 15 · ⏱ (60|59) min left`));
      const ids = actionIdsOf(card.args);
      if (i > 0) expect(ids.at(-1)).toMatch(/^rep:[a-z0-9]{10}$/);
      card = await answerCard(ADA, card, how);
    }

    const assess = squash(shownText(card));
    expect(assess).toContain('self-assessment 1 of 1');
    for (const k of [1, 2, 3, 4, 5, 6]) expect(assess).toContain(textOfLength(`Key point ${k}:`, 200));
    expect(assess).toContain(textOfLength('A model answer:', 1500));
    expect(assess).toContain(squash(OPEN_ANSWER).slice(0, 1000));
    const assessIds = actionIdsOf(card.args);
    expect(assessIds.map((id) => id.split(':')[0])).toEqual(['msa', 'msa', 'msa', 'rep']);
    const report = await click(ADA, assessIds[0]!);

    expect(report.args.response_type).toBe('ephemeral');
    const text = shownText(report);
    expect(text).toContain('🎤 Mock interview report · 11/15 (73%)');
    expect(text).toContain('Noted: *got*');
    expect(text).toMatch(/🏁 All questions answered · mixed · 15 questions · took \d+s of 60 min\./);
    const lines = text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(15);
    for (const l of lines) expect(l).toMatch(/ · \d+s$/);
    expect(lines[2]).toMatch(/^3\. ⏭️ skipped · /);
    expect(text).toMatch(/\*Score by track\*\n(\*\w+\* [\d.]+\/\d+ \(\d+%\)( · your earlier mocks: \d+%)?\n){4,}/);
    expect(text).toContain('your earlier mocks:');
    expect(text).toMatch(/\*Work on\*\n\*([a-z-]+)\* \(\w+, [\d.]+\/\d+\): `\/quiz \1`/);
    expect(text).toMatch(/\*Compared with your previous mocks\*\n▲ 53 points vs your last mock \(20% on .+\)\. Best 20%, average 20% over 1 earlier mock\./);
    const reportIds = actionIdsOf(report.args);
    expect(reportIds).toHaveLength(15);
    expect(reportIds.every((id) => /^rep:[a-z0-9]{10}$/.test(id))).toBe(true);
    const menu = await click(ADA, reportIds[14]!);
    expect(textOf(menu.args)).toContain('What is wrong with this question?');

    const history = textOf((await h.run(ADA, '/mock', 'history')).args);
    expect(history).toMatch(/mixed · 15 questions · .* · \*11\/15 \(73%\)\* · all questions answered\n.*mixed · 5 questions · .* \*1\/5 \(20%\)\* · stopped early/);
    expect(h.fake.problems, 'every message and modal was within Block Kit limits').toEqual([]);
  });

  it('at the deadline the report card arrives as a direct message, and the mock is in /mock history', async () => {
    await answerCard(BO, await h.run(BO, '/mock', '6 15'), 'wrong');
    const mark = h.fake.calls.length;
    expect(await runTimeout(BO)).toBe('completed');
    const [dm] = h.fake.since(mark, 'chat.postMessage');
    expect(dm!.args.channel).toBe(BO);
    const text = textOf(dm!.args);
    expect(text).toContain('🎤 Mock interview report · 0/6 (0%)');
    expect(text).toMatch(/⏰ Time is up · mixed · 6 questions · took 15m 00s of 15 min\./);
    expect(actionIdsOf(dm!.args)).toHaveLength(2);
    // Its Report button works from the app's direct messages.
    const menu = await click(BO, actionIdsOf(dm!.args)[0]!, { channel: h.fake.dmChannel(BO) });
    expect(textOf(menu.args)).toContain('What is wrong with this question?');
    expect(textOf((await h.run(BO, '/mock', 'history')).args)).toMatch(/mixed · 6 questions · 15m 00s of 15 min · \*0\/6 \(0%\)\* · time is up/);
    expect(h.fake.problems).toEqual([]);
  });
});
