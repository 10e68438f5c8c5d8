import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys } from '../../src/store/keys.js';
import { testApp, invocationFor, freshCommunity, answerOption } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const DAY = 86_400_000;

describe('/review', () => {
  it('brings a missed question back the next day and a known one later, growing the interval', async () => {
    const c = freshCommunity();
    const t0 = new Date('2031-02-03T10:00:00Z');
    const at = (days: number) => invocationFor(c, 'rae', { now: new Date(t0.getTime() + days * DAY) });
    const post = (q: string) => app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: q, channelId: 'console:main', audience: 'console:rae', closesAt: 0, scheduleId: '', answerMode: 'buttons' });
    const empty = await app.router.dispatch(at(0), { name: 'review', text: '' });
    expect(empty.body).toMatch(/review queue is empty/);

    await answerOption(app, at(0), (await post('t-two-children')).id, 0); // missed
    await answerOption(app, at(0), (await post('t-coin-hard')).id, 0);    // right
    const due = app.redis.zrange.bind(app.redis);
    const k = communityKeys(c);
    expect(await due(k.userReviewDue('console:rae'), '0', '-1', 'WITHSCORES')).toEqual([
      't-coin-hard', String(t0.getTime() + DAY), 't-two-children', String(t0.getTime() + DAY),
    ]);
    expect((await app.router.dispatch(at(0.5), { name: 'review', text: '' })).body).toMatch(/Nothing is due for review/);

    const r1 = await app.router.dispatch(at(1), { name: 'review', text: '' });
    expect(r1.title).toMatch(/^🔁 Review · /);
    expect(r1.footer).toMatch(/2 due for review \(of 2 in your queue\)/);
    // Getting the coin question right again moves it to box 2 (3 days).
    await answerOption(app, at(1), (await post('t-coin-hard')).id, 0);
    expect(await app.redis.zscore(k.userReviewDue('console:rae'), 't-coin-hard')).toBe(String(t0.getTime() + 4 * DAY));
    expect(await app.redis.hget(k.userReviewBoxes('console:rae'), 't-coin-hard')).toBe('2');
    // Missing it resets to box 1.
    await answerOption(app, at(4), (await post('t-coin-hard')).id, 1);
    expect(await app.redis.hget(k.userReviewBoxes('console:rae'), 't-coin-hard')).toBe('1');
  });

  it('schedules open questions by self-assessment', async () => {
    const c = freshCommunity();
    const inv = invocationFor(c, 'sol', { now: new Date('2031-02-03T10:00:00Z') });
    const p = await app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-why-pool', channelId: 'console:main', audience: 'console:sol', closesAt: 0, scheduleId: '', answerMode: 'buttons' });
    await app.services.quiz.answer(inv, p.id, { text: 'less compute' });
    const k = communityKeys(c);
    expect(await app.redis.zscore(k.userReviewDue('console:sol'), 't-why-pool')).toBeNull();
    await app.router.action(inv, `sa:${p.id}:got`);
    expect(await app.redis.hget(k.userReviewBoxes('console:sol'), 't-why-pool')).toBe('1');
    expect(await app.redis.zscore(k.userReviewDue('console:sol'), 't-why-pool')).toBe(String(inv.now.getTime() + DAY));
  });
});
