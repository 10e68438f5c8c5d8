/**
 * A user's packed state in a community: everything per question (seen, scored, self-assessment, FSRS card and due
 * time), their answers per day and their streak log, in one Redis string (key `{c:<community>}:u:<user>:st`) instead
 * of sets, hashes, sorted sets, a list and a bit field keyed by question ids and days:
 *
 *   byte 0      format version (1)
 *   bytes 1-2   how many question records follow (N)
 *   byte 3      length of the activity record after them (A: 0, or ACTIVITY_BYTES once the user answered)
 *   N question records of 22 bytes, sorted by question number (question-numbers.ts), big-endian:
 *   0-1   question number
 *   2     flags: 1 seen, 2 scored (its points were given), 4 credited (its open-answer credit was given),
 *         8 awaiting self-assessment (an open answer not yet assessed), 16|32 the last self-assessment
 *         (1 got, 2 partly, 3 missed), 64 queued for review, 128 its first review was Again
 *   3-11  FSRS stability × 1e8 (42 bits; 0: no card known yet), then difficulty × 1e8 (30 bits)
 *   12-17 due time (ms)
 *   18-19 days from the last review to the due time (the last review's UTC day is that of due minus these days)
 *   20    reviews, 21 lapses (both stop at 255)
 *   the activity record: answers per day in a ring of 4-bit counters (domain/activity.ts)
 *   then the streak log to the end of the string (streak-log.ts).
 *
 * Stability and difficulty are multiples of 1e-8 (ts-fsrs rounds them so), so the integers hold them exactly.
 * The scripts read and write it with the Lua in question-state-script.ts; this module decodes it for the reads
 * that run in the services (/quiz, /review, /mock, /streak log).
 */
import { DAY_MS, type Card } from '../domain/fsrs.js';
import type { SelfLevel } from '../core/action-ids.js';

export const STATE_VERSION = 1;
export const RECORD_BYTES = 22;
/** Difficulty takes the low 30 bits of the 72 that stability and difficulty share. */
const D_BITS = 2 ** 30;
/** Bytes before the first question record: the version, the record count and the activity length. */
export const STATE_HEADER = 4;

/** Record flags; `firstWrong`: the first review was Again (with `lapses`, it gives how many answers were wrong). */
export const FLAG = { seen: 1, scored: 2, credited: 4, awaiting: 8, levelShift: 4, levelMask: 48, queued: 64, firstWrong: 128 } as const;
export const LEVELS: readonly SelfLevel[] = ['got', 'partly', 'missed'];

export interface QuestionRecord {
  qnum: number;
  flags: number;
  /** Stability, 0 when no card is known (a queued question from before FSRS cards). */
  s: number;
  d: number;
  dueMs: number;
  ivl: number;
  reps: number;
  lapses: number;
}

export const hasFlag = (r: QuestionRecord, f: number) => (r.flags & f) !== 0;

/** The last self-assessment of the question, if any. */
export function levelOf(r: QuestionRecord): SelfLevel | undefined {
  const n = (r.flags & FLAG.levelMask) >> FLAG.levelShift;
  return n > 0 ? LEVELS[n - 1] : undefined;
}

/** The FSRS card a record holds, if it holds one. */
export function cardOfRecord(r: QuestionRecord): Card | undefined {
  if (r.s <= 0 || r.d < 1) return undefined;
  return { s: r.s, d: r.d, day: Math.floor((r.dueMs - r.ivl * DAY_MS) / DAY_MS), reps: r.reps, lapses: r.lapses };
}

const readable = (buf: Buffer): boolean => buf.length >= STATE_HEADER && buf[0] === STATE_VERSION;
const recordsEnd = (buf: Buffer) => Math.min(buf.length, STATE_HEADER + buf.readUInt16BE(1) * RECORD_BYTES);

/** Where the streak log starts in a packed state (its end when the state is empty or unreadable). */
export function logOffset(buf: Buffer | null | undefined): number {
  if (!buf) return 0;
  if (!readable(buf)) return buf.length;
  return Math.min(buf.length, recordsEnd(buf) + buf.readUInt8(3));
}

/** The activity record of a packed state (empty when the user has none). */
export function activityOf(buf: Buffer | null | undefined): Buffer {
  if (!buf || !readable(buf)) return Buffer.alloc(0);
  return buf.subarray(recordsEnd(buf), logOffset(buf));
}

/** Answered and wrong answers of a record (the answers of an auto-graded question are its reviews). */
export function answersOf(r: QuestionRecord): { answered: number; correct: number } {
  const wrong = Math.min(r.reps, r.lapses + (r.flags & FLAG.firstWrong ? 1 : 0));
  return { answered: r.reps, correct: r.reps - wrong };
}

export function decodeStates(buf: Buffer | null | undefined): QuestionRecord[] {
  if (!buf || !readable(buf)) return [];
  const out: QuestionRecord[] = [];
  const end = recordsEnd(buf);
  for (let p = STATE_HEADER; p + RECORD_BYTES <= end; p += RECORD_BYTES) {
    const hi = buf.readUInt32BE(p + 3);
    const lo = buf.readUIntBE(p + 7, 5);
    out.push({
      qnum: buf.readUInt16BE(p), flags: buf.readUInt8(p + 2), s: (hi * 1024 + Math.floor(lo / D_BITS)) / 1e8, d: (lo % D_BITS) / 1e8,
      dueMs: buf.readUIntBE(p + 12, 6), ivl: buf.readUInt16BE(p + 18), reps: buf.readUInt8(p + 20), lapses: buf.readUInt8(p + 21),
    });
  }
  return out;
}

/** Packs records (sorted here by question number), an activity record and a streak log; the inverse of the decoders. */
export function encodeStates(records: readonly QuestionRecord[], log: Buffer = Buffer.alloc(0), activity: Buffer = Buffer.alloc(0)): Buffer {
  const sorted = [...records].sort((a, b) => a.qnum - b.qnum);
  const buf = Buffer.alloc(STATE_HEADER + sorted.length * RECORD_BYTES + activity.length + log.length);
  buf[0] = STATE_VERSION;
  buf.writeUInt16BE(sorted.length, 1);
  buf.writeUInt8(activity.length, 3);
  sorted.forEach((r, i) => {
    const p = STATE_HEADER + i * RECORD_BYTES;
    buf.writeUInt16BE(r.qnum, p);
    buf.writeUInt8(r.flags & 0xff, p + 2);
    const sInt = Math.round(r.s * 1e8);
    buf.writeUInt32BE(Math.floor(sInt / 1024), p + 3);
    buf.writeUIntBE((sInt % 1024) * D_BITS + Math.round(r.d * 1e8), p + 7, 5);
    buf.writeUIntBE(Math.max(0, Math.round(r.dueMs)), p + 12, 6);
    buf.writeUInt16BE(Math.min(65_535, Math.max(0, r.ivl)), p + 18);
    buf.writeUInt8(Math.min(255, r.reps), p + 20);
    buf.writeUInt8(Math.min(255, r.lapses), p + 21);
  });
  activity.copy(buf, STATE_HEADER + sorted.length * RECORD_BYTES);
  log.copy(buf, STATE_HEADER + sorted.length * RECORD_BYTES + activity.length);
  return buf;
}

export const emptyRecord = (qnum: number): QuestionRecord => ({ qnum, flags: 0, s: 0, d: 0, dueMs: 0, ivl: 0, reps: 0, lapses: 0 });
