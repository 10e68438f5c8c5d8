import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeDecayFactor, default_maximum_interval, default_request_retention, default_w, forgetting_curve, fsrs, type Grade } from 'ts-fsrs';
import {
  DAY_MS, DECAY, FACTOR, FSRS_W, INTERVAL_MODIFIER, MAXIMUM_INTERVAL, REQUEST_RETENTION, Rating, SEED_D_GOOD, SEED_D_HARD,
  answerRating, cardOf, decodeCard, encodeCard, initDifficulty, retrievability, reviewOrder, seedFromBox, utcDay, type Card,
} from '../../src/domain/fsrs.js';

const reference = fsrs({ enable_fuzz: false, enable_short_term: false });

describe('FSRS parameters', () => {
  it('are ts-fsrs 5 defaults: weights, retention, maximum interval, decay, interval modifier', () => {
    expect(FSRS_W).toEqual([...default_w]);
    expect(reference.parameters.w).toEqual([...FSRS_W]);
    expect(REQUEST_RETENTION).toBe(default_request_retention);
    expect(MAXIMUM_INTERVAL).toBe(default_maximum_interval);
    expect({ decay: DECAY, factor: FACTOR }).toEqual(computeDecayFactor(default_w));
    expect(INTERVAL_MODIFIER).toBe(reference.interval_modifier);
    expect(reference.parameters.enable_fuzz).toBe(false);
    expect(reference.parameters.enable_short_term).toBe(false);
  });

  it('computes initial difficulty and retrievability exactly as ts-fsrs', () => {
    for (const g of [1, 2, 3, 4] as Grade[]) expect(initDifficulty(g)).toBe(Math.min(Math.max(reference.init_difficulty(g), 1), 10));
    fc.assert(fc.property(fc.integer({ min: 0, max: 40_000 }), fc.double({ min: 0.001, max: 36_500, noNaN: true }), (t, s) => {
      expect(retrievability(t, s)).toBe(forgetting_curve(default_w, t, s));
    }));
    expect(retrievability(0, 5)).toBe(1);
    expect(retrievability(5, 5)).toBeCloseTo(0.9, 6);
  });
});

describe('stored cards', () => {
  const card = fc.record({
    s: fc.integer({ min: 100_000, max: 3_650_000_000_000 }).map((k) => k / 1e8),
    d: fc.integer({ min: 100_000_000, max: 1_000_000_000 }).map((k) => k / 1e8),
    day: fc.integer({ min: 0, max: 100_000 }),
    reps: fc.nat(10_000),
    lapses: fc.nat(10_000),
  });

  it('round-trip through their short string', () => {
    fc.assert(fc.property(card, (c) => { expect(decodeCard(encodeCard(c))).toEqual(c); }));
    expect(encodeCard({ s: 2.3065, d: 2.11810397, day: 22_314, reps: 1, lapses: 0 })).toBe('2.3065,2.11810397,22314,1,0');
  });

  it('reject anything that is not a card', () => {
    for (const raw of [null, undefined, '', '3', '1,2,3,4', 'a,b,c,d,e', '0,5,1,1,0', '2,0.5,1,1,0', '1,2,3,4,5,6']) expect(decodeCard(raw)).toBeUndefined();
  });
});

describe('Leitner migration', () => {
  const now = Date.UTC(2031, 1, 10, 12);

  it('seeds a card from each box: stability = box interval, last review = due minus interval', () => {
    const due = Date.UTC(2031, 1, 9, 8);
    const seeds = [1, 2, 3, 4, 5, 6].map((b) => seedFromBox(b, due, now)!);
    expect(seeds.map((c) => c.s)).toEqual([1, 3, 7, 14, 30, 60]);
    expect(seeds.map((c) => c.d)).toEqual([SEED_D_HARD, SEED_D_GOOD, SEED_D_GOOD, SEED_D_GOOD, SEED_D_GOOD, SEED_D_GOOD]);
    expect(SEED_D_GOOD).toBe(2.11810397);
    expect(SEED_D_HARD).toBe(5.11217071);
    expect(seeds.map((c) => c.day)).toEqual([1, 3, 7, 14, 30, 60].map((i) => utcDay(due) - i));
    expect(seeds.map((c) => [c.reps, c.lapses])).toEqual([[1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0]]);
    expect(seedFromBox(3, undefined, now)!.day).toBe(utcDay(now));
  });

  it('ignores values that are not a box', () => {
    for (const b of [0, 7, 2.5, Number.NaN]) expect(seedFromBox(b, now, now)).toBeUndefined();
    expect(cardOf(null, 'x', now, now)).toBeUndefined();
    expect(cardOf('2,5,100,1,0', '4', now, now)).toEqual({ s: 2, d: 5, day: 100, reps: 1, lapses: 0 });
    expect(cardOf(null, '4', now, now)).toEqual(seedFromBox(4, now, now));
  });
});

describe('review order', () => {
  const now = Date.UTC(2031, 1, 10, 12);
  const today = utcDay(now);
  const item = (questionId: string, card: Card | undefined, dueMs = now - DAY_MS) => ({ questionId, dueMs, card });

  it('serves the lowest retrievability first, not the longest overdue', () => {
    const weak = item('weak', { s: 0.5, d: 7, day: today - 2, reps: 1, lapses: 1 }, now - 1000);
    const strong = item('strong', { s: 40, d: 3, day: today - 60, reps: 5, lapses: 0 }, now - 20 * DAY_MS);
    const order = reviewOrder([strong, weak], now);
    expect(order.map((x) => x.questionId)).toEqual(['weak', 'strong']);
    expect(order[0]!.r).toBeLessThan(order[1]!.r!);
    expect(order[0]!.r).toBe(retrievability(2, 0.5));
  });

  it('puts unknown cards first and breaks ties by due time, then id', () => {
    const c: Card = { s: 3, d: 5, day: today - 3, reps: 1, lapses: 0 };
    const order = reviewOrder([item('b', c, now - 5), item('a', c, now - 5), item('c', c, now - 9), item('z', undefined)], now);
    expect(order.map((x) => x.questionId)).toEqual(['z', 'c', 'a', 'b']);
  });
});

describe('ratings', () => {
  it('wrong = Again, right = Good, right after a hint = Hard, open = none', () => {
    expect(answerRating(false)).toBe(Rating.Again);
    expect(answerRating(true)).toBe(Rating.Good);
    expect(answerRating(true, true)).toBe(Rating.Hard);
    expect(answerRating(false, true)).toBe(Rating.Again);
    expect(answerRating(undefined)).toBe(Rating.None);
  });
});
