import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayNumber } from '../../src/domain/calendar.js';
import { answerDay, liveStreak, NO_STREAK, recentDays, restoreStreak, type StreakState } from '../../src/domain/streak.js';

/** Answers on each of `days` in turn. */
function play(days: number[], cap = 2, from: StreakState = NO_STREAK): StreakState {
  return days.reduce((s, d) => answerDay(s, d, cap).state, from);
}
const run = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

describe('streak days', () => {
  it('survives the spring-forward day in New York and breaks on a missed day without freezes', () => {
    const tz = 'America/New_York'; // DST starts 2026-03-08
    const days = ['2026-03-07T22:00:00-05:00', '2026-03-08T23:30:00-04:00', '2026-03-09T07:00:00-04:00'].map((s) => dayNumber(new Date(s), tz));
    const s = play(days, 0);
    expect(s.current).toBe(3);
    const skipped = answerDay(s, days[2]! + 2, 0);
    expect(skipped.state).toMatchObject({ current: 1, best: 3 });
    expect(skipped.events.map((e) => e.k)).toEqual(['reset', 'start']);
  });

  it('is unchanged by several answers on one day', () => {
    const once = play([100]);
    const twice = answerDay(once, 100, 2);
    expect(twice.state).toEqual(once);
    expect(twice.events).toEqual([]);
    expect(once).toMatchObject({ current: 1, best: 1, lastDay: 100 });
  });

  it('shows a live streak only while missed days are covered by freezes', () => {
    const s = play(run(50, 4)); // days 50-53, no freezes yet
    expect(liveStreak(s, 53).current).toBe(4);
    expect(liveStreak(s, 54).current).toBe(4);
    expect(liveStreak(s, 55).current).toBe(0);
  });
});

describe('freezes', () => {
  it('earns one freeze per 7 days in a row, up to the cap', () => {
    const s7 = play(run(1000, 7));
    expect(s7.freezes).toBe(1);
    expect(play(run(1000, 14)).freezes).toBe(2);
    expect(play(run(1000, 21)).freezes).toBe(2);
    expect(play(run(1000, 21), 3).freezes).toBe(3);
    expect(play(run(1000, 6)).freezes).toBe(0);
    const earned = answerDay(play(run(1000, 6)), 1006, 2);
    expect(earned.earned).toBe(true);
    expect(earned.events).toEqual([{ k: 'extend', d: 1006, s: 7 }, { k: 'earn', d: 1006, f: 1 }]);
  });

  it('uses a freeze on a missed day: the streak is kept but not lengthened', () => {
    const s = play(run(1000, 7)); // streak 7, one freeze
    const back = answerDay(s, 1008, 2); // day 1007 missed
    expect(back.state).toMatchObject({ current: 8, freezes: 0, lastDay: 1008 });
    expect(back.used).toBe(1);
    expect(back.events).toEqual([{ k: 'freeze', d: 1007, s: 7, f: 0 }, { k: 'extend', d: 1008, s: 8 }]);
  });

  it('needs one freeze per missed day; short of that the streak resets and the freezes are spent', () => {
    const s = play(run(1000, 14)); // two freezes
    expect(answerDay(s, 1016, 2).state).toMatchObject({ current: 15, freezes: 0 }); // two missed days, two freezes
    const broken = answerDay(s, 1017, 2); // three missed days
    expect(broken.state).toMatchObject({ current: 1, best: 14, freezes: 0 });
    expect(broken.events.map((e) => e.k)).toEqual(['freeze', 'freeze', 'reset', 'start']);
    expect(broken.events[2]).toEqual({ k: 'reset', d: 1016, p: 14 });
  });

  it('spends freezes as the days pass, whether or not anyone looks', () => {
    const s = play(run(1000, 7));
    expect(liveStreak(s, 1008)).toEqual({ current: 7, freezes: 0, answeredToday: false });
    expect(liveStreak(s, 1009)).toEqual({ current: 0, freezes: 0, answeredToday: false });
  });
});

describe('restore', () => {
  it('sets the streak so that the next day continues it, and logs who and why', () => {
    const s = play([1000, 1001, 1002]);
    const r = restoreStreak(s, 1010, 12, 'console:admin', 'outage');
    expect(r.previous).toBe(0);
    expect(r.state).toMatchObject({ current: 12, best: 12, lastDay: 1009 });
    expect(r.events.at(-1)).toEqual({ k: 'restore', d: 1010, p: 0, s: 12, by: 'console:admin', r: 'outage' });
    expect(answerDay(r.state, 1010, 2).state.current).toBe(13);
    // Restoring after today's answer keeps today counted.
    const today = restoreStreak(play([1000, 1005]), 1005, 6, 'a', 'b');
    expect(today.state).toMatchObject({ current: 6, lastDay: 1005 });
  });
});

describe('the 30-day calendar', () => {
  it('marks answered, frozen, missed days and today', () => {
    const s = answerDay(play(run(1000, 7)), 1009, 2).state; // 1007 frozen, 1008 missed (no freeze left)
    const marks = recentDays(s, 1010);
    expect(marks).toHaveLength(30);
    expect(marks.at(-1)).toEqual({ day: 1010, mark: 'today' });
    expect(marks.slice(-11).map((m) => m.mark[0]).join('')).toBe('aaaaaaafmat');
  });

  it('turns a streak kept before day sets existed into answered days', () => {
    const legacy: StreakState = { ...NO_STREAK, current: 3, best: 5, lastDay: 2000 };
    expect(recentDays(legacy, 2001, 5).map((m) => m.mark)).toEqual(['missed', 'answered', 'answered', 'answered', 'today']);
    expect(answerDay(legacy, 2001, 2).state.current).toBe(4);
  });
});

describe('streak invariants (property)', () => {
  const op = fc.oneof(
    fc.record({ gap: fc.integer({ min: 0, max: 4 }) }),
    fc.record({ gap: fc.integer({ min: 0, max: 3 }), restore: fc.integer({ min: 1, max: 40 }) }),
  );
  it('keeps best ≥ current, freezes within the cap, and answered days within the streak', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: 0, max: 3 }), (ops, cap) => {
      let s = play([5000], cap);
      let day = 5000;
      for (const o of ops) {
        day += o.gap;
        s = 'restore' in o ? restoreStreak(s, day, o.restore, 'x', 'y').state : answerDay(s, day, cap).state;
        expect(s.best).toBeGreaterThanOrEqual(s.current);
        expect(s.freezes).toBeGreaterThanOrEqual(0);
        expect(s.freezes).toBeLessThanOrEqual(cap);
        expect(s.answered).toBeLessThan(2 ** 32);
        expect(s.frozen).toBeLessThan(2 ** 32);
        expect(Number.isInteger(s.answered) && Number.isInteger(s.frozen)).toBe(true);
      }
    }));
  });
});
