/**
 * The lean layout, through the services: practice questions without post hashes, channel posts compacted after the
 * reveal, finished boards cut to their top, stable question numbers, and the leaderboard read in one round trip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { buildBank } from '../../src/domain/bank.js';
import { calendarAt } from '../../src/domain/calendar.js';
import { decodeTally } from '../../src/domain/tally.js';
import { communityKeys, globalKeys } from '../../src/store/keys.js';
import { QuestionNumbers } from '../../src/store/question-numbers.js';
import { FINISHED_BOARD_SIZE } from '../../src/store/scripts.js';
import { STREAKS_RANKED } from '../../src/store/streak-script.js';
import { TEST_BANK_YAML } from '../support/bank.js';
import { freshCommunity, invocationFor, shown, testApp } from '../support/app.js';
import { streakFromHash } from '../../src/store/streak-fields.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const DAY = 86_400_000;

describe('practice questions', () => {
  it('live in the user hash, one at a time: a newer one replaces the older, whose report and self-assessment still work', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const ivy = invocationFor(c, 'ivy');
    const open = await app.services.quiz.ask(ivy, 'cnns', 'medium'); // the open question
    const long = 'Pooling shrinks the feature maps, which cuts compute and memory, and adds some invariance to small shifts. '.repeat(5);
    const recorded = await app.services.quiz.answerText(ivy, long);
    expect(recorded.title).toBe('Answer recorded: how did you do?');
    // No post hash and no answer hash; the user hash stays a listpack with the answer in it.
    expect(await app.redis.exists(k.post(open.postId!), k.postAnswers(open.postId!))).toBe(0);
    expect(await app.redis.object('ENCODING', k.user('console:ivy'))).toBe('listpack');
    expect((await app.services.quiz.answerText(ivy, 'again')).body).toMatch(/already answered this question with \*\*Pooling shrinks/);

    const newer = await app.services.quiz.ask(ivy, 'deep', 'easy');
    expect(newer.postId).not.toBe(open.postId);
    const late = await app.services.quiz.answer(ivy, open.postId!, { text: 'another answer' }).catch((e: Error) => e);
    expect((late as Error).message).toMatch(/no longer available/);
    expect((await app.router.action(ivy, `sa:${open.postId}:got`)).body).toMatch(/Noted: \*\*got\*\*. \+2 participation points/);
    expect((await app.router.action(ivy, `rep:${open.postId}`)).title).toMatch(/wrong with this question/);
    // Someone else pressing it is told so, and nothing changes.
    const eve = await app.services.quiz.answer(invocationFor(c, 'eve'), newer.postId!, { text: '216' }).catch((e: Error) => e);
    expect((eve as Error).message).toMatch(/sent to someone else/);
    expect(await app.redis.exists(k.user('console:eve'))).toBe(0);
  });

  it('route /answer to the practice question of this channel for a day', async () => {
    const c = freshCommunity();
    const t0 = new Date('2031-07-01T08:00:00Z');
    await app.services.quiz.ask(invocationFor(c, 'jo', { now: t0 }), 'deep', 'easy');
    const tomorrow = new Date(t0.getTime() + DAY + 60_000);
    expect((await app.services.posts.candidates(c, 'console:jo', 'console:main', t0.getTime() + DAY - 60_000)).mine).toBeDefined();
    expect((await app.services.posts.candidates(c, 'console:jo', 'console:other', t0.getTime())).mine).toBeUndefined();
    expect((await app.services.posts.candidates(c, 'console:jo', 'console:main', tomorrow.getTime())).mine).toBeUndefined();
  });
});

describe('channel posts', () => {
  it('keep the counts the reveal shows and drop each answer and hint; an open answer is still self-assessed after it', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const now = Date.now();
    const post = await app.services.posts.create({
      communityId: c, questionId: 't-why-pool', channelId: 'console:main', audience: '', createdAt: now, closesAt: now + 60_000, scheduleId: 's', answerMode: 'buttons',
    });
    await app.services.quiz.answer(invocationFor(c, 'kai'), post.id, { text: 'fewer pixels to compute' });
    await app.services.quiz.answer(invocationFor(c, 'lu'), post.id, { text: 'invariance' });
    const reveal = await app.services.scheduledPosts.prepareReveal(c, post.id, new Date(now + 60_000));
    expect(reveal!.reveal.body).toMatch(/2/);
    await app.services.scheduledPosts.revealed(reveal!.post, 'reveal-1', new Date(now + 60_000));
    expect(await app.redis.exists(k.postAnswers(post.id), k.postHints(post.id))).toBe(0);
    expect(decodeTally(await app.redis.hget(k.post(post.id), 'tally'))).toEqual({ kind: 'open', answered: 2 });
    const kai = invocationFor(c, 'kai', { now: new Date(now + 120_000) });
    expect((await app.services.quiz.selfAssess(kai, post.id, 'partly')).body).toMatch(/Noted: \*\*partly\*\*/);
    expect((await app.services.quiz.selfAssess(kai, post.id, 'got')).body).toMatch(/already marked this one as \*\*partly\*\*/);
    expect((await app.services.quiz.selfAssess(invocationFor(c, 'mo'), post.id, 'got').catch((e: Error) => e) as Error).message).toMatch(/Answer the question first/);
    expect((await app.services.quiz.answer(kai, post.id, { text: 'late' }).catch((e: Error) => e) as Error).message).toMatch(/closed/);
  });
});

