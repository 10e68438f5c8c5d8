import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastLetter } from '../../support/script.js';
import { CHOICE_EMOJI } from '../../../src/core/action-ids.js';
import type { Reply } from '../../../src/core/reply.js';
import { jobIds } from '../../../src/delivery/jobs.js';
import { postIdFor } from '../../../src/store/posts.js';
import type { Schedule } from '../../../src/store/schedules.js';
import { questionCard } from '../../../src/views/question.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import { PERMISSIONS, type FakeGuild } from '../../support/fake-discord.js';
import { buttonsOf, isEphemeral, sleep, textOf } from './helpers.js';

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness({ db: 3 });
  h.app.delivery.attach(h.platform.messenger);
});
afterAll(async () => { await h?.stop(); });

/** Runs one slot of a schedule through delivery (post job, REST send, activation, reactions) and returns the post. */
async function runSlot(s: Schedule) {
  const slot = Math.floor(Date.now() / 1000) * 1000;
  await h.app.delivery.enqueueSlot(s, new Date(slot));
  expect(await h.app.delivery.settled('discord', jobIds.post(s.communityId, s.id, slot))).toBe('completed');
  return (await h.app.services.posts.state(s.communityId, postIdFor(jobIds.post(s.communityId, s.id, slot))))!;
}

/** A scheduled question in the guild's channel: the medium (two children) or the hard (coin) choice question. */
async function postChannelQuestion(g: FakeGuild, questionId: 't-two-children' | 't-coin-hard') {
  const communityId = `discord:${g.id}`;
  const s: Schedule = {
    id: h.app.services.scheduleRepo.newId(), communityId, channelId: `discord:${g.channel.id}`, cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC',
    filter: { tracks: [], topics: ['probability'], difficulties: [questionId === 't-coin-hard' ? 'hard' : 'medium'], kinds: ['choice'] },
    windowMinutes: 60, answerMode: 'both', recap: false, paused: false, createdBy: 'discord:1', createdAt: Date.now(),
  };
  await h.app.services.scheduleRepo.save(s);
  const post = await runSlot(s);
  const messageId = post.messageRef!;
  return { post, communityId, messageId, message: h.fake.messages.get(messageId)! };
}

const reactionPuts = (messageId: string) => h.fake.requests.filter((r) => r.route === '/channels/:channel/messages/:message/reactions/:emoji/@me' && r.params.message === messageId);

