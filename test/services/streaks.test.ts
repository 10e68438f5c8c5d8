import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Invocation } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';
import { communityKeys } from '../../src/store/keys.js';
import { testApp, invocationFor, freshCommunity } from '../support/app.js';
import { streakFromHash } from '../../src/store/streak-fields.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const resolveUser = (raw: string) => `console:${raw.replace(/^@/, '')}`;
const as = (c: string, user: string, iso: string, isAdmin = false): Invocation => invocationFor(c, user, { now: new Date(iso), isAdmin, resolveUser });

async function answerAt(c: string, user: string, iso: string): Promise<Reply> {
  const p = await app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-dice-sum', channelId: 'console:main', audience: `console:${user}`, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
  return app.services.quiz.answer(as(c, user, iso), p.id, { text: '1/6' });
}

const streak = (c: string, user: string, iso: string, text = '', isAdmin = false) => app.router.dispatch(as(c, user, iso, isAdmin), { name: 'streak', text });

/** Everything a streak command could change for a user. */
async function snapshot(c: string, user: string) {
  const k = communityKeys(c);
  return {
    user: await app.redis.hgetall(k.user(`console:${user}`)),
    log: await app.redis.getBuffer(k.userState(`console:${user}`)),
    rank: await app.redis.zscore(k.streaks, `console:${user}`),
  };
}

// Pacific/Auckland leaves daylight saving on Sunday 2031-04-06 (03:00 NZDT -> 02:00 NZST): UTC+13, then UTC+12.
// 23:30 local each evening from Mon 31 March to Sun 6 April.
const WEEK = ['2031-03-31T10:30:00Z', '2031-04-01T10:30:00Z', '2031-04-02T10:30:00Z', '2031-04-03T10:30:00Z', '2031-04-04T10:30:00Z', '2031-04-05T10:30:00Z', '2031-04-06T11:30:00Z'];

async function aucklander(c: string, user: string) {
  await app.router.dispatch(as(c, user, WEEK[0]!), { name: 'settings', text: 'mytimezone Pacific/Auckland' });
}

describe('streak freezes in the user\'s zone', () => {
  it('a user in Auckland earns a freeze over 7 days across the DST change, misses a day and keeps the streak', async () => {
    const c = freshCommunity(); // community zone: UTC
    await aucklander(c, 'kiri');
    for (const t of WEEK) await answerAt(c, 'kiri', t);
    expect((await streak(c, 'kiri', '2031-04-06T12:00:00Z')).body).toMatch(/Current streak: \*\*7\*\* days · best: \*\*7\*\* · freezes: \*\*1\*\*\/2/);
    // Monday 7 April is missed in Auckland. 00:30 on Tuesday 8 April there is still Monday 7 April in UTC.
    const back = await answerAt(c, 'kiri', '2031-04-07T12:30:00Z');
    expect(back.body).toMatch(/🔥 Streak: 8 days\. 🧊 A freeze covered the day you missed\./);
    const shown = await streak(c, 'kiri', '2031-04-07T13:00:00Z');
    expect(shown.body).toMatch(/Current streak: \*\*8\*\* days · best: \*\*8\*\* · freezes: \*\*0\*\*\/2/);
    expect(shown.body).toContain('Last 30 days: 8 answered, 1 kept by a freeze, 21 without an answer.');
    // The week of 7 April (Mon-Tue): frozen Monday, answered Tuesday; the week before: seven answers.
    expect(shown.body).toContain('`03-31` ✅✅✅✅✅✅✅\n`04-07` 🧊✅');
    expect(shown.footer).toMatch(/Pacific\/Auckland/);
    const log = await streak(c, 'kiri', '2031-04-07T13:00:00Z', 'log');
    expect(log.body.split('\n').slice(0, 4)).toEqual([
      '2031-04-08 🔥 extended to 8 days',
      '2031-04-07 🧊 missed: a freeze kept the 7-day streak (0 left)',
      '2031-04-06 🎁 earned a freeze (1 held)',
      '2031-04-06 🔥 extended to 7 days',
    ]);
  });

  it('with no freeze left, a missed day in Auckland resets the streak', async () => {
    const c = freshCommunity();
    await aucklander(c, 'aroha');
    for (const t of WEEK) await answerAt(c, 'aroha', t);
    await answerAt(c, 'aroha', '2031-04-07T12:30:00Z'); // Tue 8 April: the freeze covers Monday
    // Wednesday 9 April is missed and no freeze is left: /streak already shows it broken on Thursday.
    expect((await streak(c, 'aroha', '2031-04-09T12:30:00Z')).body).toMatch(/Current streak: \*\*0\*\* days · best: \*\*8\*\* · freezes: \*\*0\*\*/);
    const back = await answerAt(c, 'aroha', '2031-04-09T12:30:00Z'); // 00:30 Thursday 10 April
    expect(back.body).toBe('🔥 Streak: 1 day.');
    const k = communityKeys(c);
    expect(streakFromHash(await app.redis.hgetall(k.user('console:aroha'))).current).toBe(1);
    const log = (await streak(c, 'aroha', '2031-04-09T13:00:00Z', 'log')).body.split('\n');
    expect(log.slice(0, 2)).toEqual(['2031-04-10 🌱 started a streak', '2031-04-09 💥 missed with no freeze left: the 8-day streak ended']);
  });

  it('spends freezes that are not enough, then resets', async () => {
    const c = freshCommunity();
    await aucklander(c, 'mere');
    for (const t of WEEK) await answerAt(c, 'mere', t);
    const back = await answerAt(c, 'mere', '2031-04-08T12:30:00Z'); // Wednesday 9 April: Monday and Tuesday missed, one freeze
    expect(back.body).toMatch(/🔥 Streak: 1 day\. 🧊 Your freeze ran out before you came back, so a new streak starts today\./);
  });
});

