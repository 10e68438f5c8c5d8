import { afterEach, describe, expect, it, vi } from 'vitest';
import { latestSlot, nextFireTimes, parseWhen, parseWindow } from '../../src/schedule/when.js';

afterEach(() => { vi.useRealTimers(); });

describe('parseWhen', () => {
  it.each([
    ['daily 09:00', '0 9 * * *'], ['weekdays 18:30', '30 18 * * 1-5'], ['weekends 10:05', '5 10 * * 0,6'],
    ['mon,wed,fri 7:15', '15 7 * * 1,3,5'], ['Tuesday at 08:00', '0 8 * * 2'], ['hourly', '0 * * * *'], ['0 9 * * 1-5', '0 9 * * 1-5'],
  ])('%s -> %s', (input, cron) => {
    expect(parseWhen(input).cron).toBe(cron);
  });

  it.each(['', 'daily 25:00', 'sometimes', '61 * * * *', '* * * * * *', 'daily'])('rejects %j', (input) => {
    expect(() => parseWhen(input)).toThrow();
  });

  it('parses answer windows within 5 minutes and 7 days', () => {
    expect(parseWindow('8h')).toBe(480);
    expect(parseWindow('1h30m')).toBe(90);
    expect(parseWindow('1d')).toBe(1440);
    for (const bad of ['2m', '8d', 'soon', '']) expect(() => parseWindow(bad)).toThrow(/answer window/);
  });
});

describe('fire times across DST', () => {
  it('keeps 09:00 local in Europe/Berlin when clocks spring forward (UTC offset +1 -> +2)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-27T12:00:00Z'));
    expect(nextFireTimes('0 9 * * *', 'Europe/Berlin', 4).map((d) => d.toISOString())).toEqual([
      '2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z',
    ]);
  });

  it('keeps 18:30 local on weekdays in America/New_York when clocks fall back (-4 -> -5)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-10-29T12:00:00Z'));
    expect(nextFireTimes('30 18 * * 1-5', 'America/New_York', 3).map((d) => d.toISOString())).toEqual([
      '2026-10-29T22:30:00.000Z', '2026-10-30T22:30:00.000Z', '2026-11-02T23:30:00.000Z',
    ]);
  });

  it('finds the latest slot inside a grace window, and none outside it', () => {
    const now = new Date('2026-03-29T07:20:00Z'); // 09:20 in Berlin on the DST day
    expect(latestSlot('0 9 * * *', 'Europe/Berlin', now, 3 * 3_600_000)?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(latestSlot('0 9 * * *', 'Europe/Berlin', now, 10 * 60_000)).toBeUndefined();
  });
});
