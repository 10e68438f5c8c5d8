import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys } from '../../src/store/keys.js';
import { testApp, invocationFor, freshCommunity } from '../support/app.js';
import { streakFromHash } from '../../src/store/streak-fields.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

async function answerAt(c: string, user: string, iso: string) {
  const inv = invocationFor(c, user, { now: new Date(iso) });
  const p = await app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-dice-sum', channelId: 'console:main', audience: `console:${user}`, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
  await app.services.quiz.answer(inv, p.id, { text: '1/6' });
}

describe('per-user time zones', () => {
  it('counts a user\'s streak days in their own zone while boards keep the community calendar', async () => {
    const c = freshCommunity(); // community zone: UTC
    const tokyo = invocationFor(c, 'kei');
    expect((await app.router.dispatch(tokyo, { name: 'settings', text: 'mytimezone Asia/Tokyo' })).body).toMatch(/now follow \*\*Asia\/Tokyo\*\*/);
    // 23:30 UTC Monday and 00:30 UTC Wednesday are Tuesday and Wednesday morning in Tokyo: consecutive days there.
    await answerAt(c, 'kei', '2031-03-03T23:30:00Z');
    await answerAt(c, 'kei', '2031-03-05T00:30:00Z');
    await answerAt(c, 'utc', '2031-03-03T23:30:00Z');
    await answerAt(c, 'utc', '2031-03-05T00:30:00Z');
    const k = communityKeys(c);
    expect(streakFromHash(await app.redis.hgetall(k.user('console:kei'))).current).toBe(2);
    expect(streakFromHash(await app.redis.hgetall(k.user('console:utc'))).current).toBe(1);
    // Both answers land on the community's ISO week boards (UTC): W10.
    expect(await app.redis.zscore(k.board('week', '2031-W10'), 'console:kei')).toBe('10');
    const streak = await app.router.dispatch(invocationFor(c, 'kei', { now: new Date('2031-03-05T01:00:00Z') }), { name: 'streak', text: '' });
    expect(streak.body).toMatch(/Current streak: \*\*2\*\* days/);
    expect(streak.footer).toMatch(/Asia\/Tokyo/);
  });

  it('rejects unknown zones and can be reset', async () => {
    const c = freshCommunity();
    const inv = invocationFor(c, 'ola');
    expect((await app.router.dispatch(inv, { name: 'settings', text: 'mytimezone Moon/Base' })).body).toMatch(/not a time zone I know/);
    expect(await app.redis.hget(communityKeys(c).user('console:ola'), 'tz')).toBeNull();
    await app.router.dispatch(inv, { name: 'settings', text: 'mytimezone Europe/Oslo' });
    expect(await app.services.userZones.get(c, 'console:ola')).toBe('Europe/Oslo');
    expect((await app.router.dispatch(inv, { name: 'settings', text: 'mytimezone reset' })).body).toMatch(/follow the community/);
    expect(await app.services.userZones.get(c, 'console:ola')).toBeUndefined();
  });
});
