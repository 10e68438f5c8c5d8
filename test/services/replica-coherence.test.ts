import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys } from '../../src/store/keys.js';
import { testApp, invocationFor, freshCommunity } from '../support/app.js';

/**
 * Two replicas (two apps: own caches, own connections, one Redis). Replica B has read a community's settings
 * before replica A changes them, and B's change notices are cut off (as in a network cut of its subscriber), so
 * nothing but the answer script's version check stands between B's cached copy and a wrong result.
 */
let a: App;
let b: App;
let deaf: App;
beforeAll(async () => {
  [a, b, deaf] = await Promise.all([testApp(), testApp(), testApp()]);
  await deaf.changes.close();
});
afterAll(async () => { await Promise.all([a, b, deaf].map((x) => x.close())); });

const admin = (c: string) => invocationFor(c, 'root', { isAdmin: true });

async function answerAt(app: App, c: string, user: string, at: Date): Promise<string> {
  const p = await app.services.posts.create({ createdAt: at.getTime(), communityId: c, questionId: 't-dice-sum', channelId: 'console:main', audience: `console:${user}`, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
  return (await app.services.quiz.answer(invocationFor(c, user, { now: at }), p.id, { text: '1/6' })).title ?? '';
}

/** The streak /streak shows the user at `at`. */
async function streakOf(app: App, c: string, user: string, at: Date): Promise<number> {
  const reply = await app.router.dispatch(invocationFor(c, user, { now: at }), { name: 'streak', text: '' });
  return Number(/Current streak: \*\*(\d+)\*\*/.exec(reply.body ?? '')?.[1]);
}

describe('replicas with cached settings', () => {
  it('a community zone change on one replica, answers at the same instant on another: one streak day', async () => {
    const c = freshCommunity();
    // 11:30 UTC on 10 January is 00:30 on 11 January in Auckland (UTC+13).
    const at = new Date('2031-01-10T11:30:00Z');
    await deaf.services.settings.get(c); // cached: UTC
    await a.router.dispatch(admin(c), { name: 'settings', text: 'timezone Pacific/Auckland' });
    expect((await deaf.services.settings.get(c)).timezone).toBe('UTC'); // still the stale copy
    await answerAt(deaf, c, 'kim', at);
    await answerAt(a, c, 'kim', at);
    expect(await streakOf(a, c, 'kim', at)).toBe(1);
    // One entry in the streak log (started); a second answer on another day would have logged "extended".
    const log = await a.router.dispatch(invocationFor(c, 'kim', { now: at }), { name: 'streak', text: 'log' });
    expect(log.body.split('\n')).toHaveLength(1);
    expect((await deaf.services.settings.get(c)).timezone).toBe('Pacific/Auckland'); // refreshed on the way
  });

  it('a user\'s own zone set on one replica, answers on another: one streak day', async () => {
    const c = freshCommunity();
    const at = new Date('2031-01-10T11:30:00Z');
    expect(await deaf.services.userZones.get(c, 'console:ida')).toBeUndefined(); // cached: none (the community's UTC)
    await a.router.dispatch(invocationFor(c, 'ida'), { name: 'settings', text: 'mytimezone Pacific/Auckland' });
    await answerAt(deaf, c, 'ida', at);
    await answerAt(a, c, 'ida', at);
    expect(await streakOf(a, c, 'ida', at)).toBe(1);
  });

  it('a zone change across a month boundary: points land on one monthly board, not split over two', async () => {
    const c = freshCommunity();
    // 20:00 UTC on 31 January is 09:00 on 1 February in Auckland.
    const at = new Date('2031-01-31T20:00:00Z');
    await deaf.services.settings.get(c);
    await a.router.dispatch(admin(c), { name: 'settings', text: 'timezone Pacific/Auckland' });
    await answerAt(a, c, 'lou', at);
    await answerAt(deaf, c, 'max', at);
    const k = communityKeys(c);
    expect(await a.redis.zrange(k.board('month', '2031-02'), '0', '-1')).toEqual(['console:lou', 'console:max']);
    expect(await a.redis.exists(k.board('month', '2031-01'))).toBe(0);
  });

  it('points changed on one replica score at once on another', async () => {
    const c = freshCommunity();
    await deaf.services.settings.get(c);
    await a.router.dispatch(admin(c), { name: 'settings', text: 'points easy:70' });
    expect(await answerAt(deaf, c, 'ned', new Date())).toBe('✅ Correct! +70 points.');
  });

  it('with change notices flowing, a replica drops its cached copy when another changes the settings', async () => {
    const c = freshCommunity();
    expect((await b.services.settings.get(c)).timezone).toBe('UTC');
    await a.router.dispatch(admin(c), { name: 'settings', text: 'timezone Europe/Berlin' });
    const deadline = Date.now() + 5000;
    while ((await b.services.settings.get(c)).timezone !== 'Europe/Berlin') {
      if (Date.now() > deadline) throw new Error('replica B kept its cached settings');
      await new Promise((r) => setTimeout(r, 10));
    }
  });
});
