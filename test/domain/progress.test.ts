import { describe, expect, it } from 'vitest';
import { ACTIVITY_DAYS, decodeActivity } from '../../src/domain/activity.js';
import { dayNumber } from '../../src/domain/calendar.js';
import { DAY_MS, type Card } from '../../src/domain/fsrs.js';
import {
  COVERED_SHARE, heatLevel, heatmapCells, isRetained, masteryOf, parseIsoDate, readinessOf, weekdayOf, weakestTopics,
} from '../../src/domain/progress.js';
import { testBank } from '../support/bank.js';

const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

describe('progress model', () => {
  it('lays out 84 days as 12 Monday-first weeks ending with the week of today', () => {
    const today = day('2026-04-22'); // a Wednesday
    const cells = heatmapCells(new Map([[today, 3], [today - 83, 9], [day('2026-02-02'), 1]]), today);
    expect(cells).toHaveLength(84);
    expect(weekdayOf(cells[0]!.day)).toBe(0);
    expect(cells[0]!.date).toEqual({ year: 2026, month: 2, day: 2 });
    expect(cells[0]!.count).toBe(1);
    const last = cells.at(-1)!;
    expect(last.date).toEqual({ year: 2026, month: 4, day: 26 });
    expect(cells.filter((c) => c.future).map((c) => c.date.day)).toEqual([23, 24, 25, 26]);
    const t = cells.find((c) => c.day === today)!;
    expect([t.count, t.week, t.weekday, t.future]).toEqual([3, 11, 2, false]);
    expect(cells.filter((c) => c.count > 0)).toHaveLength(2);
  });

  it('steps colours by answers per day', () => {
    expect([0, 1, 2, 3, 4, 6, 7, 15].map(heatLevel)).toEqual([0, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('counts a question as retained only while FSRS recall is at least 0.9, and never on the day of a miss', () => {
    const now = Date.parse('2026-04-22T12:00:00Z');
    const today = Math.floor(now / DAY_MS);
    const good: Card = { s: 2.3065, d: 2.1, day: today - 2, reps: 1, lapses: 0 };
    expect(isRetained(good, now)).toBe(true);
    expect(isRetained({ ...good, day: today - 3 }, now)).toBe(false);
    // A miss today: FSRS says R = 1 today, but the memory would be gone tomorrow.
    expect(isRetained({ s: 0.212, d: 6.4, day: today, reps: 1, lapses: 0 }, now)).toBe(false);
    expect(isRetained({ s: 1.2931, d: 5.1, day: today, reps: 1, lapses: 0 }, now)).toBe(true);
  });

  it('computes mastery, accuracy, readiness and the questions a day to a goal', () => {
    const bank = testBank();
    const now = Date.parse('2026-04-22T12:00:00Z');
    const today = Math.floor(now / DAY_MS);
    const fresh: Card = { s: 10, d: 3, day: today - 1, reps: 2, lapses: 0 };
    const cards = new Map([['t-two-children', fresh], ['t-dice-sum', { ...fresh, s: 0.5 }], ['t-conv-params', fresh], ['t-why-pool', fresh]]);
    const tallies = new Map([['probability', { answered: 4, correct: 3 }], ['cnns', { answered: 1, correct: 0 }]]);
    const tracks = masteryOf(bank.questions, cards, tallies, now);
    expect(tracks.map((t) => [t.track, t.total, t.seen, t.retained, t.ready])).toEqual([['math', 3, 2, 1, false], ['deep', 2, 2, 2, true]]);
    const prob = tracks[0]!.topics[0]!;
    expect([prob.topic, prob.share, prob.accuracy, prob.covered]).toEqual(['probability', 1 / 3, 0.75, false]);
    expect(tracks[1]!.accuracy).toBe(0);
    expect(weakestTopics(tracks, 5).map((t) => t.topic)).toEqual(['probability']);

    const r = readinessOf(tracks, today);
    // probability needs ceil(0.6 * 3) = 2 retained and has 1.
    expect(COVERED_SHARE).toBe(0.6);
    expect(r).toEqual({ readyTracks: 1, totalTracks: 2, weakTopics: 1, toRetain: 1 });
    const goal = readinessOf(tracks, today, { date: '2026-04-25', day: today + 3 });
    expect(goal.goal).toEqual({ date: '2026-04-25', daysLeft: 3, perDay: 1 });
    const bigger = readinessOf(masteryOf(bank.questions, new Map(), new Map(), now), today, { date: 'x', day: today + 2 });
    // Nothing retained: 2 (probability) + 2 (cnns) to retain in 2 days.
    expect([bigger.toRetain, bigger.goal?.perDay, bigger.readyTracks]).toEqual([4, 2, 0]);
  });

  it('parses interview dates strictly', () => {
    expect(parseIsoDate('2027-01-15')).toBe(dayNumber(new Date('2027-01-15T12:00:00Z'), 'UTC'));
    for (const bad of ['2027-02-30', '2027-13-01', '15.01.2027', '2027-1-5', 'tomorrow', '']) expect(parseIsoDate(bad)).toBeUndefined();
  });

  it('decodes the activity ring and topic tallies as the answer script writes them', () => {
    const newest = 20_500;
    const raw = Buffer.alloc(4 + ACTIVITY_DAYS / 2);
    raw.writeUInt32BE(newest, 0);
    const put = (d: number, n: number) => {
      const slot = 8 + (d % ACTIVITY_DAYS);
      raw[slot >> 1] = slot % 2 === 0 ? (raw[slot >> 1]! & 0x0f) | (n << 4) : (raw[slot >> 1]! & 0xf0) | n;
    };
    put(newest, 15);
    put(newest - 1, 2);
    put(newest - ACTIVITY_DAYS + 1, 4);
    expect([...decodeActivity(raw)]).toEqual([[newest - ACTIVITY_DAYS + 1, 4], [newest - 1, 2], [newest, 15]]);
    expect(decodeActivity(null).size).toBe(0);
  });
});
