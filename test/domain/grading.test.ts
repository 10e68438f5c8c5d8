import { describe, expect, it } from 'vitest';
import { parseNumber, gradeText, parseChoice, MAX_ANSWER_LENGTH, optionIndex, fitsQuestion } from '../../src/domain/grading.js';
import { testBank } from '../support/bank.js';
import type { ChoiceQuestion } from '../../src/domain/question.js';

const bank = testBank();
const choice = bank.get('t-two-children')! as ChoiceQuestion;
const numeric = bank.get('t-dice-sum')!;
const open = bank.get('t-why-pool')!;

describe('parseNumber', () => {
  it.each([
    ['0.5', 0.5], ['.5', 0.5], ['1/2', 0.5], ['50%', 0.5], ['1e-3', 0.001], ['1,000', 1000], ['−2', -2], ['≈0.25', 0.25],
    ['about 6', 6], [' 6.0 ', 6], ['12.5%', 0.125], ['-3/4', -0.75],
  ])('reads %s as %d', (input, value) => {
    expect(parseNumber(input)).toBeCloseTo(value, 12);
  });

  it.each(['', 'abc', '1/0', '1..2', '5 apples', '0x10', 'NaN', 'Infinity'])('rejects %j', (input) => {
    expect(parseNumber(input)).toBeUndefined();
  });
});

describe('gradeText', () => {
  it('grades choice letters, numbers and option text', () => {
    expect(parseChoice(choice, 'b')).toBe(1);
    expect(parseChoice(choice, 'B)')).toBe(1);
    expect(parseChoice(choice, '2')).toBe(1);
    expect(parseChoice(choice, ' 1/3 ')).toBe(1);
    expect(gradeText(choice, 'B')).toMatchObject({ ok: true, grade: { kind: 'choice', correct: true, picked: 1 } });
    expect(gradeText(choice, 'A')).toMatchObject({ ok: true, grade: { kind: 'choice', correct: false, picked: 0 } });
  });

  it('reads letters and digits in the order the post shows, and option text by identity', () => {
    const order = [2, 0, 1]; // shown A = "1/4", B = "1/2", C = "1/3"
    expect(parseChoice(choice, 'C', order)).toBe(1);
    expect(parseChoice(choice, '3', order)).toBe(1);
    expect(parseChoice(choice, 'a', order)).toBe(2);
    expect(parseChoice(choice, '1/3', order)).toBe(1);
    const right = gradeText(choice, 'C', order);
    const wrong = gradeText(choice, 'B', order);
    expect(right.ok && right.grade.kind === 'choice' && right.grade.correct).toBe(true);
    expect(wrong.ok && wrong.grade.kind === 'choice' && wrong.grade.correct).toBe(false);
    // The stored identity names the option, not its letter, and survives the file being reordered.
    const reordered = { ...choice, choices: [choice.choices[1]!, choice.choices[2]!, choice.choices[0]!] } as ChoiceQuestion;
    if (right.ok && right.grade.kind === 'choice') expect(reordered.choices[optionIndex(reordered, right.grade)]!.text).toBe('1/3');
  });

  it('knows which answers fit which question, for routing /answer', () => {
    expect(fitsQuestion(choice, 'B')).toBe(true);
    expect(fitsQuestion(choice, '0.25')).toBe(false);
    expect(fitsQuestion(numeric, '0.25')).toBe(true);
    expect(fitsQuestion(numeric, 'B')).toBe(false);
    expect(fitsQuestion(open, 'B')).toBe(true);
    expect(fitsQuestion(open, '  ')).toBe(false);
  });

  it('rejects a letter beyond the options with a clear message', () => {
    const r = gradeText(choice, 'E');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/A, B or C/);
  });

  it('accepts numeric answers in any common form within tolerance', () => {
    for (const s of ['1/6', '0.1667', '16.67%', '0.166']) {
      const r = gradeText(numeric, s);
      expect(r.ok && r.grade.kind === 'numeric' && r.grade.correct, s).toBe(true);
    }
    const wrong = gradeText(numeric, '0.2');
    expect(wrong.ok && wrong.grade.kind === 'numeric' && wrong.grade.correct).toBe(false);
  });

  it('records open answers verbatim (trimmed)', () => {
    expect(gradeText(open, '  it reduces compute ')).toEqual({ ok: true, grade: { kind: 'open', text: 'it reduces compute' } });
  });

  it('rejects empty and oversized answers', () => {
    expect(gradeText(open, '   ').ok).toBe(false);
    const big = gradeText(open, 'x'.repeat(10_000));
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.message).toContain(String(MAX_ANSWER_LENGTH));
  });

  it('rejects non-numbers for numeric questions', () => {
    const r = gradeText(numeric, 'one sixth');
    expect(r.ok).toBe(false);
  });
});
