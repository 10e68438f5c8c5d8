/**
 * Data written by the layout before the packed per-user state, used through the services: it is read as it was,
 * converted on first use, and nothing a study group had (points, streaks, reviews, what was seen and scored) is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { dayNumber } from '../../src/domain/calendar.js';
import { DAY_MS, seedFromBox } from '../../src/domain/fsrs.js';
import { communityKeys } from '../../src/store/keys.js';
import { cardOfRecord, FLAG, hasFlag, levelOf } from '../../src/store/question-state.js';
import { freshCommunity, invocationFor, shown, testApp } from '../support/app.js';
import { streakFromHash } from '../../src/store/streak-fields.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const T0 = new Date('2031-06-02T10:00:00Z'); // a Monday
const at = (c: string, user: string, days = 0) => invocationFor(c, user, { now: new Date(T0.getTime() + days * DAY_MS) });

/** What the layout before wrote for a user who had been playing for a while. */
async function oldUser(c: string, user: string) {
  const k = communityKeys(c);
  const uid = `console:${user}`;
  const today = dayNumber(T0, 'UTC');
  await app.redis.multi()
    .hset(k.user(uid), { answered: 3, correct: 2, points: 30, 't:math:a': 3, 't:math:c': 2, streak: 4, best: 6, lastDay: today - 1, frz: 1 })
    .zadd(k.board('all'), 30, uid)
    .zadd(k.streaks, 4, uid)
    .hset(k.names, uid, user)
    .sadd(k.userSeen(uid), 't-two-children', 't-coin-hard', 't-dice-sum', 'question-long-gone')
    .sadd(k.userScored(uid), 't-two-children', 'open:t-why-pool')
    .hset(k.userReviewCards(uid), 't-two-children', '2.3065,2.11810397,22429,1,0')
    .zadd(k.userReviewDue(uid), T0.getTime() - DAY_MS, 't-two-children', T0.getTime() - 2 * DAY_MS, 't-coin-hard')
    .hset(k.userReviewBoxes(uid), 't-coin-hard', '3')
    .hset(k.userMastery(uid), 't-why-pool', 'partly')
    .lpush(k.userStreakLogList(uid), JSON.stringify({ k: 'start', d: today - 4, s: 1 }), JSON.stringify({ k: 'extend', d: today - 3, s: 2 }),
      JSON.stringify({ k: 'restore', d: today - 2, p: 2, s: 3, by: 'console:root', r: 'the bot was down' }), JSON.stringify({ k: 'extend', d: today - 1, s: 4 }))
    .exec();
  return { k, uid, today };
}

