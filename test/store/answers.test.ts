import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys } from '../../src/store/keys.js';
import { periodsAt } from '../../src/domain/calendar.js';
import { testApp, invocationFor, freshCommunity, answerOption } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

async function personalPost(communityId: string, user: string, questionId: string) {
  return app.services.posts.create({ createdAt: Date.now(), communityId, questionId, channelId: 'console:main', audience: `console:${user}`, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
}

describe('recording answers', () => {
  it('counts only the first answer; repeats, double clicks and replays change nothing', async () => {
    const c = freshCommunity();
    const post = await personalPost(c, 'ann', 't-two-children');
    const inv = invocationFor(c, 'ann');
    const first = await answerOption(app, inv, post.id, 1);
    expect(first.title).toMatch(/Correct/);
    const k = communityKeys(c);
    const before = await app.redis.hgetall(k.user('console:ann'));
    // A double click (concurrent), a different retry and an exact replay.
    const again = await Promise.all([
      answerOption(app, inv, post.id, 1),
      answerOption(app, inv, post.id, 0),
      app.services.quiz.answer(inv, post.id, { text: 'B' }),
    ]);
    for (const r of again) expect(r.body).toMatch(/already answered/);
    expect(await app.redis.hgetall(k.user('console:ann'))).toEqual(before);
    expect(before.points).toBe('20');
    expect(await app.redis.zscore(k.board('all'), 'console:ann')).toBe('20');
  });

  it('keeps a post\'s answers only as long as the post itself', async () => {
    const c = freshCommunity();
    const post = await personalPost(c, 'tia', 't-two-children');
    await answerOption(app, invocationFor(c, 'tia'), post.id, 1);
    const k = communityKeys(c);
    const postTtl = await app.redis.ttl(k.post(post.id));
    const answersTtl = await app.redis.ttl(k.postAnswers(post.id));
    expect(answersTtl).toBeGreaterThan(0);
    expect(answersTtl).toBeLessThanOrEqual(postTtl);
  });

  it('lets exactly one of many concurrent answers win', async () => {
    const c = freshCommunity();
    const post = await personalPost(c, 'cat', 't-coin-hard');
    const inv = invocationFor(c, 'cat');
    await Promise.all(Array.from({ length: 25 }, (_, i) => answerOption(app, inv, post.id, i % 2)));
    const k = communityKeys(c);
    expect(await app.redis.hget(k.user('console:cat'), 'answered')).toBe('1');
    expect(await app.redis.hlen(k.postAnswers(post.id))).toBe(1);
  });

  it('scores a question at most once per user in a community', async () => {
    const c = freshCommunity();
    const inv = invocationFor(c, 'dan');
    for (let i = 0; i < 3; i++) {
      const post = await personalPost(c, 'dan', 't-two-children');
      await answerOption(app, inv, post.id, 1);
    }
    const k = communityKeys(c);
    expect(await app.redis.hget(k.user('console:dan'), 'points')).toBe('20');
    expect(await app.redis.hget(k.user('console:dan'), 'correct')).toBe('3');
  });

  it('refuses someone else\'s personal question and changes nothing', async () => {
    const c = freshCommunity();
    const post = await personalPost(c, 'eve', 't-two-children');
    const r = await answerOption(app, invocationFor(c, 'mallory'), post.id, 1).catch((e: Error) => e);
    expect((r as Error).message).toMatch(/someone else/);
    expect(await app.redis.exists(communityKeys(c).user('console:mallory'))).toBe(0);
  });

  it('updates week, month and team boards and sets their expiry', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    await app.services.teams.join(invocationFor(c, 'fay'), 'owls');
    const post = await personalPost(c, 'fay', 't-coin-hard');
    const now = new Date();
    await answerOption(app, invocationFor(c, 'fay', { now }), post.id, 0);
    const p = periodsAt(now, 'UTC');
    expect(await app.redis.zscore(k.board('week', p.week), 'console:fay')).toBe('30');
    expect(await app.redis.zscore(k.teamBoard('month', p.month), 'owls')).toBe('30');
    expect(await app.redis.expiretime(k.board('week', p.week))).toBe(p.weekExpireAt);
    expect(await app.redis.expiretime(k.teamBoard('month', p.month))).toBe(p.monthExpireAt);
    expect(await app.redis.ttl(k.board('all'))).toBe(-1);
  });

  it('returns WITHSCORES replies as flat string arrays (RESP3 connection, legacy mapping)', async () => {
    const c = freshCommunity();
    const key = communityKeys(c).board('all');
    await app.redis.zadd(key, 10, 'a', 20, 'b');
    expect(await app.redis.zrevrange(key, 0, -1, 'WITHSCORES')).toEqual(['b', '20', 'a', '10']);
  });
});

describe('teams', () => {
  it('makes being in two teams impossible, even with concurrent joins', async () => {
    const c = freshCommunity();
    const inv = invocationFor(c, 'hal');
    const results = await Promise.allSettled(['red', 'blue', 'green', 'gold'].map((t) => app.services.teams.join(inv, t)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const k = communityKeys(c);
    const team = await app.redis.hget(k.user('console:hal'), 'team');
    const memberships = await Promise.all(['red', 'blue', 'green', 'gold'].map((t) => app.redis.sismember(k.team(t), 'console:hal')));
    expect(memberships.filter(Boolean)).toHaveLength(1);
    expect(await app.redis.sismember(k.team(team!), 'console:hal')).toBe(1);
  });

  it('leaves and rejoins, keeping member counts right', async () => {
    const c = freshCommunity();
    const inv = invocationFor(c, 'ida');
    await app.services.teams.join(inv, 'red');
    await expect(app.services.teams.join(inv, 'blue')).rejects.toThrow(/Leave it first/);
    await app.services.teams.leave(inv);
    await app.services.teams.join(inv, 'blue');
    expect(await app.redis.hgetall(communityKeys(c).teams)).toEqual({ blue: '1' });
    await expect(app.services.teams.join(inv, '!!')).rejects.toThrow(/2-24 characters/);
  });
});
