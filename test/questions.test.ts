import { describe, expect, it } from 'vitest';
import { loadBank } from '../src/load-bank.js';
import { FAIRNESS_LIMITS, fairnessFigures, fairnessProblems, reportBank, nearDuplicates } from '../src/domain/bank-checks.js';
import { gradeText } from '../src/domain/grading.js';
import { CHOICE_LETTERS, correctIndex } from '../src/domain/question.js';

// The shipped question bank, checked with the same rules as `npm run questions:check`.
const bank = loadBank('questions');
const report = reportBank(bank);

describe('the question bank', () => {
  it('loads without schema problems and passes every check of questions:check', () => {
    expect(report.problems).toEqual([]);
    expect(report.unmapped).toEqual([]);
  });

  it('has at least 1000 questions, at least 45% auto-gradable, every outline section covered', () => {
    expect(report.total).toBeGreaterThanOrEqual(1000);
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

  it('does not leak the key through option length or position', () => {
    const f = report.fairness;
    expect(f.longestCorrect / f.choiceQuestions).toBeLessThanOrEqual(FAIRNESS_LIMITS.longestCorrect);
    for (const [letter, n] of Object.entries(f.positions)) expect(n / f.choiceQuestions, letter).toBeLessThanOrEqual(FAIRNESS_LIMITS.position);
  });

  it('would fail if the keys were moved to one position or made the longest option (the checker can fail)', () => {
    const choice = bank.questions.filter((q) => q.kind === 'choice');
    const atA = choice.map((q) => ({ ...q, choices: [...q.choices].sort((a, b) => Number(!!b.correct) - Number(!!a.correct)) }));
    expect(fairnessProblems(fairnessFigures(atA)).join('\n')).toMatch(/position balance: .* at A in \d+ of \d+ choice questions \(100\.0%\)/);
    const padded = choice.map((q) => ({ ...q, choices: q.choices.map((c) => (c.correct ? { ...c, text: `${c.text} ${'x'.repeat(200)}` } : c)) }));
    expect(fairnessProblems(fairnessFigures(padded)).join('\n')).toMatch(/length cue: .*\(100\.0%\)/);
  });

  it('keeps behavioral prompts open', () => {
    expect(bank.filter({ track: 'behavioral' }).every((q) => q.kind === 'open')).toBe(true);
  });

  it('flags near-duplicate prompts (the checker can fail)', () => {
    const [a] = bank.questions;
    expect(nearDuplicates([a!, { ...a!, id: 'copy', prompt: `${a!.prompt} ` }])).toHaveLength(1);
  });
});
