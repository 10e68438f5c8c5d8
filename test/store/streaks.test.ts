import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { App } from '../../src/app.js';
import { periodsAt } from '../../src/domain/calendar.js';
import { answerDay, NO_STREAK, restoreStreak, STREAK_LOG_LIMIT, type StreakEvent, type StreakState } from '../../src/domain/streak.js';
import type { AnswerRepository } from '../../src/store/answers.js';
import { communityKeys } from '../../src/store/keys.js';
import { StreakRepository } from '../../src/store/streaks.js';
import { freshCommunity, testApp } from '../support/app.js';

let app: App;
let answers: AnswerRepository;
let streaks: StreakRepository;
beforeAll(async () => {
  app = await testApp();
  answers = app.services.answers;
  streaks = new StreakRepository(app.redis, app.services.questionStates);
});
afterAll(async () => { await app.close(); });

const USER = 'console:gus';
const periods = periodsAt(new Date(), 'UTC');

async function answerOn(c: string, today: number, freezeCap: number) {
  const post = await app.services.posts.create({ createdAt: Date.now(), communityId: c, questionId: 't-dice-sum', channelId: 'console:main', audience: USER, closesAt: 0, scheduleId: '', answerMode: 'buttons' });
  return answers.record({
    communityId: c, postId: post.id, userId: USER, displayName: 'gus', questionId: 't-dice-sum', track: 'math',
    record: 'n0|0|1', correct: false, points: 0, today, periods, now: Date.now(), freezeCap,
  });
}

type Op = { gap: number; restore?: { days: number; reason: string } };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ gap: fc.integer({ min: 0, max: 4 }) }) },
  // Gaps longer than the 32 stored days.
  { weight: 1, arbitrary: fc.record({ gap: fc.integer({ min: 5, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ gap: fc.integer({ min: 0, max: 3 }), restore: fc.record({ days: fc.integer({ min: 1, max: 3650 }), reason: fc.string({ maxLength: 30, unit: 'grapheme' }) }) }) },
);

describe('the streak script and the domain rules', () => {
  it('agree on state, answer replies and log for any history of answers, gaps, restores and caps (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(op, { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 3 }),
      fc.option(fc.record({ current: fc.integer({ min: 1, max: 60 }), best: fc.integer({ min: 0, max: 80 }) })),
      async (ops, cap, legacy) => {
        const c = freshCommunity();
        let model: StreakState = NO_STREAK;
        let day = 20_000;
        const log: StreakEvent[] = [];
        if (legacy) {
          // A streak stored before freezes and day sets existed: only these three fields (and its rank).
          model = { ...NO_STREAK, current: legacy.current, best: Math.max(legacy.best, legacy.current), lastDay: day };
          await app.redis.hset(communityKeys(c).user(USER), { streak: model.current, best: model.best, lastDay: day });
          await app.redis.zadd(communityKeys(c).streaks, model.current, USER);
        }
        for (const o of ops) {
          day += o.gap;
          if (o.restore) {
            const out = await streaks.restore({ communityId: c, userId: USER, today: day, days: o.restore.days, by: 'console:admin', byName: 'admin', reason: o.restore.reason });
            if (model.lastDay === 0) { expect(out).toEqual({ status: 'none' }); continue; }
            const r = restoreStreak(model, day, o.restore.days, 'console:admin', o.restore.reason);
            expect(out).toEqual({ status: 'ok', previous: r.previous, current: o.restore.days });
            model = r.state;
            log.push(...r.events);
          } else {
            const out = await answerOn(c, day, cap);
            const a = answerDay(model, day, cap);
            expect(out).toEqual({ status: 'ok', points: 0, streak: a.state.current, best: a.state.best, freezes: a.state.freezes, freezesUsed: a.used, freezeEarned: a.earned, hinted: false });
            model = a.state;
            log.push(...a.events);
          }
          if (model.lastDay > 0) expect(await streaks.state(c, USER)).toEqual(model);
        }
        expect(await streaks.log(c, USER, STREAK_LOG_LIMIT)).toEqual(log.slice(-STREAK_LOG_LIMIT).reverse());
        if (model.lastDay > 0) expect(await app.redis.zscore(communityKeys(c).streaks, USER)).toBe(String(model.current));
      },
    ), { numRuns: 150 });
  });
});

describe('the streak log', () => {
  it('keeps only the newest entries', async () => {
    const c = freshCommunity();
    for (let d = 0; d < 110; d++) await answerOn(c, 30_000 + d, 2);
    // 110 extends (the first a start) and a freeze earned on days 7 and 14: 112 changes, 100 kept.
    expect(await streaks.logLength(c, USER)).toBe(STREAK_LOG_LIMIT);
    const newest = await streaks.log(c, USER, 1);
    expect(newest).toEqual([{ k: 'extend', d: 30_109, s: 110 }]);
    const all = await streaks.log(c, USER, 200);
    expect(all).toHaveLength(STREAK_LOG_LIMIT);
    expect(all.at(-1)).toEqual({ k: 'extend', d: 30_011, s: 12 });
  });
});