describe('upgrading a running study group', () => {
  it('reads the old state as it was, then converts it once on first use, losing no streak, point or review', async () => {
    const c = freshCommunity();
    const { k, uid } = await oldUser(c, 'ola');

    // Before anything writes: the streak log and stats read the old keys.
    const log = await app.router.dispatch(at(c, 'ola'), { name: 'streak', text: 'log' });
    expect(log.body).toMatch(/restored/i);
    expect(log.footer).toMatch(/Showing 4 of 4/);
    const stats = await app.router.dispatch(at(c, 'ola'), { name: 'stats', text: '' });
    expect(stats.fields).toContainEqual({ name: 'By track', value: '• **math**: 3 answered, 2 correct' });

    // /review reads the old queue (converting it): both questions are due, the Leitner box as the card it stands for.
    const review = await app.services.quiz.review(at(c, 'ola'));
    expect(review.footer).toMatch(/2 due for review \(of 2 in your queue\)/);
    for (const key of [k.userSeen(uid), k.userScored(uid), k.userReviewCards(uid), k.userReviewDue(uid), k.userReviewBoxes(uid), k.userMastery(uid)]) {
      expect(await app.redis.exists(key), key).toBe(0);
    }
    const records = await app.services.questionStates.records(c, uid);
    const rec = (id: string) => records.find((r) => r.qnum === app.services.questionNumbers.of(id))!;
    expect(cardOfRecord(rec('t-two-children'))).toEqual({ s: 2.3065, d: 2.11810397, day: 22429, reps: 1, lapses: 0 });
    expect(rec('t-two-children').dueMs).toBe(T0.getTime() - DAY_MS);
    expect(cardOfRecord(rec('t-coin-hard'))).toEqual(seedFromBox(3, T0.getTime() - 2 * DAY_MS, T0.getTime()));
    expect([hasFlag(rec('t-two-children'), FLAG.scored), hasFlag(rec('t-coin-hard'), FLAG.scored)]).toEqual([true, false]);
    expect(hasFlag(rec('t-why-pool'), FLAG.credited)).toBe(true);
    expect(levelOf(rec('t-why-pool'))).toBe('partly');
    expect(records.filter((r) => hasFlag(r, FLAG.seen)).map((r) => app.services.questionNumbers.idOf(r.qnum)).sort())
      .toEqual(['t-coin-hard', 't-dice-sum', 't-two-children']);

    // An answer today: a question scored before scores nothing, the streak goes on from 4, the log gains a day.
    const post = await app.services.posts.create({
      communityId: c, questionId: 't-two-children', channelId: 'console:main', audience: '', createdAt: T0.getTime(), closesAt: T0.getTime() + DAY_MS,
      scheduleId: 's', answerMode: 'buttons',
    });
    await app.services.quiz.answer(at(c, 'ola'), post.id, { choice: shown(app, post.id, 't-two-children').index });
    expect(await app.redis.hmget(k.user(uid), 'points', 'answered', 'correct', 'streak')).toEqual(['30', '4', '3', null]);
    expect(streakFromHash(await app.redis.hgetall(k.user(uid)))).toMatchObject({ current: 5, best: 6 });
    expect(await app.redis.zscore(k.board('all'), uid)).toBe('30');
    expect(await app.redis.exists(k.userStreakLogList(uid))).toBe(0);
    const after = await app.services.streaks.show(at(c, 'ola'), uid);
    expect(after.body).toMatch(/Current streak: \*\*5\*\* days · best: \*\*6\*\*/);
    const newLog = await app.router.dispatch(at(c, 'ola'), { name: 'streak', text: 'log' });
    expect(newLog.footer).toMatch(/Showing 5 of 5/);
    expect(newLog.body.split('\n')[0]).toMatch(/5/);
    expect(newLog.body).toMatch(/the bot was down/);
    // The per-track counts moved into their two fields.
    const user = await app.redis.hgetall(k.user(uid));
    expect([user.ta, user.tc, user['t:math:a']]).toEqual(['4', '3', undefined]);
    expect((await app.router.dispatch(at(c, 'ola'), { name: 'stats', text: '' })).fields).toContainEqual({ name: 'By track', value: '• **math**: 4 answered, 3 correct' });
    // /quiz avoids what was seen before the upgrade: the only unseen question of the track comes up.
    expect((await app.services.quiz.ask(at(c, 'ola'), 'deep', 'easy')).body).toContain('3×3 convolution');
  });

  it('converts on an answer too, and on a restore, before writing anything', async () => {
    const c = freshCommunity();
    const { k, uid } = await oldUser(c, 'pia');
    const post = await app.services.posts.create({
      communityId: c, questionId: 't-coin-hard', channelId: 'console:main', audience: uid, createdAt: T0.getTime(), closesAt: 0, scheduleId: '', answerMode: 'buttons',
    });
    // Answered right: the Leitner box 3 becomes a card and this answer reviews it (reps 3 -> 4); it scores the first time.
    const r = await app.services.quiz.answer(at(c, 'pia'), post.id, { choice: shown(app, post.id, 't-coin-hard').index });
    expect(r.title).toMatch(/Correct! \+30 points/);
    const rec = (await app.services.questionStates.records(c, uid)).find((x) => x.qnum === app.services.questionNumbers.of('t-coin-hard'))!;
    expect(cardOfRecord(rec)).toMatchObject({ reps: 4, lapses: 0 });
    expect(await app.redis.exists(k.userReviewBoxes(uid))).toBe(0);

    const q = freshCommunity();
    const old = await oldUser(q, 'rex');
    const restored = await app.services.streaks.restore(invocationFor(q, 'root', { isAdmin: true, now: T0 }), old.uid, 9, 'moved servers');
    expect(restored.body).toMatch(/Restored/);
    expect(await app.redis.exists(old.k.userSeen(old.uid), old.k.userStreakLogList(old.uid))).toBe(0);
    expect((await app.services.questionStates.seen(q, old.uid)).size).toBe(3);
    const log = await app.router.dispatch(invocationFor(q, 'rex', { now: T0 }), { name: 'streak', text: 'log' });
    expect(log.footer).toMatch(/Showing 5 of 5/);
  });

  it('keeps posts of the old layout working: a personal question and its answer, an open channel answer self-assessed after the reveal', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const uid = 'console:sam';
    // A personal question from before practice records: a post hash, its answer (JSON) and the "current question" key.
    const personal = await app.services.posts.create({
      communityId: c, questionId: 't-why-pool', channelId: 'console:main', audience: uid, createdAt: T0.getTime(), closesAt: 0, scheduleId: '', answerMode: 'buttons',
    });
    await app.redis.set(k.userCurrent(uid, 'console:main'), personal.id, 'EX', 86_400);
    expect((await app.services.posts.candidates(c, uid, 'console:main', T0.getTime())).mine).toBe(personal.id);
    await app.redis.hset(k.postAnswers(personal.id), uid, JSON.stringify({ g: { kind: 'open', text: 'It shrinks maps' }, p: 0 }));
    const dup = await app.services.quiz.answerText(at(c, 'sam'), 'another try');
    expect(dup.body).toMatch(/already answered this question with \*\*It shrinks maps\*\*/);
    const assessed = await app.services.quiz.selfAssess(at(c, 'sam'), personal.id, 'got');
    expect(assessed.body).toMatch(/Noted: \*\*got\*\*. \+2 participation points/);
    expect((await app.services.quiz.selfAssess(at(c, 'sam'), personal.id, 'missed')).body).toMatch(/already marked this one as \*\*got\*\*/);

    // An open channel question answered before the upgrade and revealed after it: the answers stay for the self-assessment.
    const channel = await app.services.posts.create({
      communityId: c, questionId: 't-why-pool', channelId: 'console:study', audience: '', createdAt: T0.getTime(), closesAt: T0.getTime() + 3_600_000, scheduleId: 's', answerMode: 'buttons',
    });
    await app.redis.hset(k.postAnswers(channel.id), 'console:tom', JSON.stringify({ g: { kind: 'open', text: 'Less compute' }, p: 0 }));
    await app.redis.hincrby(k.post(channel.id), 'n', 1);
    const reveal = await app.services.scheduledPosts.prepareReveal(c, channel.id, new Date(T0.getTime() + 3_600_000));
    await app.services.scheduledPosts.revealed(reveal!.post, 'reveal-msg', new Date(T0.getTime() + 3_600_000));
    expect(await app.redis.hkeys(k.postAnswers(channel.id))).toEqual(['console:tom']);
    const tom = await app.services.quiz.selfAssess(invocationFor(c, 'tom', { now: new Date(T0.getTime() + 4_000_000) }), channel.id, 'partly');
    expect(tom.body).toMatch(/Noted: \*\*partly\*\*/);
  });

  it('moves the activity record of the layout before into the state and drops the old topic tallies', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const uid = 'console:una';
    const today = dayNumber(T0, 'UTC');
    // The old record: the newest day, then 4-bit counters of a 128-day ring (BITFIELD u4).
    const old = Buffer.alloc(4 + 64);
    old.writeUInt32BE(today - 1, 0);
    const put = (day: number, n: number) => {
      const slot = 8 + (day % 128);
      old[slot >> 1] = slot % 2 === 0 ? (old[slot >> 1]! & 0x0f) | (n << 4) : (old[slot >> 1]! & 0xf0) | n;
    };
    put(today - 1, 3);
    put(today - 10, 2);
    put(today - 120, 5); // older than the heatmap: not kept
    await app.redis.multi().set(k.userActivity(uid), old).hset(k.userTopics(uid), 'probability', String(3 * 2 ** 20 + 1)).exec();
    const post = await app.services.posts.create({
      communityId: c, questionId: 't-dice-sum', channelId: 'console:main', audience: uid, createdAt: T0.getTime(), closesAt: 0, scheduleId: '', answerMode: 'buttons',
    });
    await app.services.quiz.answer(at(c, 'una'), post.id, { text: '1/6' });
    expect(await app.redis.exists(k.userActivity(uid), k.userTopics(uid))).toBe(0);
    const model = await app.services.progress.model(c, uid, T0);
    const counts = Object.fromEntries(model.heatmap.filter((h) => h.count > 0).map((h) => [h.day - today, h.count]));
    expect(counts).toEqual({ '-10': 2, '-1': 3, 0: 1 });
  });
});
