import { isClose, optionIndex, type Grade } from './grading.js';
import type { Question } from './question.js';

/** How a post's answers spread: per option (by file index) for choice questions, correct / close / wrong for numeric ones. */
export type Tally =
  | { kind: 'choice'; answered: number; byOption: number[] }
  | { kind: 'numeric'; answered: number; correct: number; close: number; wrong: number }
  | { kind: 'open'; answered: number };

export function tallyAnswers(q: Question, grades: readonly Grade[]): Tally {
  if (q.kind === 'choice') {
    const byOption = q.choices.map(() => 0);
    for (const g of grades) {
      if (g.kind !== 'choice') continue;
      const i = optionIndex(q, g);
      if (i >= 0) byOption[i]!++;
    }
    return { kind: 'choice', answered: byOption.reduce((a, b) => a + b, 0), byOption };
  }
  if (q.kind === 'numeric') {
    let correct = 0, close = 0, wrong = 0;
    for (const g of grades) {
      if (g.kind !== 'numeric') continue;
      if (g.correct) correct++;
      else if (isClose(q, g.given)) close++;
      else wrong++;
    }
    return { kind: 'numeric', answered: correct + close + wrong, correct, close, wrong };
  }
  return { kind: 'open', answered: grades.filter((g) => g.kind === 'open').length };
}

/** A tally as a short string for the post it counts: `c:<n>,<n>,…` per option, `n:<correct>,<close>,<wrong>`, `o:<answered>`. */
export function encodeTally(t: Tally): string {
  switch (t.kind) {
    case 'choice': return `c:${t.byOption.join(',')}`;
    case 'numeric': return `n:${t.correct},${t.close},${t.wrong}`;
    case 'open': return `o:${t.answered}`;
  }
}

export function decodeTally(raw: string | null | undefined): Tally | undefined {
  const m = raw ? /^([cno]):(\d+(?:,\d+)*)$/.exec(raw) : null;
  if (!m) return undefined;
  const n = m[2]!.split(',').map(Number);
  if (m[1] === 'c') return { kind: 'choice', answered: n.reduce((a, b) => a + b, 0), byOption: n };
  if (m[1] === 'n') return n.length === 3 ? { kind: 'numeric', answered: n[0]! + n[1]! + n[2]!, correct: n[0]!, close: n[1]!, wrong: n[2]! } : undefined;
  return { kind: 'open', answered: n[0]! };
}
