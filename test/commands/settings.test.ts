import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys } from '../../src/store/keys.js';
import { testApp, invocationFor, freshCommunity, answerOption } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const settings = (c: string, text: string, isAdmin = true) => app.router.dispatch(invocationFor(c, isAdmin ? 'root' : 'ann', { isAdmin }), { name: 'settings', text });

describe('/settings for the game rules', () => {
  it('defaults to the rules as they were: 10/20/30 points, channel hints on, 2 freezes', async () => {
    const c = freshCommunity();
    const s = await app.services.settings.get(c);
    expect({ points: s.points, channelHints: s.channelHints, freezeCap: s.freezeCap }).toEqual({ points: { easy: 10, medium: 20, hard: 30 }, channelHints: true, freezeCap: 2 });
    expect(await app.services.settings.freezeCap(c)).toBe(2);
    const shown = await settings(c, 'show', false);
    expect(shown.fields).toContainEqual({ name: 'Points', value: 'easy 10 · medium 20 · hard 30 (half after a hint)' });
  });

  it('changes points per difficulty, which the next answers score', async () => {
    const c = freshCommunity();
    const r = await settings(c, 'points easy:5 hard:45');
    expect(r.body).toMatch(/easy \*\*5\*\* · medium \*\*20\*\* · hard \*\*45\*\* \(2\/10\/22 after a hint\)/);
    expect((await settings(c, 'points 1 2 3')).body).toMatch(/easy \*\*1\*\* · medium \*\*2\*\* · hard \*\*3\*\*/);
    await settings(c, 'points hard:45');
    const p = await app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-coin-hard', channelId: 'console:main', audience: 'console:ann', closesAt: 0, scheduleId: '', answerMode: 'buttons' });
    expect((await answerOption(app, invocationFor(c, 'ann'), p.id, 0)).title).toBe('✅ Correct! +45 points.');
    expect((await app.router.dispatch(invocationFor(c, 'ann'), { name: 'help', text: '' })).body).toMatch(/score 1\/2\/45 points/);
  });

  it('stores the freeze allowance and channel hints', async () => {
    const c = freshCommunity();
    expect((await settings(c, 'freezes 0')).body).toMatch(/freezes are off/);
    expect(await app.services.settings.freezeCap(c)).toBe(0);
    expect((await settings(c, 'freezes 5')).body).toMatch(/up to \*\*5\*\* streak freezes/);
    await settings(c, 'hints off');
    expect(await app.services.settings.get(c)).toMatchObject({ freezeCap: 5, channelHints: false });
    // Each of the three changes raised the settings version (checked by the answer script against cached copies).
    expect(await app.redis.hgetall(communityKeys(c).settings)).toEqual({ freezeCap: '5', channelHints: '0', v: '3' });
  });

  it('rejects bad values with a clear message and changes nothing', async () => {
    const c = freshCommunity();
    const cases: [string, RegExp][] = [
      ['points easy:-1', /Points for easy questions must be a whole number from 0 to 1000, not -1/],
      ['points medium:2.5', /Points for medium questions must be a whole number from 0 to 1000, not 2\.5/],
      ['points hard:1001', /from 0 to 1000, not 1001/],
      ['points easy:ten', /`easy` must be a number, not "ten"/],
      ['points', /Give at least one of easy, medium or hard/],
      ['points easy:5 hard:5000', /Points for hard questions/],
      ['freezes 11', /streak-freeze allowance must be a whole number from 0 to 10, not 11/],
      ['freezes -1', /from 0 to 10, not -1/],
      ['freezes', /`\/settings freezes` needs `count`.*Usage: `\/settings freezes <count>`/],
      ['freezes 1.5', /whole number from 0 to 10, not 1\.5/],
      ['hints maybe', /I did not understand "maybe"\. Expected channel: on, off/],
      ['hints', /Option `channel`.*must be one of on, off/],
    ];
    for (const [text, expected] of cases) {
      const r = await settings(c, text);
      expect(r.tone, text).toBe('error');
      expect(r.body, text).toMatch(expected);
    }
    expect(await app.redis.exists(communityKeys(c).settings)).toBe(0);
  });

  it('lets only admins change the game rules', async () => {
    const c = freshCommunity();
    for (const text of ['points easy:1', 'hints off', 'freezes 7']) {
      const r = await settings(c, text, false);
      expect(r.tone, text).toBe('error');
      expect(r.body, text).toMatch(/Only admins can use `\/settings (points|hints|freezes)`/);
    }
    expect(await app.redis.exists(communityKeys(c).settings)).toBe(0);
    // Everyone may read them.
    expect((await settings(c, 'show', false)).fields?.map((f) => f.name)).toContain('Streak freezes');
  });
});
