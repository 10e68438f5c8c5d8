import { describe, expect, it } from 'vitest';
import { gradeText, type Grade } from '../../src/domain/grading.js';
import { tallyAnswers } from '../../src/domain/tally.js';
import { distributionLines } from '../../src/views/reveal.js';
import { postOrder } from '../../src/views/question.js';
import { testBank } from '../support/bank.js';

const bank = testBank();
const grade = (id: string, text: string, order?: number[]): Grade => {
  const r = gradeText(bank.get(id)!, text, order);
  if (!r.ok) throw new Error(r.message);
  return r.grade;
};

describe('how a channel answered', () => {
  it('counts choice answers per option and shows them in the order the post showed', () => {
    const q = bank.get('t-two-children')!;
    const postId = 'abcdefghij';
    const order = postOrder(q, postId);
    const grades = ['1/3', '1/3', '1/2', '1/3'].map((t) => grade('t-two-children', t, order));
    const tally = tallyAnswers(q, grades);
    expect(tally).toEqual({ kind: 'choice', answered: 4, byOption: [1, 3, 0] });
    const lines = distributionLines(q, postId, tally);
    expect(lines).toHaveLength(3);
    const letterOf = (file: number) => 'ABC'[order.indexOf(file)];
    expect(lines).toContain(`**${letterOf(1)}** ▰▰▰▰▰▰▱▱ 3 (75%) ✅`);
    expect(lines).toContain(`**${letterOf(0)}** ▰▰▱▱▱▱▱▱ 1 (25%)`);
    expect(lines).toContain(`**${letterOf(2)}** ▱▱▱▱▱▱▱▱ 0 (0%)`);
  });

  it('splits numeric answers into correct, close and wrong', () => {
    const q = bank.get('t-conv-params')!; // 216, tolerance 0
    const tally = tallyAnswers(q, ['216', '220', '200', '5', '1e6'].map((t) => grade('t-conv-params', t)));
    expect(tally).toEqual({ kind: 'numeric', answered: 5, correct: 1, close: 2, wrong: 2 });
    expect(distributionLines(q, 'abcdefghij', tally)).toEqual([
      '✅ correct ▰▰▱▱▱▱▱▱ 1 (20%)',
      '≈ close ▰▰▰▱▱▱▱▱ 2 (40%)',
      '❌ wrong ▰▰▰▱▱▱▱▱ 2 (40%)',
    ]);
  });

  it('shows nothing when nobody answered', () => {
    const q = bank.get('t-two-children')!;
    expect(distributionLines(q, 'abcdefghij', tallyAnswers(q, []))).toEqual([]);
  });
});
