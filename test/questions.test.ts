import { describe, expect, it } from 'vitest';
import { loadBank } from '../src/load-bank.js';
import { reportBank, nearDuplicates } from '../src/domain/bank-checks.js';
import { gradeText } from '../src/domain/grading.js';
import { CHOICE_LETTERS, correctIndex } from '../src/domain/question.js';

// The shipped question bank, checked with the same rules as `npm run questions:check`.
const bank = loadBank('questions');
const report = reportBank(bank);

describe('the question bank', () => {
  it('loads without schema problems and has no near-duplicates or coverage gaps', () => {
    expect(report.problems).toEqual([]);
    expect(report.unmapped).toEqual([]);
  });

  it('has at least 500 questions, at least 45% auto-gradable, every outline section covered', () => {
    expect(report.total).toBeGreaterThanOrEqual(500);
    expect(report.autoGradable / report.total).toBeGreaterThanOrEqual(0.45);
    for (const c of report.coverage) expect(c.total, c.section).toBeGreaterThan(0);
  });

  it('keeps the difficulty mix near 40/45/15', () => {
    const share = (d: string) => bank.questions.filter((q) => q.difficulty === d).length / report.total;
    expect(share('easy')).toBeGreaterThan(0.3);
    expect(share('medium')).toBeGreaterThan(0.35);
    expect(share('hard')).toBeGreaterThan(0.08);
  });

  it('grades every stored key as correct through the real grader', () => {
    for (const q of bank.questions) {
      if (q.kind === 'choice') {
        const r = gradeText(q, CHOICE_LETTERS[correctIndex(q)]!);
        expect(r.ok && r.grade.kind === 'choice' && r.grade.correct, q.id).toBe(true);
      } else if (q.kind === 'numeric') {
        const r = gradeText(q, String(q.answer.value));
        expect(r.ok && r.grade.kind === 'numeric' && r.grade.correct, q.id).toBe(true);
      }
    }
  });

  it('keeps behavioral prompts open', () => {
    expect(bank.filter({ track: 'behavioral' }).every((q) => q.kind === 'open')).toBe(true);
  });

  it('flags near-duplicate prompts (the checker can fail)', () => {
    const [a] = bank.questions;
    expect(nearDuplicates([a!, { ...a!, id: 'copy', prompt: `${a!.prompt} ` }])).toHaveLength(1);
  });
});