describe('boards', () => {
  it('cut a finished week and month to their top entries at the first points of the next', async () => {
    const c = freshCommunity();
    const week1 = new Date('2031-03-26T12:00:00Z'); // Wednesday of ISO week 13, in March
    const p1 = calendarAt(week1, 'UTC').periods;
    const k = communityKeys(c);
    const users = Array.from({ length: FINISHED_BOARD_SIZE + 20 }, (_, i) => `console:p${i}`);
    await app.redis.multi()
      .zadd(k.board('week', p1.week), ...users.flatMap((u, i) => [i, u]))
      .zadd(k.board('month', p1.month), ...users.flatMap((u, i) => [i, u]))
      .expire(k.board('week', p1.week), 3600).exec();
    const week2 = new Date('2031-04-01T12:00:00Z'); // Tuesday of week 14, in April
    const post = await app.services.posts.create({
      communityId: c, questionId: 't-two-children', channelId: 'console:main', audience: '', createdAt: week2.getTime(), closesAt: week2.getTime() + DAY, scheduleId: 's', answerMode: 'buttons',
    });
    await app.services.quiz.answer(invocationFor(c, 'nia', { now: week2 }), post.id, { choice: shown(app, post.id, 't-two-children').index });
    for (const key of [k.board('week', p1.week), k.board('month', p1.month)]) {
      expect(await app.redis.zcard(key)).toBe(FINISHED_BOARD_SIZE);
      expect(await app.redis.zrevrange(key, 0, 0)).toEqual([users.at(-1)]);
    }
    expect(await app.redis.ttl(k.board('week', p1.week))).toBeGreaterThan(3000);
    // Last week's recap still has its top.
    expect(JSON.stringify(await app.services.scheduledPosts.recap(c, p1.week))).toMatch(/p119/);
  });

  it('read the leaderboard in one round trip: top ten with names, the caller\'s shared rank and the size', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const scores = Array.from({ length: 30 }, (_, i) => [`console:m${i}`, 100 - Math.floor(i / 2) * 5] as const);
    await app.redis.multi().zadd(k.board('all'), ...scores.flatMap(([u, s]) => [s, u])).hset(k.names, ...scores.flatMap(([u], i) => [u, `Member ${i}`])).exec();
    const inv = invocationFor(c, 'm25');
    await app.services.settings.get(c); // cached, as it is after the first command
    let commands = 0;
    const send = app.redis.sendCommand.bind(app.redis);
    app.redis.sendCommand = ((...args: Parameters<typeof send>) => { commands++; return send(...args); }) as typeof app.redis.sendCommand;
    try {
      const board = await app.services.boards.leaderboard(inv, 'all', false);
      expect(commands).toBe(1);
      expect(board.body.split('\n')).toHaveLength(10);
      const lines = board.body.split('\n');
      expect(lines.slice(0, 2).sort()).toEqual(['🥇 **Member 0**: 100 pts', '🥇 **Member 1**: 100 pts']);
      expect(lines[2]).toMatch(/^🥉 \*\*Member [23]\*\*: 95 pts$/);
      // m24 and m25 share 40 points: 24 scored more, so both are #25.
      expect(board.footer).toBe('You: #25 with 40 points. 30 players in all.');
    } finally {
      app.redis.sendCommand = send;
    }
  });

  it('rank the highest stored streaks for the streak leaders, and only those', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    await app.redis.zadd(k.streaks, ...Array.from({ length: STREAKS_RANKED }, (_, i) => [2 + (i % 50), `console:s${i}`]).flat());
    const post = await app.services.posts.create({
      communityId: c, questionId: 't-dice-sum', channelId: 'console:main', audience: '', createdAt: Date.now(), closesAt: Date.now() + DAY, scheduleId: 's', answerMode: 'buttons',
    });
    await app.services.quiz.answer(invocationFor(c, 'zed'), post.id, { text: '1/6' });
    expect(await app.redis.zcard(k.streaks)).toBe(STREAKS_RANKED);
    expect(await app.redis.zscore(k.streaks, 'console:zed')).toBeNull(); // a streak of 1 is not among the top 1000
    expect(streakFromHash(await app.redis.hgetall(k.user('console:zed'))).current).toBe(1);
  });
});

describe('question numbers', () => {
  it('never change when questions are added, removed or reordered, and are never reused', async () => {
    const files = Object.entries(TEST_BANK_YAML).map(([path, content]) => ({ path, content }));
    const bank = buildBank(files);
    const ids = bank.questions.map((q) => q.id);
    const first = new QuestionNumbers(app.redis, ids);
    await first.ready();
    // Another bank: reordered, one question removed, one added; two replicas loading it at once.
    const next = [`t-new-${Date.now()}`, ...ids.slice(1).reverse()];
    const [a, b] = [new QuestionNumbers(app.redis, next), new QuestionNumbers(app.redis, next)];
    await Promise.all([a.ready(), b.ready()]);
    for (const id of ids.slice(1)) expect([a.of(id), b.of(id)]).toEqual([first.of(id), first.of(id)]);
    expect(a.of(next[0]!)).toBe(b.of(next[0]!));
    const used = new Set(ids.map((id) => first.of(id)));
    expect(used.has(a.of(next[0]!))).toBe(false);
    expect(a.idOf(first.of(ids[0]!))).toBeUndefined();
    expect(Number(await app.redis.hget(globalKeys.questionNumbers, ids[0]!))).toBe(first.of(ids[0]!));
  });
});
