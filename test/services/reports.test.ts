import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys } from '../../src/store/keys.js';
import { revealCard } from '../../src/views/reveal.js';
import { testApp, invocationFor, freshCommunity, answerOption } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

function post(c: string, questionId: string, audience: string) {
  return app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId, channelId: 'console:main', audience, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
}

describe('question reports', () => {
  it('go from the result\'s Report button through a reason and an optional note', async () => {
    const c = freshCommunity();
    const ann = invocationFor(c, 'ann');
    const p = await post(c, 't-two-children', 'console:ann');
    const result = await answerOption(app, ann, p.id, 1);
    const report = result.buttons!.find((b) => b.label === '🚩 Report')!;
    const menu = await app.router.action(ann, report.actionId);
    expect(menu.buttons?.map((b) => [b.label, b.actionId])).toEqual([
      ['Wrong key', `rep:${p.id}:key`], ['Unclear', `rep:${p.id}:unclear`], ['Typo', `rep:${p.id}:typo`], ['Other', `rep:${p.id}:other`],
    ]);
    const form = await app.router.action(ann, `rep:${p.id}:unclear`);
    expect(form.form).toMatchObject({ actionId: `repn:${p.id}:unclear`, optional: true, maxLength: 500 });
    const done = await app.router.action(ann, form.form!.actionId, '  "At least one" is ambiguous.  ');
    expect(done.body).toMatch(/reported as \*\*Unclear\*\*/);
    const k = communityKeys(c);
    expect(JSON.parse((await app.redis.hget(k.questionReports('t-two-children'), 'console:ann'))!)).toMatchObject({ r: 'unclear', n: '"At least one" is ambiguous.', p: p.id });
    expect(await app.redis.hmget(k.questionStats, 'r:t-two-children', 'r-unclear:t-two-children')).toEqual(['1', '1']);
  });

  it('count one per user and question, even when sent concurrently or from another post', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const ben = invocationFor(c, 'ben');
    const p = await post(c, 't-coin-hard', 'console:ben');
    const sent = await Promise.all(['key', 'typo', 'other', 'key', 'unclear'].map((r) => app.router.action(ben, `repn:${p.id}:${r}`, `note ${r}`)));
    expect(sent.filter((r) => r.tone === 'success')).toHaveLength(1);
    expect(sent.filter((r) => /already reported this question/.test(r.body))).toHaveLength(4);
    expect(await app.redis.hlen(k.questionReports('t-coin-hard'))).toBe(1);
    expect(await app.redis.zscore(k.reportedQuestions, 't-coin-hard')).toBe('1');
    expect(await app.redis.hget(k.questionStats, 'r:t-coin-hard')).toBe('1');
    // The same question on another post is still the same question; the menu says so up front.
    const again = await post(c, 't-coin-hard', 'console:ben');
    expect((await app.router.action(ben, `rep:${again.id}`)).body).toMatch(/already reported this question/);
    expect((await app.router.action(ben, `rep:${again.id}:typo`)).form).toBeUndefined();
    // Someone else's report counts.
    await app.router.action(invocationFor(c, 'cat'), `repn:${p.id}:key`, '');
    expect(await app.redis.zscore(k.reportedQuestions, 't-coin-hard')).toBe('2');
  });

  it('refuse a note over the limit and forged reasons, recording nothing', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const p = await post(c, 't-coin-hard', 'console:dan');
    const long = await app.router.action(invocationFor(c, 'dan'), `repn:${p.id}:other`, 'x'.repeat(501));
    expect(long.body).toMatch(/501 characters; the limit is 500\. Nothing was recorded/);
    expect((await app.router.action(invocationFor(c, 'dan'), `repn:${p.id}:spam`, 'hi')).body).toMatch(/not valid/);
    expect((await app.router.action(invocationFor(c, 'dan'), 'repn:zzzzzzzzzz:key', 'hi')).body).toMatch(/no longer available/);
    expect(await app.redis.exists(k.questionReports('t-coin-hard'), k.reportedQuestions, k.questionStats)).toBe(0);
  });

  it('are listed for admins only, most reported first, with counts and the latest notes', async () => {
    const c = freshCommunity();
    const p1 = await post(c, 't-two-children', '');
    const p2 = await post(c, 't-dice-sum', '');
    const t0 = Date.parse('2031-01-01T10:00:00Z');
    const at = (user: string, minutes: number) => invocationFor(c, user, { now: new Date(t0 + minutes * 60_000) });
    await app.router.action(at('ann', 1), `repn:${p1.id}:key`, 'B is right, not C');
    await app.router.action(at('ben', 2), `repn:${p1.id}:key`, '');
    await app.router.action(at('cat', 3), `repn:${p1.id}:typo`, 'boy -> boys');
    await app.router.action(at('dan', 4), `repn:${p2.id}:unclear`, '');

    const denied = await app.router.dispatch(invocationFor(c, 'ann'), { name: 'questions', text: 'reports' });
    expect(denied.tone).toBe('error');
    expect(denied.body).toMatch(/Only admins can use `\/questions reports`/);

    const list = await app.router.dispatch(invocationFor(c, 'root', { isAdmin: true }), { name: 'questions', text: 'reports' });
    expect(list.fields?.map((f) => f.name)).toEqual(['3 reports · t-two-children', '1 report · t-dice-sum']);
    const first = list.fields![0]!.value;
    expect(first).toMatch(/Wrong key 2 · Typo 1/);
    // Newest note first; reports without a note are counted but show no line.
    expect(first.indexOf('boy -> boys')).toBeLessThan(first.indexOf('B is right, not C'));
    expect(first).toMatch(/“boy -> boys” \(cat, /);

    const empty = await app.router.dispatch(invocationFor(freshCommunity(), 'root', { isAdmin: true }), { name: 'questions', text: 'reports' });
    expect(empty.body).toMatch(/No question has been reported/);
  });

  it('are offered on every reveal', async () => {
    const c = freshCommunity();
    const ch = await app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-two-children', channelId: 'console:main', audience: '', closesAt: Date.now() + 60_000, scheduleId: 'x', answerMode: 'buttons' });
    const state = (await app.services.posts.state(c, ch.id))!;
    const card = revealCard(app.bank.get('t-two-children')!, state, { answered: 0, correct: 0, streakLeaders: [] });
    expect(card.buttons?.map((b) => b.actionId)).toEqual([`rep:${ch.id}`]);
  });
});
