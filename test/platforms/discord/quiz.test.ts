import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastLetter } from '../../support/script.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import type { FakeGuild, FakeUser } from '../../support/fake-discord.js';
import { buttonsOf, callbackOf, isEphemeral, textOf } from './helpers.js';

let h: DiscordHarness;
beforeAll(async () => { h = await startDiscordHarness(); });
afterAll(async () => { await h?.stop(); });

/** /quiz for one (topic, difficulty) pair: the test bank has exactly one question for each. */
async function quiz(guild: FakeGuild, user: FakeUser, topic: string, difficulty: string) {
  const cmd = h.fake.slash({ guild, user, command: 'quiz', options: { topic, difficulty } });
  return h.fake.reply(cmd);
}

describe('Discord: personal quiz', () => {
  it('/quiz -> button answer -> ephemeral confirmation -> /leaderboard shows the points', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const card = await quiz(g, alice, 'probability', 'medium');
    expect(isEphemeral(card)).toBe(true);
    expect(textOf(card)).toContain('A family has two children');
    const buttons = buttonsOf(card);
    expect(buttons.map((b) => b.label)).toEqual(['A', 'B', 'C']);
    for (const b of buttons) expect(b.custom_id).toMatch(/^ans:[a-z0-9]{12}:[0-2]$/);

    const right = 'ABC'.indexOf(lastLetter(textOf(card), '1/3'));
    const press = h.fake.click({ guild: g, user: alice, message: card, customId: buttons[right]!.custom_id });
    const confirmation = await h.fake.reply(press);
    expect(isEphemeral(confirmation)).toBe(true);
    expect(textOf(confirmation)).toMatch(/Correct!.*\+20 points/);
    const cb = callbackOf(h.fake, press)!;
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.allowed_mentions).toEqual({ parse: [] });

    const lb = h.fake.slash({ guild: g, user: alice, command: 'leaderboard' });
    const board = await h.fake.reply(lb);
    expect(isEphemeral(board)).toBe(false);
    expect(textOf(board)).toMatch(/🥇 \*\*Alice\*\*: 20 pts/);
    expect(callbackOf(h.fake, lb)!.body.data.flags ?? 0).toBe(0);

    // Someone else's stats are public; the user option arrives typed and namespaced.
    const bob = h.fake.addUser('bob');
    const stats = await h.fake.reply(h.fake.slash({ guild: g, user: bob, command: 'stats', options: { user: alice } }));
    expect(isEphemeral(stats)).toBe(false);
    expect(textOf(stats)).toContain("Alice's stats");
    expect(textOf(stats)).toMatch(/Points\n20/);
  });

  it('a double click counts once and says so', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const card = await quiz(g, alice, 'probability', 'hard');
    const letter = lastLetter(textOf(card), 'HH');
    const a = buttonsOf(card).find((b) => b.label === letter);
    const first = h.fake.click({ guild: g, user: alice, message: card, customId: a!.custom_id });
    const second = h.fake.click({ guild: g, user: alice, message: card, customId: a!.custom_id });
    const replies = await Promise.all([h.fake.reply(first), h.fake.reply(second)]);
    for (const r of replies) expect(isEphemeral(r)).toBe(true);
    const texts = replies.map(textOf);
    expect(texts.filter((t) => /Correct!.*\+30 points/s.test(t))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('You already answered') && t.includes('Only your first answer counts'))).toHaveLength(1);

    // Changing one's mind later changes nothing either.
    const other = h.fake.click({ guild: g, user: alice, message: card, customId: buttonsOf(card).find((b) => b.label !== letter)!.custom_id });
    expect(textOf(await h.fake.reply(other))).toContain(`already answered this question with **${letter}. HH** (correct)`);
    const board = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'leaderboard', options: { period: 'all' } }));
    expect(textOf(board)).toMatch(/\*\*Alice\*\*: 30 pts/);
  });

  it('rejects forged and stale custom ids with a clear ephemeral message and records nothing', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const mallory = h.fake.addUser('mallory');
    const card = await quiz(g, alice, 'probability', 'medium');
    const postId = /^ans:([a-z0-9]{12}):/.exec(buttonsOf(card)[0]!.custom_id)![1]!;

    const cases: [string, RegExp][] = [
      ['ans:../../admin:1', /not valid/],
      [`ans:${postId}:1;DROP`, /not valid/],
      [`ans:${postId}:9`, /not valid/],
      ['sa:zzzzzzzzzz:got', /no longer available/],
      [`ans:${'a'.repeat(10)}:1`, /no longer available/],
      [`ans:${postId}:1`, /sent to someone else/], // alice's personal question, pressed by mallory
    ];
    for (const [customId, expected] of cases) {
      const press = h.fake.click({ guild: g, user: mallory, message: card, customId, forged: true });
      const reply = await h.fake.reply(press);
      expect(isEphemeral(reply), customId).toBe(true);
      expect(textOf(reply), customId).toMatch(expected);
      expect((reply.embeds[0] as { color: number }).color).toBe(0xed4245);
    }
    // The same post id from another server is unknown there (communities never share data).
    const g2 = h.fake.addGuild();
    const elsewhere = h.fake.click({ guild: g2, user: alice, message: card, customId: `ans:${postId}:1`, forged: true });
    expect(textOf(await h.fake.reply(elsewhere))).toMatch(/no longer available/);

    for (const who of [alice, mallory]) expect(await h.app.services.answers.hasAnswered(`discord:${g.id}`, postId, `discord:${who.id}`)).toBe(false);
    const board = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'leaderboard' }));
    expect(textOf(board)).toContain('Nobody has scored yet');
  });

  it('opens a modal for free text: a 4000-character answer is refused clearly, a long one within the limit is recorded', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const card = await quiz(g, alice, 'cnns', 'medium');
    expect(textOf(card)).toContain('Why do CNNs use pooling?');
    const [answerButton] = buttonsOf(card);
    expect(answerButton!.custom_id).toMatch(/^ask:[a-z0-9]{12}$/);
    const postId = answerButton!.custom_id.slice(4);

    const open = h.fake.click({ guild: g, user: alice, message: card, customId: answerButton!.custom_id });
    const modal = await h.fake.response(open);
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(`frm:${postId}`);
    expect(modal.data.components[0].type).toBe(18);
    expect(modal.data.components[0].component).toMatchObject({ type: 4, custom_id: 'answer', style: 2, max_length: 2000, required: true });

    const huge = 'gradient '.repeat(445).slice(0, 4000);
    expect(huge).toHaveLength(4000);
    const tooLong = h.fake.submitModal({ guild: g, user: alice, shownBy: open, values: { answer: huge } });
    const refusal = await h.fake.reply(tooLong);
    expect(isEphemeral(refusal)).toBe(true);
    expect(textOf(refusal)).toMatch(/4000 characters; the limit is 2000/);
    expect(textOf(refusal).length).toBeLessThan(300);
    expect(await h.app.services.answers.hasAnswered(`discord:${g.id}`, postId, `discord:${alice.id}`)).toBe(false);

    const again = h.fake.click({ guild: g, user: alice, message: card, customId: answerButton!.custom_id });
    await h.fake.response(again);
    const long = `${'Pooling shrinks the feature maps. '.repeat(58)}`.slice(0, 1990);
    const submitted = h.fake.submitModal({ guild: g, user: alice, shownBy: again, values: { answer: long } });
    const recorded = await h.fake.reply(submitted);
    expect(isEphemeral(recorded)).toBe(true);
    expect(textOf(recorded)).toContain('Answer recorded: how did you do?');
    expect(buttonsOf(recorded).map((b) => b.custom_id)).toEqual([`sa:${postId}:got`, `sa:${postId}:partly`, `sa:${postId}:missed`, 'next:cnns:medium', `rep:${postId}`]);
    expect(await h.app.services.answers.hasAnswered(`discord:${g.id}`, postId, `discord:${alice.id}`)).toBe(true);

    const assess = h.fake.click({ guild: g, user: alice, message: recorded, customId: `sa:${postId}:got` });
    expect(textOf(await h.fake.reply(assess))).toMatch(/Noted: \*\*got\*\*/);
  });

  it('/answer with no text opens the modal for the current question; the submission is graded', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    await quiz(g, alice, 'cnns', 'easy');
    const cmd = h.fake.slash({ guild: g, user: alice, command: 'answer' });
    const modal = await h.fake.response(cmd);
    expect(modal.type).toBe(9);
    expect(modal.data.components[0].component).toMatchObject({ style: 1, max_length: 100 });
    const result = await h.fake.reply(h.fake.submitModal({ guild: g, user: alice, shownBy: cmd, values: { answer: '216' } }));
    expect(textOf(result)).toMatch(/Correct!.*\+10 points/);

    // With text, /answer answers directly; a second answer is refused.
    const typed = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'answer', options: { text: '215' } }));
    expect(isEphemeral(typed)).toBe(true);
    expect(textOf(typed)).toContain('You already answered');
  });

  it('suggests tracks and topics while typing the quiz topic', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const typing = h.fake.autocomplete({ guild: g, user: alice, command: 'quiz', focused: 'topic', value: 'pro' });
    const res = await h.fake.response(typing);
    expect(res.type).toBe(8);
    expect(res.data.choices).toEqual([{ name: 'probability', value: 'probability' }]);
    const all = await h.fake.response(h.fake.autocomplete({ guild: g, user: alice, command: 'quiz', focused: 'topic', value: '' }));
    expect(all.data.choices.map((c: { value: string }) => c.value).sort()).toEqual(['cnns', 'deep', 'math', 'probability']);
    expect(all.data.choices).toContainEqual({ name: 'math (track)', value: 'math' });
  });
});
