import type { Grade } from './grading.js';

/**
 * The stored record of one answer: what was answered (the grade), whether it was correct, the points it was worth
 * and whether the hint was taken first. Kept small (well under Redis's 64-byte listpack limit for choice and
 * numeric answers) as `[h]<kind><correct>|<points>|<payload>`:
 *
 * - kind `c` (choice), `n` (numeric) or `o` (open); correct `1`, `0`, or `-` for an open answer;
 * - payload: `<picked>,<option key>` for a choice, the number for a numeric answer, the text for an open one;
 * - a leading `h` when the user took the hint before answering (the answer script adds it).
 *
 * Records written before this format are JSON objects (`{"g":{...},"c":true,"p":20,"h":1}`) and still decode.
 */
export interface AnswerRecord { g: Grade; c?: boolean; p: number; h?: 1 }

const utf8 = new TextEncoder();

/** The text cut to at most `maxBytes` bytes of UTF-8 (whole characters), marked with an ellipsis when cut. */
export function clipBytes(text: string, maxBytes: number): string {
  if (utf8.encode(text).length <= maxBytes) return text;
  let out = '';
  let used = 0;
  const room = maxBytes - 3; // the ellipsis is three bytes
  for (const ch of text) {
    const n = utf8.encode(ch).length;
    if (used + n > room) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}

/**
 * Encodes a record without the hint mark. `maxBytes` caps the whole record (an open answer's text is cut to fit,
 * leaving a byte for the hint mark), for records kept in a hash that must stay a listpack.
 */
export function encodeAnswer(r: { g: Grade; c?: boolean; p: number }, maxBytes?: number): string {
  const g = r.g;
  const correct = r.c === undefined ? '-' : r.c ? '1' : '0';
  switch (g.kind) {
    case 'choice': return `c${correct}|${r.p}|${g.picked},${g.opt ?? ''}`;
    case 'numeric': return `n${correct}|${r.p}|${g.given}`;
    case 'open': {
      const head = `o${correct}|${r.p}|`;
      return head + (maxBytes === undefined ? g.text : clipBytes(g.text, maxBytes - 1 - head.length));
    }
  }
}

const COMPACT = /^(h?)([cno])([-01])\|(\d+)\|([\s\S]*)$/;

export function decodeAnswer(raw: string | null | undefined): AnswerRecord | undefined {
  if (!raw) return undefined;
  if (raw.startsWith('{')) {
    try {
      const v = JSON.parse(raw) as AnswerRecord;
      return v && typeof v === 'object' && v.g ? v : undefined;
    } catch {
      return undefined;
    }
  }
  const m = COMPACT.exec(raw);
  if (!m) return undefined;
  const [, hint, kind, correct, points, payload] = m as unknown as [string, string, string, string, string, string];
  const c = correct === '-' ? undefined : correct === '1';
  let g: Grade;
  if (kind === 'c') {
    const comma = payload.indexOf(',');
    const picked = Number(comma < 0 ? payload : payload.slice(0, comma));
    const opt = comma < 0 ? '' : payload.slice(comma + 1);
    g = { kind: 'choice', correct: c === true, picked, ...(opt ? { opt } : {}) };
  } else if (kind === 'n') {
    g = { kind: 'numeric', correct: c === true, given: Number(payload) };
  } else {
    g = { kind: 'open', text: payload };
  }
  return { g, ...(c === undefined ? {} : { c }), p: Number(points), ...(hint ? { h: 1 as const } : {}) };
}
