import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds, type MockJob } from '../../../src/delivery/jobs.js';
import { ANSWER_INPUT_ID } from '../../../src/platforms/discord/render.js';
import { communityKeys } from '../../../src/store/keys.js';
import { shown } from '../../support/app.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import type { FakeGuild, FakeMessage, FakeUser } from '../../support/fake-discord.js';
import { embedLength } from '../../support/fake-discord-limits.js';
import { longMockBank, textOfLength } from '../../support/mock-bank.js';
import { buttonsOf, isEphemeral, textOf } from './helpers.js';

/**
 * Mock interviews on Discord, end to end: the real discord.js client against the fake Discord (which answers like
 * Discord, with 400 Invalid Form Body, to anything beyond its documented limits), on a bank whose every text is as
 * long as the bank allows. Its own Redis database: the time-out jobs run here.
 */
let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness({ db: 14, bank: longMockBank() });
  h.app.delivery.attach(h.platform.messenger);
});
afterAll(async () => { await h?.stop(); });

type How = 'right' | 'wrong' | 'skip';
const OPEN_ANSWER = textOfLength('I would start from the goal and the constraints, then name the trade-off.', 1900);

/** Nothing the bot sent was refused: every response, edit and message was within Discord's limits. */
function expectNoRefusals(): void {
  expect(h.fake.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.route} ${r.status} ${JSON.stringify(r.response)}`)).toEqual([]);
}

function withinLimits(m: FakeMessage): void {
  expect(m.components.length).toBeLessThanOrEqual(5);
  for (const row of m.components as { components: unknown[] }[]) expect(row.components.length).toBeLessThanOrEqual(5);
  for (const e of m.embeds) expect(embedLength(e)).toBeLessThanOrEqual(6000);
}

/** Answers the question a mock card shows: the right or a wrong option, a number or the open answer through the modal, or Skip. */
async function answerCard(g: FakeGuild, user: FakeUser, card: FakeMessage, how: How): Promise<FakeMessage> {
  const ids = buttonsOf(card).map((b) => b.custom_id);
  const postId = /^m(?:ans|ask|skip):([a-z0-9]{10})/.exec(ids[0]!)![1]!;
  if (how === 'skip') return h.fake.reply(h.fake.click({ guild: g, user, message: card, customId: `mskip:${postId}` }));
  const post = (await h.app.services.posts.get(`discord:${g.id}`, postId))!;
  const q = h.app.bank.get(post.questionId)!;
  // The prompt and every option are shown in full.
  for (const t of [q.prompt, ...(q.kind === 'choice' ? q.choices.map((c) => c.text) : [])]) expect(textOf(card)).toContain(t);
  if (q.kind === 'choice') {
    const right = shown(h.app, postId, q.id).index;
    const choice = how === 'right' ? right : (right + 1) % q.choices.length;
    return h.fake.reply(h.fake.click({ guild: g, user, message: card, customId: `mans:${postId}:${choice}` }));
  }
  const ask = h.fake.click({ guild: g, user, message: card, customId: `mask:${postId}` });
  const modal = await h.fake.response(ask);
  expect(modal.type).toBe(9);
  expect(modal.data.custom_id).toBe(`mfrm:${postId}`);
  const text = q.kind === 'open' ? OPEN_ANSWER : how === 'right' ? '1/4' : '0.9';
  return h.fake.reply(h.fake.submitModal({ guild: g, user, shownBy: ask, values: { [ANSWER_INPUT_ID]: text } }));
}

/** Runs the user's mock time-out as if its time had come (the delivery clock jumps there). */
async function runTimeout(g: FakeGuild, user: FakeUser, afterMs = 1000): Promise<string> {
  const community = `discord:${g.id}`;
  const id = (await h.app.redis.hget(communityKeys(community).userMock(`discord:${user.id}`), 'id'))!;
  const job = (await h.app.delivery.job('discord', jobIds.mock(community, `discord:${user.id}`, id))) as Job<MockJob>;
  h.app.delivery.setClock(() => new Date(job.data.at + afterMs));
  try {
    await job.promote();
    return await h.app.delivery.settled('discord', job.id!, 10_000, true);
  } finally {
    h.app.delivery.setClock(() => new Date());
  }
}

describe('Discord: /mock', () => {
  it('runs a 15-question mock: buttons, the answer modal, the self-assessment, and a report card within Discord\'s limits', async () => {
    const g = h.fake.addGuild();
    const ada = h.fake.addUser('ada');
    // An earlier mock to compare with: one right answer, then stopped (1/5).
    const earlier = await h.fake.reply(h.fake.slash({ guild: g, user: ada, command: 'mock', options: { questions: 5, minutes: 10 } }));
    await answerCard(g, ada, earlier, 'right');
    const stopped = await h.fake.reply(h.fake.slash({ guild: g, user: ada, command: 'mock', options: { track: 'stop' } }));
    expect(textOf(stopped)).toMatch(/report · 1\/5 \(20%\)/);

    let card = await h.fake.reply(h.fake.slash({ guild: g, user: ada, command: 'mock', options: { track: 'mixed', questions: 15, minutes: 60 } }));
    const plan: How[] = ['right', 'wrong', 'skip', 'right', 'right', 'wrong', 'right', 'right', 'right', 'wrong', 'right', 'right', 'right', 'right', 'right'];
    for (const [i, how] of plan.entries()) {
      expect(isEphemeral(card)).toBe(true);
      withinLimits(card);
      expect(card.embeds[0].title).toMatch(new RegExp(`^🎤 Mock interview · question ${i + 1} of 15 · ⏱ (60|59) min left$`));
      const labels = buttonsOf(card).map((b) => b.label);
      expect(labels).toContain('Skip');
      if (i > 0) expect(labels.at(-1)).toBe(`🚩 Report Q${i}`);
      card = await answerCard(g, ada, card, how);
    }

    // The final prompt was open: its answer is compared with the key points, all of them shown in full.
    withinLimits(card);
    const assess = textOf(card);
    expect(card.embeds[0].title).toBe('🎤 Mock interview · self-assessment 1 of 1');
    expect(assess).toContain('📝 Question 15: answer recorded.');
    for (const k of [1, 2, 3, 4, 5, 6]) expect(assess).toContain(textOfLength(`Key point ${k}:`, 200));
    // The model answer (1500 characters) goes on in a second field rather than being cut.
    expect(assess.replace(/\u200b/g, '').replace(/\s+/g, ' ')).toContain(textOfLength('A model answer:', 1500));
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['✅ Got it', '🤔 Partly', '❌ Missed it', '🚩 Report Q15']);
    const report = await h.fake.reply(h.fake.click({ guild: g, user: ada, message: card, customId: buttonsOf(card)[1]!.custom_id }));

    withinLimits(report);
    expect(isEphemeral(report)).toBe(true);
    const text = textOf(report);
    expect(report.embeds[0].title).toBe('🎤 Mock interview report · 10.5/15 (70%)');
    expect(text).toContain('Noted: **partly** for question 15.');
    expect(text).toMatch(/🏁 All questions answered · mixed · 15 questions · took \d+s of 60 min\./);
    // Time per question, for every one of the 15.
    const lines = text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(15);
    for (const l of lines) expect(l).toMatch(/ · \d+s$/);
    expect(lines[1]).toMatch(/^2\. ❌ · /);
    expect(lines[2]).toMatch(/^3\. ⏭️ skipped · /);
    expect(lines[14]).toMatch(/^15\. 🤔 partly · (systems|behavioral) · /);
    const fields = Object.fromEntries((report.embeds[0].fields as { name: string; value: string }[]).map((f) => [f.name, f.value]));
    expect(fields['Score by track']).toMatch(/\*\*\w+\*\* [\d.]+\/\d+ \(\d+%\)/);
    expect(fields['Score by track']!.split('\n').length).toBeGreaterThanOrEqual(4);
    // The topics of the wrong and skipped answers, each with a /quiz suggestion.
    const workOn = fields['Work on']!.split('\n');
    expect(workOn.length).toBeGreaterThanOrEqual(1);
    for (const w of workOn) expect(w).toMatch(/^\*\*([a-z-]+)\*\* \(\w+, [\d.]+\/\d+\): `\/quiz \1`$/);
    expect(fields['Compared with your previous mocks']).toMatch(/^▲ 50 points vs your last mock \(20% on .+\)\. Best 20%, average 20% over 1 earlier mock\.$/);
    expect(fields['Score by track']).toContain('your earlier mocks:');
    // A Report button per question: 15 in three rows.
    expect(buttonsOf(report).map((b) => b.label)).toEqual(Array.from({ length: 15 }, (_, i) => `🚩 Report Q${i + 1}`));
    expect(report.components).toHaveLength(3);
    const menu = await h.fake.reply(h.fake.click({ guild: g, user: ada, message: report, customId: buttonsOf(report)[1]!.custom_id }));
    expect(menu.embeds[0].title).toBe('🚩 What is wrong with this question?');

    const history = textOf(await h.fake.reply(h.fake.slash({ guild: g, user: ada, command: 'mock', options: { track: 'history' } })));
    expect(history).toMatch(/mixed · 15 questions · .* · \*\*10\.5\/15 \(70%\)\*\* · all questions answered\n.*mixed · 5 questions · .* \*\*1\/5 \(20%\)\*\* · stopped early/);
    expect(history).toContain('Average 45% over 2 mocks; best 70%.');
    expectNoRefusals();
  });

  it('at the deadline, a mock waiting for its self-assessment is asked about by DM; the DM\'s buttons finish it', async () => {
    const g = h.fake.addGuild();
    const bo = h.fake.addUser('bo');
    let card = await h.fake.reply(h.fake.slash({ guild: g, user: bo, command: 'mock', options: { questions: 5, minutes: 10 } }));
    for (const how of ['right', 'right', 'wrong', 'right', 'right'] as How[]) card = await answerCard(g, bo, card, how);
    expect(card.embeds[0].title).toBe('🎤 Mock interview · self-assessment 1 of 1');

    expect(await runTimeout(g, bo)).toBe('delayed');
    const [dm] = h.fake.dmsTo(bo);
    withinLimits(dm!);
    expect(textOf(dm!)).toContain('⏰ **Your mock\'s time is up.** Mark your open answers within 60 minutes');
    expect(textOf(dm!)).toContain(textOfLength('Key point 6:', 200));
    const ids = buttonsOf(dm!).map((b) => b.custom_id);
    expect(ids.every((id) => id.startsWith(`@discord:${g.id}|`) && id.length <= 100)).toBe(true);
    const sent = h.fake.requests.find((r) => r.route === '/channels/:channel/messages' && r.response?.id === dm!.id)!;
    expect(sent.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });

    // "Got it", pressed in the DM: the report card is the answer, and the mock is filed.
    const report = await h.fake.reply(h.fake.clickInDm({ user: bo, message: dm!, customId: ids[0]!, channel: h.fake.dmChannel(bo) }));
    withinLimits(report);
    expect(report.embeds[0].title).toBe('🎤 Mock interview report · 4/5 (80%)');
    expect(buttonsOf(report).every((b) => b.custom_id.startsWith(`@discord:${g.id}|rep:`))).toBe(true);
    const k = communityKeys(`discord:${g.id}`);
    expect(await h.app.redis.exists(k.userMock(`discord:${bo.id}`))).toBe(0);
    expect(await h.app.redis.llen(k.userMocks(`discord:${bo.id}`))).toBe(1);
    expectNoRefusals();
  });

  it('an abandoned mock is reported by DM at its deadline and is in /mock history; its Report buttons work from the DM', async () => {
    const g = h.fake.addGuild();
    const cy = h.fake.addUser('cy');
    const card = await h.fake.reply(h.fake.slash({ guild: g, user: cy, command: 'mock', options: { questions: 6, minutes: 15 } }));
    await answerCard(g, cy, card, 'wrong');

    expect(await runTimeout(g, cy)).toBe('completed');
    const [dm] = h.fake.dmsTo(cy);
    withinLimits(dm!);
    expect(dm!.embeds[0].title).toBe('🎤 Mock interview report · 0/6 (0%)');
    expect(textOf(dm!)).toMatch(/⏰ Time is up · mixed · 6 questions · took 15m 00s of 15 min\./);
    expect(textOf(dm!)).toMatch(/\n2\. ⏰ no answer · .* · 15m 00s\n3\. ➖ not reached/);
    const history = textOf(await h.fake.reply(h.fake.slash({ guild: g, user: cy, command: 'mock', options: { track: 'history' } })));
    expect(history).toMatch(/mixed · 6 questions · 15m 00s of 15 min · \*\*0\/6 \(0%\)\*\* · time is up/);

    const [q1] = buttonsOf(dm!);
    expect(q1!.label).toBe('🚩 Report Q1');
    const menu = await h.fake.reply(h.fake.clickInDm({ user: cy, message: dm!, customId: q1!.custom_id, channel: h.fake.dmChannel(cy) }));
    expect(menu.embeds[0].title).toBe('🚩 What is wrong with this question?');
    // Someone who never used the bot in that server cannot act there from a DM.
    const stranger = h.fake.addUser('stranger');
    const forged = await h.fake.reply(h.fake.clickInDm({ user: stranger, message: dm!, customId: q1!.custom_id, channel: h.fake.dmChannel(stranger) }));
    expect(textOf(forged)).toContain('works in server channels');
    expectNoRefusals();
  });
});