describe('Discord: channel questions and reactions', () => {
  it('posts a channel question with the option reactions, linked to its post', async () => {
    const g = h.fake.addGuild();
    const { post, communityId, messageId, message } = await postChannelQuestion(g, 't-two-children');
    const sent = h.fake.requests.find((r) => r.route === '/channels/:channel/messages' && r.response?.id === messageId)!;
    expect(sent.params.channel).toBe(g.channel.id);
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });
    expect(sent.body.embeds[0].title).toContain('Question of the day');
    expect(buttonsOf(message).map((b) => b.custom_id)).toEqual([0, 1, 2].map((i) => `ans:${post.id}:${i}`));
    expect(reactionPuts(messageId).map((r) => decodeURIComponent(r.params.emoji!))).toEqual(CHOICE_EMOJI.slice(0, 3));
    expect(await h.app.services.posts.byMessage(communityId, messageId)).toBe(post.id);
    // Discord echoes the bot's own reactions back over the gateway; they must not count as answers.
    await sleep(150);
    expect(await h.app.services.posts.answers(communityId, post.id)).toEqual({});
    expect(h.fake.dmsTo(h.fake.bot)).toEqual([]);
  });

  it('a reaction answers; the first answer counts, later reactions and buttons change nothing and say so', async () => {
    const g = h.fake.addGuild();
    const carol = h.fake.addUser('carol');
    const { post, communityId, message } = await postChannelQuestion(g, 't-two-children');

    const letter = lastLetter(textOf(message), '1/3');
    const emoji = CHOICE_EMOJI['ABC'.indexOf(letter)]!;
    h.fake.react({ guild: g, user: carol, message, emoji });
    const receipt = await h.fake.until(() => h.fake.dmsTo(carol)[0], 5000, 'a DM to carol');
    expect(textOf(receipt)).toContain(`Recorded your answer **${letter}. 1/3**`);
    const dmOpen = h.fake.requests.find((r) => r.route === '/users/@me/channels')!;
    expect(dmOpen.body).toEqual({ recipient_id: carol.id });
    const answers = await h.app.services.posts.answers(communityId, post.id);
    expect(Object.keys(answers)).toEqual([`discord:${carol.id}`]);

    h.fake.react({ guild: g, user: carol, message, emoji: CHOICE_EMOJI.find((e) => e !== emoji)! });
    const second = await h.fake.until(() => h.fake.dmsTo(carol)[1], 5000, 'a second DM');
    expect(textOf(second)).toContain(`You already answered this question with **${letter}. 1/3**`);
    expect(textOf(second)).toContain('Only your first answer counts');

    const press = h.fake.click({ guild: g, user: carol, message, customId: `ans:${post.id}:0` });
    const reply = await h.fake.reply(press);
    expect(isEphemeral(reply)).toBe(true);
    expect(textOf(reply)).toContain('You already answered');
    expect(await h.app.services.posts.answers(communityId, post.id)).toEqual(answers);

    const board = await h.fake.reply(h.fake.slash({ guild: g, user: carol, command: 'leaderboard' }));
    expect(textOf(board)).toMatch(/\*\*Carol\*\*: 20 pts/);
  });

  it('ignores unrelated emoji and unlinked messages; closed DMs do not stop the answer counting', async () => {
    const g = h.fake.addGuild();
    const dave = h.fake.addUser('dave', { dmClosed: true });
    const erin = h.fake.addUser('erin');
    const { post, communityId, message } = await postChannelQuestion(g, 't-coin-hard');

    h.fake.react({ guild: g, user: erin, message, emoji: '👍' });
    const unlinkedId = await h.platform.messenger.post(`discord:${g.channel.id}`, { visibility: 'channel', body: 'Welcome to the study channel' }, 'welcome');
    h.fake.react({ guild: g, user: erin, message: h.fake.messages.get(unlinkedId)!, emoji: '🇦' });

    h.fake.react({ guild: g, user: dave, message, emoji: '🇦' });
    const attempt = await h.fake.waitFor((r) => r.route === '/channels/:channel/messages' && r.status === 403);
    expect(attempt.response).toEqual({ code: 50007, message: 'Cannot send messages to this user' });
    expect(Object.keys(await h.app.services.posts.answers(communityId, post.id))).toEqual([`discord:${dave.id}`]);
    expect(h.fake.dmsTo(erin)).toEqual([]);
    expect(h.logs.some((l) => l.includes('DMs closed'))).toBe(true);
  });

  it('edits a posted message (the reveal)', async () => {
    const g = h.fake.addGuild();
    const { messageId } = await postChannelQuestion(g, 't-two-children');
    await h.platform.messenger.edit(`discord:${g.channel.id}`, messageId, { visibility: 'channel', tone: 'info', title: 'Revealed', body: 'The answer was **B. 1/3**.' });
    const edit = h.fake.requests.find((r) => r.method === 'PATCH' && r.params.message === messageId)!;
    expect(edit.body.embeds[0]).toMatchObject({ title: 'Revealed', description: 'The answer was **B. 1/3**.' });
    expect(edit.body.components).toEqual([]);
  });

  it('a public command reply that shows a post is linked and gets its reactions; announcements follow up', async () => {
    const g = h.fake.addGuild();
    const admin = h.fake.addUser('admin');
    const communityId = `discord:${g.id}`;
    const post = await h.app.services.posts.create({ createdAt: Date.now(), communityId, questionId: 't-two-children', channelId: `discord:${g.channel.id}`, audience: '', closesAt: 0, scheduleId: '', answerMode: 'reactions' });
    const card = questionCard(h.app.bank.get('t-two-children')!, post, { channel: true });
    const reveal: Reply = { visibility: 'channel', tone: 'info', body: 'Yesterday\'s answer: **B**. <@everyone> well done!' };
    const original = h.app.router.dispatch.bind(h.app.router);
    h.app.router.dispatch = async (inv, input) => (input.name === 'help' ? { ...card, announce: [reveal] } : original(inv, input));
    try {
      const cmd = h.fake.slash({ guild: g, user: admin, command: 'help' });
      const shown = await h.fake.reply(cmd);
      expect(isEphemeral(shown)).toBe(false);
      const withResponse = h.fake.requests.find((r) => r.params.id === cmd.id)!;
      expect(withResponse.query.with_response).toBe('true');
      await h.fake.until(() => reactionPuts(shown.id).length === 3, 5000, 'three reactions');
      expect(await h.app.services.posts.byMessage(communityId, shown.id)).toBe(post.id);
      const [announced] = await h.fake.until(() => h.fake.followups(cmd).length ? h.fake.followups(cmd) : undefined);
      expect(isEphemeral(announced!)).toBe(false);
      expect(textOf(announced!)).toContain('Yesterday\'s answer');
      const followReq = h.fake.requests.find((r) => r.route === '/webhooks/:app/:token' && r.params.token === cmd.token)!;
      expect(followReq.body.allowed_mentions).toEqual({ parse: [] });
    } finally {
      h.app.router.dispatch = original;
    }
  });

  it('a gateway redelivery of the same interaction runs the command once', async () => {
    const g = h.fake.addGuild();
    const admin = h.fake.addUser('admin', { permissions: PERMISSIONS.manageGuild });
    const set = h.fake.slash({ guild: g, user: admin, command: 'schedule', sub: 'set', options: { when: 'daily 10:00', topics: 'probability' } });
    await h.fake.reply(set);
    h.fake.dispatch('INTERACTION_CREATE', set.payload);
    const quiz = h.fake.slash({ guild: g, user: admin, command: 'quiz' });
    await h.fake.reply(quiz);
    h.fake.dispatch('INTERACTION_CREATE', quiz.payload);
    await sleep(300);
    const communityId = `discord:${g.id}`;
    expect(await h.app.services.scheduleRepo.list(communityId)).toHaveLength(1);
    expect((await h.app.services.questionStates.seen(communityId, `discord:${admin.id}`)).size).toBe(1);
  });

  it('/schedule set by an admin, then the scheduler posts through Discord, reactions answer, and the reveal edits and posts', async () => {
    const g = h.fake.addGuild();
    const admin = h.fake.addUser('admin', { permissions: PERMISSIONS.manageGuild });
    const frank = h.fake.addUser('frank');
    const communityId = `discord:${g.id}`;
    const set = h.fake.slash({ guild: g, user: admin, command: 'schedule', sub: 'set', options: { when: 'daily 09:00', topics: 'probability', difficulty: 'medium', mode: 'both' } });
    const confirmation = await h.fake.reply(set);
    expect(isEphemeral(confirmation)).toBe(false);
    const [schedule] = await h.app.services.scheduleRepo.list(communityId);
    expect(schedule).toMatchObject({ channelId: `discord:${g.channel.id}` });

    const { id: postId } = await runSlot(schedule!);
    const messageId = await h.fake.until(() => [...h.fake.messages.values()].find((m) => m.channelId === g.channel.id && !m.interactionId && textOf(m).includes('A family has two children'))?.id);
    expect(reactionPuts(messageId)).toHaveLength(3);
    expect(await h.app.services.posts.byMessage(communityId, messageId)).toBe(postId);

    h.fake.react({ guild: g, user: frank, message: h.fake.messages.get(messageId)!, emoji: '🇧' });
    await h.fake.until(() => h.fake.dmsTo(frank)[0], 5000, 'the receipt DM');
    // The reveal job waits for the 8-hour window; run it now.
    const [due] = (await h.app.delivery.dueReveals(Number.MAX_SAFE_INTEGER)).filter((j) => j.data.postId === postId);
    await due!.promote();
    expect(await h.app.delivery.settled('discord', due!.id!)).toBe('completed');
    const edit = await h.fake.waitFor((r) => r.method === 'PATCH' && r.params.message === messageId);
    expect(edit.status).toBe(200);
    const reveal = await h.fake.until(() => [...h.fake.messages.values()].find((m) => m.channelId === g.channel.id && m.id !== messageId && !m.interactionId && /1\/3/.test(textOf(m)) && m.createdAt >= edit.at));
    expect(textOf(reveal)).toContain('Frank');
  });
});
