import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/domain/calendar.js';
import { checkReminderTime, reminderDecision, stakeLine } from '../../src/domain/reminder.js';
import { nextReminderAt, reminderOn } from '../../src/schedule/reminder-times.js';

const iso = (d: Date) => d.toISOString();
const day = (s: string, zone: string) => dayNumber(new Date(s), zone);

describe('reminder times', () => {
  it('accepts 24-hour HH:MM (and H:MM), defaults to 20:00, and explains anything else', () => {
    expect(checkReminderTime(undefined)).toMatchObject({ ok: true, time: '20:00' });
    expect(checkReminderTime(' 7:30 ')).toMatchObject({ ok: true, time: '07:30', hour: 7, minute: 30 });
    expect(checkReminderTime('00:00')).toMatchObject({ ok: true, time: '00:00' });
    expect(checkReminderTime('23:59')).toMatchObject({ ok: true, time: '23:59' });
    for (const bad of ['24:00', '25:00', '12:60', '7:5']) {
      const r = checkReminderTime(bad);
      expect(r.ok, bad).toBe(false);
    }
    expect(checkReminderTime('24:00')).toMatchObject({ message: expect.stringContaining('"24:00" is not a time of day') });
    expect(checkReminderTime('8pm')).toMatchObject({ message: expect.stringContaining('"8pm" is not a time I understand') });
    expect(checkReminderTime('20.00')).toMatchObject({ ok: false });
    expect(checkReminderTime('-1:00')).toMatchObject({ ok: false });
  });

  it('falls at the local time every day across DST, once per local day', () => {
    // Berlin springs forward on Sunday 29 March 2026 and falls back on Sunday 25 October 2026.
    const spring = [0, 1, 2].map((i) => nextReminderAt(new Date(Date.UTC(2026, 2, 28 + i, 12)), '20:00', 'Europe/Berlin'));
    expect(spring.map(iso)).toEqual(['2026-03-28T19:00:00.000Z', '2026-03-29T18:00:00.000Z', '2026-03-30T18:00:00.000Z']);
    // A time in the skipped hour comes an hour later that day; on the fall-back day the first 02:30 counts.
    expect(iso(reminderOn(day('2026-03-29T12:00:00Z', 'Europe/Berlin'), '02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(reminderOn(day('2026-10-25T12:00:00Z', 'Europe/Berlin'), '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    // Auckland leaves daylight saving on Sunday 5 April 2026: 20:00 NZDT (07:00Z) then 20:00 NZST (08:00Z).
    const auckland = [4, 5].map((d) => reminderOn(day(`2026-04-0${d}T03:00:00Z`, 'Pacific/Auckland'), '20:00', 'Pacific/Auckland'));
    expect(auckland.map(iso)).toEqual(['2026-04-04T07:00:00.000Z', '2026-04-05T08:00:00.000Z']);
    // Strictly after: at the reminder's own time, the next one is the next day's.
    expect(iso(nextReminderAt(new Date('2026-03-28T19:00:00Z'), '20:00', 'Europe/Berlin'))).toBe('2026-03-29T18:00:00.000Z');
    // reminderOn and nextReminderAt agree for every day of a year with two DST changes.
    let at = new Date('2026-01-01T12:00:00Z');
    for (let i = 0; i < 366; i++) {
      const next = nextReminderAt(at, '02:30', 'America/New_York');
      expect(iso(reminderOn(dayNumber(next, 'America/New_York'), '02:30', 'America/New_York'))).toBe(iso(next));
      expect(dayNumber(next, 'America/New_York')).toBe(dayNumber(at, 'America/New_York') + 1);
      at = next;
    }
  });
});

describe('whether a reminder goes out', () => {
  const base = { on: true, day: 100, dueMs: 1_000_000, today: 100, lastDay: 99, nowMs: 1_000_000, graceMs: 3_600_000 };
  it('sends when on, not answered, on its day and within the grace window', () => {
    expect(reminderDecision(base)).toEqual({ action: 'send' });
    expect(reminderDecision({ ...base, nowMs: base.dueMs + base.graceMs })).toEqual({ action: 'send' });
  });
  it('skips when off, answered that day, too late or on another day; waits when early', () => {
    expect(reminderDecision({ ...base, on: false })).toEqual({ action: 'skip', reason: 'off' });
    expect(reminderDecision({ ...base, lastDay: 100 })).toEqual({ action: 'skip', reason: 'answered' });
    expect(reminderDecision({ ...base, nowMs: base.dueMs + base.graceMs + 1 })).toEqual({ action: 'skip', reason: 'late' });
    expect(reminderDecision({ ...base, today: 101 })).toEqual({ action: 'skip', reason: 'late' });
    expect(reminderDecision({ ...base, nowMs: base.dueMs - 60_000 })).toEqual({ action: 'early', waitMs: 60_000 });
  });
  it('says what is at stake', () => {
    expect(stakeLine({ current: 0, freezes: 0 })).toMatch(/starts a new streak/);
    expect(stakeLine({ current: 12, freezes: 1 })).toMatch(/12-day streak.*a freeze keeps it \(🧊 1 held, 0 left after\)/);
    expect(stakeLine({ current: 5, freezes: 0 })).toMatch(/5-day streak.*no freeze left/);
  });
});
