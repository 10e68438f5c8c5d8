/**
 * The per-user activity record behind the progress heatmap, and the per-topic answer tallies behind topic accuracy.
 *
 * Activity is one Redis string per user, written by the answer script with BITFIELD:
 * - bits 0-31: u32, the newest day number written (days in the user's zone, calendar.ts dayNumber);
 * - then ACTIVITY_DAYS 4-bit counters, a ring indexed by `day % ACTIVITY_DAYS`: answers on that day, saturating
 *   at ACTIVITY_MAX (15).
 * When a newer day is written, the slots of the days skipped since the newest one are cleared in the same
 * BITFIELD call, so a slot only ever holds its own day's count. 4 + 64 bytes per user; the key expires after
 * ACTIVITY_DAYS + 1 idle days, when everything in it is older than the ring anyway.
 *
 * Topic tallies are one hash per user: topic -> answered * TALLY_SCALE + correct, one HINCRBY per auto-graded
 * answer (open answers are self-assessed and not counted), so a field stays a single integer in a listpack.
 */

export const ACTIVITY_DAYS = 128;
export const ACTIVITY_MAX = 15;
/** u4 slots taken by the u32 header (BITFIELD "#n" offsets count in units of the type's width). */
export const ACTIVITY_HEADER_SLOTS = 8;
export const TALLY_SCALE = 2 ** 20;

/** Answers per day number for the days the record still holds. */
export type Activity = ReadonlyMap<number, number>;

/** Decodes the stored string (bytes as written by BITFIELD: big-endian bit order). */
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

export function decodeTally(raw: string | number | null | undefined): Tally {
  const v = Number(raw ?? 0);
  if (!Number.isFinite(v) || v <= 0) return { answered: 0, correct: 0 };
  return { answered: Math.floor(v / TALLY_SCALE), correct: v % TALLY_SCALE };
}

/** Share correct, or undefined with nothing auto-graded. */
export function accuracy(t: Tally): number | undefined {
  return t.answered > 0 ? t.correct / t.answered : undefined;
}
