import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { testApp, invocationFor, freshCommunity, shown } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

/** A channel post of `questionId` in console:main, open for an hour. */
async function channelPost(c: string, questionId: string, at = Date.now()) {
  return app.services.posts.create({
    communityId: c, questionId, channelId: 'console:main', audience: '', createdAt: at, closesAt: at + 3_600_000, scheduleId: 's', answerMode: 'both',
  });
}

const personalPostOf = async (c: string, user: string) => (await app.services.posts.candidates(c, `console:${user}`, 'console:main', Date.now())).mine!;
/** Who answered a post, of the users a test uses. */
const answersOf = async (c: string, postId: string) => {
  const users = ['amy', 'bo', 'cy', 'eve'].map((u) => `console:${u}`);
  const answered = await Promise.all(users.map((u) => app.services.answers.hasAnswered(c, postId, u)));
  return users.filter((_, i) => answered[i]);
};

describe('/answer with a channel question and a personal question both open', () => {
  it('stamps a personal question with the invocation time, not the wall clock', async () => {
    const c = freshCommunity();
    const then = new Date('2031-05-01T10:00:00Z');
    await app.services.quiz.ask(invocationFor(c, 'ivy', { now: then }), 'cnns', 'easy');
    const post = await app.services.posts.get(c, await personalPostOf(c, 'ivy'), 'console:ivy');
    expect(post?.createdAt).toBe(then.getTime());
  });

  it('routes an answer to the only question it fits, whichever is newer', async () => {
    const c = freshCommunity();
    const amy = invocationFor(c, 'amy');
    await app.services.quiz.ask(amy, 'cnns', 'easy'); // numeric: 216
    const channel = await channelPost(c, 't-two-children', Date.now() + 1000); // newer, choice
    const mine = await personalPostOf(c, 'amy');
    // A number is not a choice letter: it answers the personal numeric question although the channel post is newer.
    const r1 = await app.services.quiz.answerText(amy, '216');
    expect(r1.title).toMatch(/Correct! \+10 points/);
    expect(await answersOf(c, mine)).toEqual(['console:amy']);
    expect(await answersOf(c, channel.id)).toEqual([]);
    // A letter fits only the channel post now (the personal one is answered).
    const letter = shown(app, channel.id, 't-two-children').letter;
    const r2 = await app.services.quiz.answerText(amy, letter);
    expect(r2.body).toMatch(new RegExp(`Recorded your answer \\*\\*${letter}\\. 1/3\\*\\*`));
    expect(await answersOf(c, channel.id)).toEqual(['console:amy']);
  });

  it('asks which question when the answer fits both, records nothing until the user picks, and uses the pick once', async () => {
    const c = freshCommunity();
    const bo = invocationFor(c, 'bo');
    const channel = await channelPost(c, 't-two-children');
    await app.services.quiz.ask(bo, 'probability', 'hard'); // choice: HH / HT
    const mine = await personalPostOf(c, 'bo');
    const ask = await app.services.quiz.answerText(bo, 'A');
    expect(ask.title).toBe('Which question is this answer for?');
    expect(ask.visibility).toBe('private');
    expect(ask.buttons?.map((b) => b.label)).toEqual(["Today's channel question", 'Your practice question']);
    expect(await answersOf(c, channel.id)).toEqual([]);
    expect(await answersOf(c, mine)).toEqual([]);
    // Someone else cannot use bo's parked answer.
    const stolen = await app.router.action(invocationFor(c, 'eve'), ask.buttons![1]!.actionId);
    expect(stolen.body).toMatch(/expired or was already used/);
    const picked = await app.router.action(bo, ask.buttons![1]!.actionId);
    expect(picked.title).toMatch(/Correct|Not quite/);
    expect(picked.title).toContain(shown(app, mine, 't-coin-hard').letter === 'A' ? 'Correct' : 'Not quite');
    expect(await answersOf(c, mine)).toEqual(['console:bo']);
    expect(await answersOf(c, channel.id)).toEqual([]);
    // The other button carried the same parked answer; it is gone now.
    const again = await app.router.action(bo, ask.buttons![0]!.actionId);
    expect(again.body).toMatch(/expired or was already used/);
    expect(await answersOf(c, channel.id)).toEqual([]);
  });

  it('keeps the filters of /quiz for "Another question", and offers the next review after a review', async () => {
    const c = freshCommunity();
    const cy = invocationFor(c, 'cy');
    const card = await app.services.quiz.ask(cy, 'deep', 'easy');
    const result = await app.services.quiz.answerText(cy, '216');
    expect(card.body).toContain('3×3 convolution');
    expect(result.buttons?.map((b) => b.label)).toEqual(['Another question', '🚩 Report']);
    expect(result.buttons?.[0]).toMatchObject({ actionId: 'next:deep:easy' });
    const next = await app.router.action(cy, 'next:deep:easy');
    expect(next.body).toContain('3×3 convolution'); // still deep and easy: the only such question
    const review = await app.services.quiz.review(invocationFor(c, 'cy', { now: new Date(Date.now() + 400 * 86_400_000) }));
    expect(review.title).toMatch(/Review/);
  });
});

describe('replayed interactions', () => {
  it('runs a command once per interaction id, across replays', async () => {
    const c = freshCommunity();
    const admin = invocationFor(c, 'root', { isAdmin: true, interactionId: 'discord-1234567890' });
    const first = await app.router.dispatch(admin, { name: 'schedule', text: 'set daily 09:00 tz:UTC' });
    expect(first.title).toMatch(/Schedule [0-9a-f]{8} created/);
    const replay = await app.router.dispatch(admin, { name: 'schedule', text: 'set daily 09:00 tz:UTC' });
    expect(replay.body).toMatch(/already handled/);
    expect(await app.services.scheduleRepo.list(c)).toHaveLength(1);
    const quiz = invocationFor(c, 'root', { interactionId: 'slack-13345224609.738474920.8088930838d88f008e0' });
    await app.router.dispatch(quiz, { name: 'quiz', text: '' });
    await app.router.dispatch(quiz, { name: 'quiz', text: '' });
    expect(await app.services.questionStates.seen(c, 'console:root')).toHaveProperty('size', 1);
  });
});
