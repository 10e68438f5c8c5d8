/**
 * Streak rules: consecutive local calendar days with an answer, forgiven by freezes. Days are day numbers
 * (calendar.ts dayNumber) in the user's zone, so DST never adds or removes one.
 *
 * This is the reference for the Lua in src/store/streak-script.ts, which applies the same rules inside the
 * answer script; a property test keeps the two equal. Keep the arithmetic identical (doubles, no bit ops).
 *
 * - Answering on a new day extends the streak by one; every 7th day of a streak earns a freeze, up to a cap.
 * - Each missed day uses one freeze automatically; a missed day with no freeze left resets the streak (the
 *   freezes spent before it stay spent, as they would have been on those days). Frozen days keep the
 *   streak but do not lengthen it.
 * - Missed days are settled lazily, when the user next answers or is restored; views apply the same
 *   settling without storing it.
 * - The last 32 days are kept as two bit sets anchored at `calDay`: bit i is the day `calDay - i`.
 */

export const DEFAULT_FREEZE_CAP = 2;
export const DAYS_PER_FREEZE = 7;
/** Log entries kept per user. */
export const STREAK_LOG_LIMIT = 100;
export const CALENDAR_DAYS = 30;
/** Width of the stored day bit sets; values stay below 2^32, which Redis stores exactly as decimal text. */
export const DAY_BITS = 32;
export const MAX_RESTORE_DAYS = 3650;
export const MAX_RESTORE_REASON = 200;

export interface StreakState {
  current: number;
  best: number;
  /** Last day counted (answered or restored); 0 before the first answer. */
  lastDay: number;
  freezes: number;
  calDay: number;
  /** Days with an answer, bit i = calDay - i. */
  answered: number;
  /** Days kept by a freeze, bit i = calDay - i. */
  frozen: number;
}

export const NO_STREAK: StreakState = { current: 0, best: 0, lastDay: 0, freezes: 0, calDay: 0, answered: 0, frozen: 0 };

/** One change to a streak, as stored in the user's streak log (field names kept short: up to 100 per user). */
export type StreakEvent =
  | { k: 'start' | 'extend'; d: number; s: number }
  | { k: 'earn'; d: number; f: number }
  | { k: 'freeze'; d: number; s: number; f: number }
  | { k: 'reset'; d: number; p: number }
  | { k: 'restore'; d: number; p: number; s: number; by: string; r: string };

const SPAN = 2 ** DAY_BITS;

function shift(bits: number, by: number): number {
  if (by >= DAY_BITS) return 0;
  return (bits * 2 ** by) % SPAN;
}

function setBit(bits: number, b: number): number {
  if (b < 0 || b >= DAY_BITS || Math.floor(bits / 2 ** b) % 2 === 1) return bits;
  return bits + 2 ** b;
}

export function hasBit(bits: number, b: number): boolean {
  return b >= 0 && b < DAY_BITS && Math.floor(bits / 2 ** b) % 2 === 1;
}

/**
 * Brings a streak up to `today` without an answer: moves the calendar, spends a freeze on each missed day
 * before today, and resets the streak on the first missed day no freeze covers.
 */
export function settle(s: StreakState, today: number): { state: StreakState; events: StreakEvent[]; used: number } {
  const st = { ...s };
  const events: StreakEvent[] = [];
  // Streaks kept before day sets existed: their last `current` days were answered.
  if (st.calDay === 0 && st.lastDay > 0) {
    st.calDay = st.lastDay;
    st.answered = 2 ** Math.min(st.current, DAY_BITS) - 1;
  }
  if (today > st.calDay) {
    st.answered = shift(st.answered, today - st.calDay);
    st.frozen = shift(st.frozen, today - st.calDay);
    st.calDay = today;
  }
  let used = 0;
  if (st.current > 0 && st.lastDay > 0 && today - st.lastDay >= 2) {
    const missed = today - st.lastDay - 1;
    used = Math.min(missed, st.freezes);
    for (let i = 1; i <= used; i++) {
      st.freezes -= 1;
      st.frozen = setBit(st.frozen, st.calDay - (st.lastDay + i));
      events.push({ k: 'freeze', d: st.lastDay + i, s: st.current, f: st.freezes });
    }
    if (missed > used) {
      events.push({ k: 'reset', d: st.lastDay + used + 1, p: st.current });
      st.current = 0;
    }
    st.lastDay = today - 1;
  }
  return { state: st, events, used };
}

/** An answer on `today`: settles missed days, then counts the day once and may earn a freeze. */
export function answerDay(s: StreakState, today: number, freezeCap: number): { state: StreakState; events: StreakEvent[]; used: number; earned: boolean } {
  if (s.lastDay !== 0 && today <= s.lastDay) return { state: s, events: [], used: 0, earned: false };
  const { state: st, events, used } = settle(s, today);
  st.current += 1;
  events.push({ k: st.current === 1 ? 'start' : 'extend', d: today, s: st.current });
  st.best = Math.max(st.best, st.current);
  st.lastDay = today;
  st.answered = setBit(st.answered, st.calDay - today);
  let earned = false;
  if (st.current % DAYS_PER_FREEZE === 0 && st.freezes < freezeCap) {
    st.freezes += 1;
    earned = true;
    events.push({ k: 'earn', d: today, f: st.freezes });
  }
  return { state: st, events, used, earned };
}

/** An admin sets the streak to `days` on `today` (after settling); the next day's answer continues it. */
export function restoreStreak(s: StreakState, today: number, days: number, by: string, reason: string): { state: StreakState; events: StreakEvent[]; previous: number } {
  const { state: st, events } = settle(s, today);
  const previous = st.current;
  st.current = days;
  st.best = Math.max(st.best, days);
  if (st.lastDay < today - 1) st.lastDay = today - 1;
  events.push({ k: 'restore', d: today, p: previous, s: days, by, r: reason });
  return { state: st, events, previous };
}

/** The streak as it stands on `today` (freezes for missed days already spent). */
export function liveStreak(s: StreakState, today: number): { current: number; freezes: number; answeredToday: boolean } {
  const { state } = settle(s, today);
  return { current: state.current, freezes: state.freezes, answeredToday: s.lastDay === today };
}

export type DayMark = 'answered' | 'frozen' | 'missed' | 'today';

/** The last `n` days up to `today`, oldest first, as the user sees them today. */
export function recentDays(s: StreakState, today: number, n = CALENDAR_DAYS): { day: number; mark: DayMark }[] {
  const { state } = settle(s, today);
  const out: { day: number; mark: DayMark }[] = [];
  for (let day = today - n + 1; day <= today; day++) {
    const b = state.calDay - day;
    const mark: DayMark = hasBit(state.answered, b) ? 'answered' : hasBit(state.frozen, b) ? 'frozen' : day === today ? 'today' : 'missed';
    out.push({ day, mark });
  }
  return out;
}