describe('streak leaders at the reveal', () => {
  it('count a streak kept by a freeze and judge each streak on its owner\'s own day', async () => {
    const c = freshCommunity(); // community zone: UTC
    await aucklander(c, 'kiri');
    for (const t of WEEK) await answerAt(c, 'kiri', t); // to Sunday 6 April in Auckland, one freeze
    for (const t of ['2031-04-05T12:00:00Z', '2031-04-06T12:00:00Z', '2031-04-07T12:00:00Z']) await answerAt(c, 'sam', t);
    // 00:30 on Tuesday 8 April in Auckland: Monday was missed, and the freeze keeps Kiri's 7 days.
    expect(await app.services.boards.streakLeaders(c, new Date('2031-04-07T12:30:00Z'))).toEqual([{ name: 'kiri', streak: 7 }, { name: 'sam', streak: 3 }]);
    // A day later Tuesday is missed too, with no freeze left. (In UTC only Monday would have been missed.)
    expect(await app.services.boards.streakLeaders(c, new Date('2031-04-08T12:30:00Z'))).toEqual([{ name: 'sam', streak: 3 }]);
  });
});

describe('/streak restore', () => {
  it('lets an admin restore a streak with a reason; the next day continues it and the log records it', async () => {
    const c = freshCommunity();
    await answerAt(c, 'tia', '2031-05-01T12:00:00Z');
    await answerAt(c, 'tia', '2031-05-02T12:00:00Z');
    await answerAt(c, 'ops', '2031-05-02T12:00:00Z');
    // Tia misses 3 to 5 May: broken.
    const done = await streak(c, 'ops', '2031-05-06T09:00:00Z', 'restore @tia 9 reason: the bot was down from 3 to 5 May', true);
    expect(done).toMatchObject({ visibility: 'private', tone: 'success' });
    expect(done.body).toBe('Restored tia\'s streak to **9 days** (it was 0). The change and your reason are in the streak log.');
    expect((await streak(c, 'tia', '2031-05-06T09:30:00Z')).body).toMatch(/Current streak: \*\*9\*\* days · best: \*\*9\*\*/);
    expect((await answerAt(c, 'tia', '2031-05-06T10:00:00Z')).body).toBe('🔥 Streak: 10 days.');
    const log = (await streak(c, 'tia', '2031-05-06T11:00:00Z', 'log')).body.split('\n');
    expect(log.slice(0, 3)).toEqual([
      '2031-05-06 🔥 extended to 10 days',
      '2031-05-06 🛟 restored to 9 days (was 0) by ops: the bot was down from 3 to 5 May',
      '2031-05-03 💥 missed with no freeze left: the 2-day streak ended',
    ]);
  });

  it('refuses non-admins clearly and changes nothing', async () => {
    const c = freshCommunity();
    await answerAt(c, 'ana', '2031-05-01T12:00:00Z');
    const before = await snapshot(c, 'ana');
    const refused = await streak(c, 'bob', '2031-05-04T12:00:00Z', 'restore @ana 30 reason:please');
    expect(refused).toMatchObject({ visibility: 'private', tone: 'error' });
    expect(refused.body).toMatch(/^Only admins can restore a streak/);
    const self = await streak(c, 'ana', '2031-05-04T12:00:00Z', 'restore @ana 30 reason:please');
    expect(self.body).toMatch(/^Only admins can restore a streak/);
    expect((await streak(c, 'bob', '2031-05-04T12:00:00Z', 'log @ana')).body).toMatch(/Only admins can see someone else's streak log/);
    expect(await snapshot(c, 'ana')).toEqual(before);
  });

  it('rejects a restore without a reason, with bad days, a long reason or for someone with no streak, changing nothing', async () => {
    const c = freshCommunity();
    await answerAt(c, 'ivy', '2031-05-01T12:00:00Z');
    const before = await snapshot(c, 'ivy');
    const at = '2031-05-04T12:00:00Z';
    const cases: [string, RegExp][] = [
      ['restore @ivy 5', /A reason is required/],
      ['restore @ivy 5 reason:   ', /A reason is required/],
      ['restore @ivy reason:outage', /Say how many days/],
      ['restore @ivy 0 outage', /Option `days`/],
      ['restore @ivy 99999 outage', /Option `days`/],
      [`restore @ivy 5 ${'x'.repeat(201)}`, /Option `reason`.*(too long|at most 200)/],
      ['restore', /Say whose streak/],
      ['restore @nobody 5 outage', /no streak to restore: nobody has not answered here yet/],
      ['@ivy 5', /only for `\/streak restore/],
    ];
    for (const [text, expected] of cases) {
      const r = await streak(c, 'admin', at, text, true);
      expect(r.tone, text).toBe('error');
      expect(r.body, text).toMatch(expected);
    }
    expect(await snapshot(c, 'ivy')).toEqual(before);
    expect(await app.redis.exists(communityKeys(c).user('console:nobody'))).toBe(0);
  });
});
