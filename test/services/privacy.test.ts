import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { periodsAt } from '../../src/domain/calendar.js';
import { BoardRepository } from '../../src/store/boards.js';
import { communityKeys } from '../../src/store/keys.js';
import { freshCommunity, invocationFor, testApp } from '../support/app.js';
import { answer, channelPost } from '../support/dashboard.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app?.close(); });

const say = async (c: string, user: string, text: string, name = 'privacy') => (await app.router.dispatch(invocationFor(c, user), { name, text })).body;

describe('/privacy', () => {
  it('shows the setting, hides and shows again, and says when nothing changed', async () => {
    const c = freshCommunity();
    expect(await say(c, 'ann', '')).toContain('You are **shown**');
    expect(await say(c, 'ann', 'hide')).toMatch(/^Done: you are now hidden\. Your name is left out of the leaderboards/);
    expect(await say(c, 'ann', 'hide')).toMatch(/^You were already hidden\./);
    expect(await say(c, 'ann', '')).toContain('You are **hidden**');
    expect(await say(c, 'ann', 'show')).toMatch(/^Done: you are shown/);
    expect(await say(c, 'ann', 'show')).toMatch(/^You are already shown/);
    expect(await say(c, 'ann', 'vanish')).toContain('/privacy');
    expect(await app.services.boards.privacy.hidden(c)).toEqual(new Set());
  });
});

describe('boards without hidden members', () => {
  it('leave them out of /leaderboard, rank the rest among themselves, and count only those shown', async () => {
    const c = freshCommunity();
    const post = await channelPost(app, c, 't-coin-hard');
    const second = await channelPost(app, c, 't-dice-sum');
    // top: 40 (2 answers), then ann, bob, cy with 30.
    for (const u of ['top', 'ann', 'bob', 'cy']) await answer(app, invocationFor(c, u), post);
    await answer(app, invocationFor(c, 'top'), second);
    await say(c, 'top', 'hide');
    const board = await app.router.dispatch(invocationFor(c, 'cy'), { name: 'leaderboard', text: 'all' });
    expect(board.body).not.toContain('top');
    // Equal scores share the rank (Redis orders them by member, last first).
    expect(board.body.split('\n')).toEqual(['🥇 **cy**: 30 pts', '🥇 **bob**: 30 pts', '🥇 **ann**: 30 pts']);
    const repo = new BoardRepository(app.redis);
    const key = communityKeys(c).board('all');
    const hidden = await app.services.boards.privacy.hidden(c);
    expect(await repo.size(key, hidden)).toBe(3);
    expect(await repo.size(key)).toBe(4);
    expect((await repo.rankOf(key, 'console:cy', hidden))?.rank).toBe(1);
    expect((await repo.rankOf(key, 'console:cy'))?.rank).toBe(2);
    expect((await repo.page(key, 1, 2, hidden)).map((e) => [e.member, e.rank])).toEqual([['console:bob', 1], ['console:ann', 1]]);
    expect((await repo.page(key, 1, 2)).map((e) => [e.member, e.rank])).toEqual([['console:cy', 2], ['console:bob', 2]]);
    const own = await app.router.dispatch(invocationFor(c, 'top'), { name: 'leaderboard', text: 'all' });
    expect(own.footer).toBe('You are hidden from the boards (`/privacy show` to appear).');
    await say(c, 'top', 'show');
    expect((await app.router.dispatch(invocationFor(c, 'cy'), { name: 'leaderboard', text: 'all' })).body.split('\n')[0]).toBe('🥇 **top**: 40 pts');
  });

  it('leave them out of the reveal (streak leaders, first correct) and the weekly recap', async () => {
    const c = freshCommunity();
    const post = await channelPost(app, c, 't-two-children');
    await answer(app, invocationFor(c, 'quick'), post);
    await answer(app, invocationFor(c, 'slow'), post);
    await say(c, 'quick', 'hide');
    const r = await app.services.scheduledPosts.prepareReveal(c, post.id, new Date());
    expect(r!.reveal.body).toContain('⚡ First correct: someone who keeps their name off the boards.');
    expect(r!.reveal.body).toContain('🔥 Streak leaders: slow (1)');
    expect(r!.reveal.body).not.toContain('quick');
    const week = periodsAt(new Date(post.createdAt), 'UTC').week;
    const recap = await app.services.scheduledPosts.recap(c, week);
    const top = recap!.fields!.find((f) => f.name === 'Top learners')!.value;
    expect(top).toBe('🥇 **slow**: 20 pts');
  });
});
