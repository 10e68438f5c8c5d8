import { describe, expect, it } from 'vitest';
import { dayNumber, isoWeek, periodsAt } from '../../src/domain/calendar.js';

describe('dayNumber', () => {
  it('counts calendar days in the time zone, not 24-hour spans, across DST', () => {
    // Europe/Berlin springs forward on 2026-03-29 (a 23-hour day) and falls back on 2026-10-25 (25 hours).
    const tz = 'Europe/Berlin';
    const sat = dayNumber(new Date('2026-03-28T23:30:00+01:00'), tz);
    const sunEarly = dayNumber(new Date('2026-03-29T00:10:00+01:00'), tz);
    const sunLate = dayNumber(new Date('2026-03-29T23:50:00+02:00'), tz);
    const mon = dayNumber(new Date('2026-03-30T00:05:00+02:00'), tz);
    expect(sunEarly - sat).toBe(1);
    expect(sunLate).toBe(sunEarly);
    expect(mon - sunLate).toBe(1);
    // 23:30 Saturday to 00:30 Monday after fall-back is 26 hours but exactly two days.
    expect(dayNumber(new Date('2026-10-26T00:30:00+01:00'), tz) - dayNumber(new Date('2026-10-24T23:30:00+02:00'), tz)).toBe(2);
  });

  it('depends on the zone: the same instant can be different dates', () => {
    const t = new Date('2026-06-01T02:00:00Z');
    expect(dayNumber(t, 'America/Los_Angeles')).toBe(dayNumber(t, 'UTC') - 1);
    expect(dayNumber(t, 'Asia/Tokyo')).toBe(dayNumber(t, 'UTC'));
  });
});

describe('periods', () => {
  it('uses ISO weeks (week 1 holds the first Thursday)', () => {
    expect(isoWeek({ year: 2027, month: 1, day: 1 })).toEqual({ year: 2026, week: 53 });
    expect(isoWeek({ year: 2026, month: 1, day: 1 })).toEqual({ year: 2026, week: 1 });
    expect(isoWeek({ year: 2024, month: 12, day: 30 })).toEqual({ year: 2025, week: 1 });
  });

  it('computes week and month keys in the community time zone', () => {
    const t = new Date('2026-11-29T23:30:00Z'); // Sunday night in UTC, Monday morning in Tokyo
    expect(periodsAt(t, 'UTC')).toMatchObject({ week: '2026-W48', month: '2026-11' });
    expect(periodsAt(t, 'Asia/Tokyo')).toMatchObject({ week: '2026-W49', month: '2026-11' });
    expect(periodsAt(new Date('2026-11-30T16:00:00Z'), 'Asia/Tokyo').month).toBe('2026-12');
  });

  it('expires period boards after the period ends', () => {
    const t = new Date('2026-11-21T12:00:00Z');
    const p = periodsAt(t, 'UTC');
    expect(p.weekExpireAt * 1000).toBeGreaterThan(Date.parse('2026-11-23T00:00:00Z'));
    expect(p.monthExpireAt * 1000).toBeGreaterThan(Date.parse('2026-12-01T00:00:00Z'));
  });
});
