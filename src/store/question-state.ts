/**
 * A user's packed state in a community: everything per question (seen, scored, self-assessment, FSRS card and due
 * time) and their streak log, in one Redis string (key `{c:<community>}:u:<user>:st`) instead of sets, hashes,
 * sorted sets and a list keyed by question ids:
 *
 *   byte 0      format version (1)
 *   bytes 1-2   how many question records follow (N)
 *   N question records of 23 bytes, sorted by question number (question-numbers.ts), big-endian:
 *   0-1   question number
 *   2     flags: 1 seen, 2 scored (its points were given), 4 credited (its open-answer credit was given),
 *         8 awaiting self-assessment (an open answer not yet assessed), 16|32 the last self-assessment
 *         (1 got, 2 partly, 3 missed), 64 queued for review
 *   3-8   FSRS stability × 1e8 (0: no card known yet)
 *   9-12  FSRS difficulty × 1e8
 *   13-18 due time (ms)
 *   19-20 days from the last review to the due time (the last review's UTC day is that of due minus these days)
 *   21    reviews, 22 lapses (both stop at 255)
 *   then the streak log to the end of the string (streak-log.ts).
 *
 * Stability and difficulty are multiples of 1e-8 (ts-fsrs rounds them so), so the integers hold them exactly.
 * The scripts read and write it with the Lua in question-state-script.ts; this module decodes it for the reads
 * that run in the services (/quiz, /review, /mock, /streak log).
 */
import { DAY_MS, type Card } from '../domain/fsrs.js';
import type { SelfLevel } from '../core/action-ids.js';

export const STATE_VERSION = 1;
export const RECORD_BYTES = 23;
/** Bytes before the first question record: the version and the record count. */
export const STATE_HEADER = 3;

export const FLAG = { seen: 1, scored: 2, credited: 4, awaiting: 8, levelShift: 4, levelMask: 48, queued: 64 } as const;
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

/** Where the streak log starts in a packed state (its end when the state is empty or unreadable). */
export function logOffset(buf: Buffer | null | undefined): number {
  if (!buf || buf.length < STATE_HEADER || buf[0] !== STATE_VERSION) return buf?.length ?? 0;
  return Math.min(buf.length, STATE_HEADER + buf.readUInt16BE(1) * RECORD_BYTES);
}

export function decodeStates(buf: Buffer | null | undefined): QuestionRecord[] {
  if (!buf || buf.length < STATE_HEADER || buf[0] !== STATE_VERSION) return [];
  const out: QuestionRecord[] = [];
  const end = logOffset(buf);
  for (let p = STATE_HEADER; p + RECORD_BYTES <= end; p += RECORD_BYTES) {
    out.push({
      qnum: buf.readUInt16BE(p), flags: buf.readUInt8(p + 2), s: buf.readUIntBE(p + 3, 6) / 1e8, d: buf.readUInt32BE(p + 9) / 1e8,
      dueMs: buf.readUIntBE(p + 13, 6), ivl: buf.readUInt16BE(p + 19), reps: buf.readUInt8(p + 21), lapses: buf.readUInt8(p + 22),
    });
  }
  return out;
}

/** Packs records (sorted here by question number) and a streak log; the inverse of decodeStates. */
export function encodeStates(records: readonly QuestionRecord[], log: Buffer = Buffer.alloc(0)): Buffer {
  const sorted = [...records].sort((a, b) => a.qnum - b.qnum);
  const buf = Buffer.alloc(STATE_HEADER + sorted.length * RECORD_BYTES + log.length);
  buf[0] = STATE_VERSION;
  buf.writeUInt16BE(sorted.length, 1);
  sorted.forEach((r, i) => {
    const p = STATE_HEADER + i * RECORD_BYTES;
    buf.writeUInt16BE(r.qnum, p);
    buf.writeUInt8(r.flags & 0xff, p + 2);
    buf.writeUIntBE(Math.round(r.s * 1e8), p + 3, 6);
    buf.writeUInt32BE(Math.round(r.d * 1e8), p + 9);
    buf.writeUIntBE(Math.max(0, Math.round(r.dueMs)), p + 13, 6);
    buf.writeUInt16BE(Math.min(65_535, Math.max(0, r.ivl)), p + 19);
    buf.writeUInt8(Math.min(255, r.reps), p + 21);
    buf.writeUInt8(Math.min(255, r.lapses), p + 22);
  });
  log.copy(buf, STATE_HEADER + sorted.length * RECORD_BYTES);
  return buf;
}

export const emptyRecord = (qnum: number): QuestionRecord => ({ qnum, flags: 0, s: 0, d: 0, dueMs: 0, ivl: 0, reps: 0, lapses: 0 });
