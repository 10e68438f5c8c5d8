import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys } from '../../src/store/keys.js';
import { reviewRating } from '../../src/domain/hints.js';
import { periodsAt } from '../../src/domain/calendar.js';
import { decodeAnswer, encodeAnswer } from '../../src/domain/answer-record.js';
import { testApp, invocationFor, freshCommunity, answerOption } from '../support/app.js';
import { newPostId } from '../../src/store/posts.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

function post(c: string, questionId: string, audience: string, extra: { closesAt?: number } = {}) {
  return app.services.posts.create({
    createdAt: Date.now(), communityId: c, questionId, channelId: 'console:main', audience, closesAt: extra.closesAt ?? 0, scheduleId: '', answerMode: 'buttons',
  });
}

describe('hints on demand', () => {
  it('are not printed on the card: a Hint button shows them privately', async () => {
    const c = freshCommunity();
    const card = await app.services.quiz.ask(invocationFor(c, 'ada'), 'probability', 'hard');
    expect(JSON.stringify(card)).not.toContain('which pattern has to start over');
    const hint = card.buttons!.find((b) => b.label.includes('Hint'))!;
    expect(hint.actionId).toBe(`hint:${card.postId}`);
    const shown = await app.router.action(invocationFor(c, 'ada'), hint.actionId);
    expect(shown.visibility).toBe('private');
    expect(shown.body).toBe('After a miss, which pattern has to start over?');
    expect(shown.footer).toMatch(/now scores 15 points instead of 30/);
    // A question without a hint gets no button, and asking for one says so.
    const plain = await app.services.quiz.ask(invocationFor(c, 'ada'), 'probability', 'medium');
    expect(plain.buttons!.some((b) => b.label.includes('Hint'))).toBe(false);
    expect((await app.router.action(invocationFor(c, 'ada'), `hint:${plain.postId}`)).body).toMatch(/has no hint/);
  });

  it('halve the points once, are recorded per user and post, and show in /stats', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const ada = invocationFor(c, 'ada');
    const p = await post(c, 't-coin-hard', 'console:ada');
    // A double click takes the hint once.
    const taken = await Promise.all([app.router.action(ada, `hint:${p.id}`), app.router.action(ada, `hint:${p.id}`)]);
    expect(taken.map((r) => r.footer).sort()).toEqual(['A correct answer now scores 15 points instead of 30.', 'You took this hint already; nothing more changes.']);
    expect(await app.redis.hget(k.user('console:ada'), 'hints')).toBe('1');
    expect(await app.redis.hkeys(k.postHints(p.id))).toEqual(['console:ada']);

    const result = await answerOption(app, ada, p.id, 0);
    expect(result.title).toBe('✅ Correct! +15 points (half, after the hint).');
    expect(decodeAnswer(await app.redis.hget(k.postAnswers(p.id), 'console:ada'))).toMatchObject({ c: true, p: 30, h: 1 });
    expect(await app.redis.hmget(k.user('console:ada'), 'points', 'hints', 'hinted', 'hintedOk')).toEqual(['15', '1', '1', '1']);
    expect(await app.redis.zscore(k.board('all'), 'console:ada')).toBe('15');
    expect(await app.redis.hmget(k.questionStats, 'a:t-coin-hard', 'c:t-coin-hard', 'h:t-coin-hard')).toEqual(['1', '1', '1']);

    // After answering, the hint changes nothing; someone who did not take it scores in full and has no "h".
    expect((await app.router.action(ada, `hint:${p.id}`)).footer).toMatch(/already answered/);
    expect(await app.redis.hget(k.user('console:ada'), 'hints')).toBe('1');
    const bo = invocationFor(c, 'bo');
    const q = await post(c, 't-coin-hard', 'console:bo');
    expect((await answerOption(app, bo, q.id, 0)).title).toBe('✅ Correct! +30 points.');
    expect(decodeAnswer(await app.redis.hget(k.postAnswers(q.id), 'console:bo'))).not.toHaveProperty('h');

    const stats = await app.router.dispatch(ada, { name: 'stats', text: '' });
    expect(stats.fields).toContainEqual({ name: 'Hints', value: '1 taken · 1 answer after a hint, 1 correct', inline: true });
    const none = await app.router.dispatch(bo, { name: 'stats', text: '' });
    expect(none.fields).toContainEqual({ name: 'Hints', value: 'none taken', inline: true });
  });

  it('refuse someone else\'s question and record nothing', async () => {
    const c = freshCommunity();
    const p = await post(c, 't-coin-hard', 'console:ada');
    const r = await app.router.action(invocationFor(c, 'eve'), `hint:${p.id}`);
    expect(r.tone).toBe('error');
    expect(r.body).toMatch(/someone else/);
    expect(await app.redis.exists(communityKeys(c).postHints(p.id))).toBe(0);
    expect((await app.router.action(invocationFor(c, 'eve'), 'hint:../../x')).body).toMatch(/not valid/);
  });

  it('on channel questions follow the community setting, and halve channel answers too', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const admin = invocationFor(c, 'root', { isAdmin: true });
    const ch = await post(c, 't-dice-sum', '', { closesAt: Date.now() + 3_600_000 });
    const cy = invocationFor(c, 'cy');
    expect((await app.router.dispatch(admin, { name: 'settings', sub: 'hints', text: 'off' })).body).toMatch(/no longer offer a hint/);
    const refused = await app.router.dispatch(cy, { name: 'hint', text: '' });
    expect(refused.body).toMatch(/turned off for channel questions/);
    expect(await app.redis.exists(k.postHints(ch.id))).toBe(0);
    // A practice question still offers its hint, and /hint then goes to it.
    const mine = await app.services.quiz.ask(cy, 'probability', 'hard');
    expect(mine.buttons!.some((b) => b.actionId === `hint:${mine.postId}`)).toBe(true);
    expect((await app.router.dispatch(cy, { name: 'hint', text: '' })).body).toMatch(/start over/);

    await app.router.dispatch(admin, { name: 'settings', sub: 'hints', text: 'on' });
    const dee = invocationFor(c, 'dee');
    const hint = await app.router.dispatch(dee, { name: 'hint', text: '' });
    expect(hint.body).toBe('Count the pairs that sum to 7 out of 36.');
    const receipt = await app.services.quiz.answer(dee, ch.id, { text: '1/6' });
    expect(receipt.body).toMatch(/You took the hint, so a correct answer scores half/);
    expect(await app.redis.hget(k.user('console:dee'), 'points')).toBe('5');
  });

  it('show as a button on scheduled channel questions unless channel hints are off', async () => {
    const c = freshCommunity();
    const fire = async () => {
      const prepared = await app.services.scheduledPosts.preparePost({
        id: app.services.scheduleRepo.newId(), communityId: c, channelId: 'console:study', cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC',
        filter: { tracks: [], topics: ['probability'], difficulties: ['hard'], kinds: [] }, windowMinutes: 60, answerMode: 'reactions', recap: false,
        paused: false, createdBy: 'console:root', createdAt: Date.now(),
      }, newPostId(), new Date());
      return prepared!.card;
    };
    const on = await fire();
    expect(on.buttons?.map((b) => b.actionId)).toEqual([`hint:${on.postId}`]);
    expect(on.footer).not.toContain('start over');
    await app.router.dispatch(invocationFor(c, 'root', { isAdmin: true }), { name: 'settings', sub: 'hints', text: 'off' });
    const off = await fire();
    expect(off.buttons).toEqual([]);
    expect(off.footer).not.toMatch(/hint/i);
  });

  it('/hint picks the question still waiting, or asks which one when both are', async () => {
    const c = freshCommunity();
    const ch = await post(c, 't-dice-sum', '', { closesAt: Date.now() + 3_600_000 });
    const fay = invocationFor(c, 'fay');
    const mine = await app.services.quiz.ask(fay, 'probability', 'hard');
    const pick = await app.router.dispatch(fay, { name: 'hint', text: '' });
    expect(pick.buttons?.map((b) => b.actionId)).toEqual([`hint:${ch.id}`, `hint:${mine.postId}`]);
    await app.services.quiz.answer(fay, ch.id, { text: '0.5' });
    expect((await app.router.dispatch(fay, { name: 'hint', text: '' })).body).toMatch(/start over/);
    const lone = freshCommunity();
    expect((await app.router.dispatch(invocationFor(lone, 'gil'), { name: 'hint', text: '' })).body).toMatch(/no open question/);
  });

  it('rate a correct answer after a hint Hard', () => {
    expect([reviewRating(false, false), reviewRating(false, true), reviewRating(true, false), reviewRating(true, true), reviewRating(undefined, true)]).toEqual([1, 1, 3, 2, 0]);
  });
});

describe('the hint mark in the stored answer', () => {
  it('keeps the record readable', async () => {
    const repo = app.services.answers;
    const c = freshCommunity();
    const k = communityKeys(c);
    for (const record of [encodeAnswer({ g: { kind: 'numeric', given: 0.5, correct: false }, c: false, p: 0 }), encodeAnswer({ g: { kind: 'open', text: 'a, b | c' }, p: 0 })]) {
      const p = await post(c, 't-dice-sum', 'console:hal');
      await app.services.feedback.hint(invocationFor(c, 'hal'), p.id);
      const out = await repo.record({
        communityId: c, postId: p.id, userId: 'console:hal', displayName: 'hal', questionId: 't-dice-sum', track: 'math',
        record, correct: false, points: 0, today: 20_000, periods: periodsAt(new Date(), 'UTC'), now: Date.now(),
      });
      expect(out).toMatchObject({ status: 'ok', hinted: true });
      expect(decodeAnswer(await app.redis.hget(k.postAnswers(p.id), 'console:hal'))).toEqual({ ...decodeAnswer(record), h: 1 });
    }
  });
});
