/**
 * The per-user activity record behind the progress heatmap, and the per-topic answer tallies behind topic accuracy.
 *
 * Activity is ACTIVITY_BYTES bytes of the user's packed state (store/question-state.ts), written by the answer script:
 * - bytes 0-3: the newest day number written (big-endian; days in the user's zone, calendar.ts dayNumber);
 * - then ACTIVITY_DAYS 4-bit counters, a ring indexed by `day % ACTIVITY_DAYS`: answers on that day, saturating
 *   at ACTIVITY_MAX (15); counter n is the high half of byte n / 2 when n is even (counting the 8 halves of the
 *   first four bytes), the layout BITFIELD u4 gives.
 * When a newer day is written, the slots of the days skipped since the newest one are cleared in the same
 * script, so a slot only ever holds its own day's count; days older than the ring are never read.
 *
 * Topic tallies (answered and correct per topic) come from the per-question records of the same state: the answers
 * to an auto-graded question are its reviews (store/question-state.ts answersOf).
 */

/** The ring holds the 84 days the heatmap shows (domain/progress.ts), and a few more for a zone a day ahead. */
export const ACTIVITY_DAYS = 88;
export const ACTIVITY_MAX = 15;
/** 4-bit slots taken by the newest day (its four bytes). */
export const ACTIVITY_HEADER_SLOTS = 8;
export const ACTIVITY_BYTES = 4 + ACTIVITY_DAYS / 2;

/** Answers per day number for the days the record still holds. */
export type Activity = ReadonlyMap<number, number>;

/** Decodes the stored record. */
export function decodeActivity(raw: Uint8Array | null | undefined): Activity {
  const out = new Map<number, number>();
  if (!raw || raw.length < 4) return out;
  const newest = ((raw[0]! << 24) >>> 0) + (raw[1]! << 16) + (raw[2]! << 8) + raw[3]!;
  if (newest === 0) return out;
  for (let day = Math.max(1, newest - ACTIVITY_DAYS + 1); day <= newest; day++) {
    const slot = ACTIVITY_HEADER_SLOTS + (day % ACTIVITY_DAYS);
    const byte = raw[slot >> 1];
    if (byte === undefined) continue;
    const count = slot % 2 === 0 ? byte >> 4 : byte & 0x0f;
    if (count > 0) out.set(day, count);
  }
  return out;
}

export interface Tally { answered: number; correct: number }

/** Share correct, or undefined with nothing auto-graded. */
export function accuracy(t: Tally): number | undefined {
  return t.answered > 0 ? t.correct / t.answered : undefined;
}
