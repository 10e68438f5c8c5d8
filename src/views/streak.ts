import { dateOfDayNumber, formatLocalDate } from '../domain/calendar.js';
import type { DayMark, StreakEvent } from '../domain/streak.js';

const MARK: Record<DayMark, string> = { answered: '✅', frozen: '🧊', missed: '⬛', today: '🔲' };
const BEFORE = '▫️';
export const CALENDAR_LEGEND = '✅ answered · 🧊 freeze used · ⬛ no answer · 🔲 today, not yet';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const short = (day: number) => formatLocalDate(dateOfDayNumber(day)).slice(5);

/**
 * The days as a small calendar, one row per week (Monday first), each row labelled with its Monday's date
 * (MM-DD); days before the window are ▫️, days after today are left out.
 */
export function calendarText(marks: { day: number; mark: DayMark }[]): string {
  if (marks.length === 0) return '';
  const rows: string[] = [];
  const first = marks[0]!.day;
  const weekday = (day: number) => (new Date(day * 86_400_000).getUTCDay() + 6) % 7; // Monday 0
  let monday = first - weekday(first);
  let row = BEFORE.repeat(first - monday);
  for (const { day, mark } of marks) {
    if (day - monday >= 7) {
      rows.push(`\`${short(monday)}\` ${row}`);
      monday += 7;
      row = '';
    }
    row += MARK[mark];
  }
  rows.push(`\`${short(monday)}\` ${row}`);
  return rows.join('\n');
}

/** "22 answered, 2 frozen, 6 without an answer": the calendar in words. */
export function calendarSummary(marks: { mark: DayMark }[]): string {
  const count = (m: DayMark) => marks.filter((x) => x.mark === m).length;
  const parts = [`${count('answered')} answered`, `${count('frozen')} kept by a freeze`, `${count('missed')} without an answer`];
  return `Last ${marks.length} days: ${parts.join(', ')}.`;
}

/** One log entry as a line; `name` turns the restoring admin's id into a display name. */
export function logLine(e: StreakEvent, name: (userId: string) => string): string {
  const when = formatLocalDate(dateOfDayNumber(e.d));
  switch (e.k) {
    case 'start': return `${when} 🌱 started a streak`;
    case 'extend': return `${when} 🔥 extended to ${days(e.s)}`;
    case 'earn': return `${when} 🎁 earned a freeze (${e.f} held)`;
    case 'freeze': return `${when} 🧊 missed: a freeze kept the ${e.s}-day streak (${e.f} left)`;
    case 'reset': return `${when} 💥 missed with no freeze left: the ${e.p}-day streak ended`;
    case 'restore': return `${when} 🛟 restored to ${days(e.s)} (was ${e.p}) by ${name(e.by)}: ${e.r}`;
    default: return `${when} (unknown change)`;
  }
}

/** What an answer did to the streak beyond counting the day, for the answer's result. */
export function freezeNews(o: { streak: number; freezes: number; freezesUsed: number; freezeEarned: boolean }, cap: number): string {
  const out: string[] = [];
  const n = o.freezesUsed;
  // A kept streak is at least 2 after today's answer; a streak of 1 after spending freezes means they ran out.
  if (n > 0 && o.streak > 1) out.push(`🧊 ${n === 1 ? 'A freeze' : `${n} freezes`} covered the ${n === 1 ? 'day' : 'days'} you missed.`);
  if (n > 0 && o.streak === 1) out.push(`🧊 ${n === 1 ? 'Your freeze' : `Your ${n} freezes`} ran out before you came back, so a new streak starts today.`);
  if (o.freezeEarned) out.push(`🎁 You earned a streak freeze (${o.freezes}/${cap}).`);
  return out.join(' ');
}
