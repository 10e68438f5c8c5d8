/**
 * Calendar arithmetic in a time zone. Days are compared as local dates (never as 24-hour spans),
 * so a DST change cannot make a day disappear or repeat.
 */

export interface LocalDate { year: number; month: number; day: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(tz, f);
  }
  return f;
}

export function localParts(instant: Date, tz: string): LocalDate & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

export function localDate(instant: Date, tz: string): LocalDate {
  const { year, month, day } = localParts(instant, tz);
  return { year, month, day };
}

/** Days since 1970-01-01 of the local calendar date: consecutive dates differ by exactly 1. */
export function dayNumber(instant: Date, tz: string): number {
  const d = localDate(instant, tz);
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

export function dateOfDayNumber(n: number): LocalDate {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO-8601 week of a local date: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(d: LocalDate): { year: number; week: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export type PeriodKind = 'week' | 'month';

export interface Periods {
  week: string;   // e.g. 2026-W47
  month: string;  // e.g. 2026-11
  /** Unix seconds after which the period boards may expire (a generous while after the period ends). */
  weekExpireAt: number;
  monthExpireAt: number;
  /** The periods before these, whose boards are finished. */
  previousWeek: string;
  previousMonth: string;
}

/** How long a finished period's board is kept (its top entries only: see FINISHED_BOARD_SIZE), so "last week" still shows. */
export const PERIOD_RETENTION_DAYS = 70;

export function periodsAt(instant: Date, tz: string): Periods {
  const d = localDate(instant, tz);
  const w = isoWeek(d);
  const today = dayNumber(instant, tz);
  const dow = new Date(today * 86_400_000).getUTCDay() || 7;
  const weekEndDay = today + (7 - dow) + 1;
  const monthEndDay = Math.round(Date.UTC(d.year, d.month, 1) / 86_400_000);
  const pw = isoWeek(dateOfDayNumber(today - 7));
  return {
    week: `${w.year}-W${pad(w.week)}`,
    month: `${d.year}-${pad(d.month)}`,
    previousWeek: `${pw.year}-W${pad(pw.week)}`,
    previousMonth: d.month === 1 ? `${d.year - 1}-12` : `${d.year}-${pad(d.month - 1)}`,
    weekExpireAt: (weekEndDay + PERIOD_RETENTION_DAYS) * 86_400 + 86_400,
    monthExpireAt: (monthEndDay + PERIOD_RETENTION_DAYS) * 86_400 + 86_400,
  };
}

export function formatLocalDate(d: LocalDate): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** Today's day number and periods for a zone, memoised per minute (Intl formatting is the costly part of an answer). */
const memo = new Map<string, { today: number; periods: Periods }>();
export function calendarAt(instant: Date, tz: string): { today: number; periods: Periods } {
  const key = `${tz}|${Math.floor(instant.getTime() / 60_000)}`;
  let hit = memo.get(key);
  if (!hit) {
    if (memo.size > 1000) memo.clear();
    hit = { today: dayNumber(instant, tz), periods: periodsAt(instant, tz) };
    memo.set(key, hit);
  }
  return hit;
}
