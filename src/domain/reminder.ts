/**
 * Streak reminders: the time a user picked, and whether the reminder of one of their days still has a reason to
 * go out. Days are local day numbers (calendar.ts) in the user's zone, so DST never shifts which day is meant.
 */

export const DEFAULT_REMINDER_TIME = '20:00';

export type TimeCheck = { ok: true; time: string; hour: number; minute: number } | { ok: false; message: string };

/** "7:30", "07:30" or "19:05" -> "07:30" / "19:05"; anything else is explained. */
export function checkReminderTime(input: string | undefined): TimeCheck {
  const raw = (input ?? '').trim();
  if (raw === '') return reminderTime(DEFAULT_REMINDER_TIME)!;
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw);
  const parsed = m ? reminderTime(`${m[1]!.padStart(2, '0')}:${m[2]}`) : undefined;
  if (parsed) return parsed;
  const shown = raw.length > 20 ? `${raw.slice(0, 20)}…` : raw;
  return {
    ok: false,
    message: m
      ? `"${shown}" is not a time of day. Use 24-hour HH:MM from 00:00 to 23:59, e.g. 20:00 or 07:30.`
      : `"${shown}" is not a time I understand. Use 24-hour HH:MM in your own time zone, e.g. \`/remind on 20:00\` or \`/remind on 07:30\`.`,
  };
}

function reminderTime(hhmm: string): { ok: true; time: string; hour: number; minute: number } | undefined {
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  if (!Number.isInteger(h) || !Number.isInteger(mi) || h > 23 || mi > 59) return undefined;
  return { ok: true, time: hhmm, hour: h, minute: mi };
}

/** Why a reminder job sends nothing (or fails for good). */
export type SkipReason = 'off' | 'answered' | 'late';

/**
 * Whether the reminder for `day` goes out at `now`:
 * - `off`: the user turned reminders off (or a refusal did);
 * - `answered`: their streak already counts that day (`lastDay` is the last local day counted);
 * - `late`: the day is over in their zone, or the reminder is more than `graceMs` past its time (downtime, retries);
 * - `early`: its time is still ahead (the user moved it later): wait until then;
 * - `send`.
 */
export function reminderDecision(r: { on: boolean; day: number; dueMs: number; today: number; lastDay: number; nowMs: number; graceMs: number }):
  | { action: 'skip'; reason: SkipReason }
  | { action: 'early'; waitMs: number }
  | { action: 'send' } {
  if (!r.on) return { action: 'skip', reason: 'off' };
  if (r.lastDay >= r.day) return { action: 'skip', reason: 'answered' };
  if (r.today !== r.day || r.nowMs > r.dueMs + r.graceMs) return { action: 'skip', reason: 'late' };
  // A second's slack: a delayed job may be promoted a moment before its time.
  if (r.nowMs < r.dueMs - 1000) return { action: 'early', waitMs: r.dueMs - r.nowMs };
  return { action: 'send' };
}

/** What is at stake today, in words, for the reminder (the live streak and freezes as `/streak` shows them). */
export function stakeLine(live: { current: number; freezes: number }): string {
  const days = `${live.current}-day streak`;
  if (live.current === 0) return 'You have not answered today. One tap below starts a new streak.';
  if (live.freezes > 0) {
    return `Your 🔥 ${days} is waiting for today's answer. Miss today and a freeze keeps it (🧊 ${live.freezes} held, ${live.freezes - 1} left after).`;
  }
  return `Your 🔥 ${days} ends tonight without an answer today: you have no freeze left to cover the day.`;
}
