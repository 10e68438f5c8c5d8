import { optionKey } from './choice-order.js';
import { CHOICE_LETTERS, correctIndex, normaliseChoice, type ChoiceQuestion, type NumericQuestion, type Question } from './question.js';

export const MAX_ANSWER_LENGTH = 2000;

export type Grade =
  /** picked: the option's index in the question file; opt: its identity (see optionKey), kept when the file is reordered. */
  | { kind: 'choice'; correct: boolean; picked: number; opt?: string }
  | { kind: 'numeric'; correct: boolean; given: number }
  | { kind: 'open'; text: string };

export type GradeResult = { ok: true; grade: Grade } | { ok: false; message: string };

/** Parses a number as people type it: 0.5, .5, 1/2, 50%, 1e-3, 1,000, −2, ≈0.33, "about 6". */
export function parseNumber(input: string): number | undefined {
  let s = input.trim().toLowerCase().replace(/[−–]/g, '-').replace(/^(≈|~|about|approx\.?|approximately)\s*/, '').replace(/\s+/g, '');
  if (s === '') return undefined;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  let scale = 1;
  if (s.endsWith('%')) { scale = 0.01; s = s.slice(0, -1); }
  const frac = /^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(s);
  if (frac) {
    const den = Number(frac[2]);
    return den === 0 ? undefined : (Number(frac[1]) / den) * scale;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s)) return undefined;
  const n = Number(s) * scale;
  return Number.isFinite(n) ? n : undefined;
}

/** Grades the option at `picked`, an index into the question file's options. */
export function gradeChoiceIndex(q: ChoiceQuestion, picked: number): GradeResult {
  if (!Number.isInteger(picked) || picked < 0 || picked >= q.choices.length) {
    return { ok: false, message: `Pick one of ${letters(q)}.` };
  }
  return { ok: true, grade: { kind: 'choice', correct: picked === correctIndex(q), picked, opt: optionKey(q.choices[picked]!.text) } };
}

/** Grades the option shown at position `shown` of a post whose order is `order`. */
export function gradeShownChoice(q: ChoiceQuestion, shown: number, order: readonly number[]): GradeResult {
  const picked = order[shown];
  if (picked === undefined) return { ok: false, message: `Pick one of ${letters(q)}.` };
  return gradeChoiceIndex(q, picked);
}

/**
 * Reads "B", "b)", "2" (positions as shown, through `order`) or the exact option text.
 * Returns the option's index in the question file.
 */
export function parseChoice(q: ChoiceQuestion, input: string, order?: readonly number[]): number | undefined {
  const s = input.trim();
  const shown = (i: number) => (order ? order[i] : i);
  const letter = /^\(?([a-eA-E])[).:]?$/.exec(s);
  if (letter) {
    const i = CHOICE_LETTERS.indexOf(letter[1]!.toUpperCase() as (typeof CHOICE_LETTERS)[number]);
    return i < q.choices.length ? shown(i) : undefined;
  }
  if (/^[1-5]$/.test(s)) return Number(s) <= q.choices.length ? shown(Number(s) - 1) : undefined;
  const byText = q.choices.findIndex((c) => normaliseChoice(c.text) === normaliseChoice(s));
  return byText >= 0 ? byText : undefined;
}

/** The file index of the option a stored choice grade refers to (by identity when known), or -1. */
export function optionIndex(q: ChoiceQuestion, g: { picked: number; opt?: string }): number {
  if (g.opt) return q.choices.findIndex((c) => optionKey(c.text) === g.opt);
  return g.picked >= 0 && g.picked < q.choices.length ? g.picked : -1;
}

/** A wrong numeric answer near the key: within 10% of it, or within five tolerances. */
export function isClose(q: NumericQuestion, given: number): boolean {
  const gap = Math.abs(given - q.answer.value);
  return gap <= Math.max(0.1 * Math.abs(q.answer.value), 5 * q.answer.tolerance);
}

/** Whether `text` would be accepted as an answer to `q` (a letter or number that fits, or any words for an open question). */
export function fitsQuestion(q: Question, text: string, order?: readonly number[]): boolean {
  if (text.trim() === '') return false;
  if (q.kind === 'choice') return parseChoice(q, text, order) !== undefined;
  if (q.kind === 'numeric') return parseNumber(text) !== undefined;
  return true;
}

export function gradeNumeric(q: NumericQuestion, given: number): boolean {
  // A tiny relative slack absorbs float noise in inputs such as 1/3 against 0.3333333.
  const slack = 1e-9 * Math.max(1, Math.abs(q.answer.value));
  return Math.abs(given - q.answer.value) <= q.answer.tolerance + slack;
}

export function gradeText(q: Question, input: string, order?: readonly number[]): GradeResult {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Your answer is empty. Type an answer after the command, e.g. `/answer B`.' };
  if (text.length > MAX_ANSWER_LENGTH) {
    return { ok: false, message: `Your answer is ${text.length} characters; the limit is ${MAX_ANSWER_LENGTH}. Shorten it and send it again.` };
  }
  switch (q.kind) {
    case 'choice': {
      const picked = parseChoice(q, text, order);
      if (picked === undefined) return { ok: false, message: `"${clip(text)}" is not one of the options. Answer with ${letters(q)}.` };
      return gradeChoiceIndex(q, picked);
    }
    case 'numeric': {
      const given = parseNumber(text);
      if (given === undefined) return { ok: false, message: `"${clip(text)}" is not a number. Answer with a number such as 0.25, 1/4 or 25%.` };
      return { ok: true, grade: { kind: 'numeric', correct: gradeNumeric(q, given), given } };
    }
    case 'open':
      return { ok: true, grade: { kind: 'open', text } };
  }
}

export function isCorrect(g: Grade): boolean | undefined {
  return g.kind === 'open' ? undefined : g.correct;
}

function letters(q: ChoiceQuestion): string {
  const ls = CHOICE_LETTERS.slice(0, q.choices.length);
  return `${ls.slice(0, -1).join(', ')} or ${ls[ls.length - 1]}`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}
