import { describe, expect, it } from 'vitest';
import { Bank } from '../../src/domain/bank.js';
import {
  OUTLINE, correctIsStrictlyLongest, fairnessFigures, fairnessProblems, isBareLabel, optionProblems,
  refersToOptionPosition, refersToOtherOptions, reportBank,
} from '../../src/domain/bank-checks.js';
import type { ChoiceQuestion, Question } from '../../src/domain/question.js';

/** A synthetic choice question: `texts` are the options, `key` the index of the correct one. */
function choice(id: string, texts: string[], key: number, topic = 'vectors'): ChoiceQuestion {
  return {
    id, kind: 'choice', difficulty: 'easy', track: 'math', topic, file: `questions/math/${topic}.yaml`,
    prompt: `Synthetic prompt number ${id} about nothing in particular`, explanation: 'Because.',
    choices: texts.map((text, i) => (i === key ? { text, correct: true } : { text })),
  };
}

/** One question for every outline section, so only the problem under test is reported. */
function coveringBank(extra: Question[]): Bank {
  const cover = Object.values(OUTLINE).map((topics, i) => ({
    ...choice(`cover-${i}`, ['north', 'south', 'east', 'west'], i % 4, topics[0]!),
    prompt: `Covering question ${i} with its own distinct words ${'x'.repeat(i)}`,
  }));
  return new Bank([...cover, ...extra]);
}

describe('length cue', () => {
  it('counts a key that is longer than every other option', () => {
    expect(correctIsStrictlyLongest(choice('a', ['short', 'the much longer key', 'mid-size'], 1))).toBe(true);
  });

  it('does not count a key that ties with the longest distractor or is shorter', () => {
    expect(correctIsStrictlyLongest(choice('a', ['abcdef', 'ghijkl', 'x'], 0))).toBe(false);
    expect(correctIsStrictlyLongest(choice('a', ['a longer distractor', 'key', 'x'], 1))).toBe(false);
  });

  it('measures characters as a reader sees them, not UTF-16 units or padding', () => {
    // "𝔼X" is two characters but three UTF-16 units; trailing spaces do not make an option longer
    expect(correctIsStrictlyLongest(choice('a', ['𝔼X', 'abc '], 1))).toBe(true);
  });

  it('fails the bank above the limit and passes it at the limit', () => {
    const cued = [0, 1, 2].map((i) => choice(`c${i}`, ['key that is long', 'two', 'six', 'ten'], 0));
    const fair = [0, 1, 2, 3, 4, 5, 6].map((i) => choice(`f${i}`, ['key', 'longer', 'six', 'ten'], 0));
    // 3 of 10 = 30%: allowed
    expect(fairnessProblems(fairnessFigures([...cued, ...fair]), { longestCorrect: 0.3, position: 1 })).toEqual([]);
    // 4 of 10 = 40%: refused, with the figures in the message
    const problems = fairnessProblems(fairnessFigures([...cued, cued[0]!, ...fair.slice(1)]), { longestCorrect: 0.3, position: 1 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/length cue: .* 4 of 10 .*40\.0%/);
  });
});

describe('position balance', () => {
  it('counts the correct position of each choice question', () => {
    const f = fairnessFigures([choice('a', ['w', 'x', 'y'], 2), choice('b', ['w', 'x', 'y', 'z'], 2), choice('c', ['w', 'x'], 0)]);
    expect(f.positions).toEqual({ A: 1, B: 0, C: 2, D: 0, E: 0 });
    expect(f.choiceQuestions).toBe(3);
  });

  it('fails when one position holds more than the limit', () => {
    const qs = [0, 1, 2, 3, 0, 1, 2, 3, 2, 2].map((k, i) => choice(`p${i}`, ['w', 'x', 'y', 'z'], k));
    const problems = fairnessProblems(fairnessFigures(qs), { longestCorrect: 1, position: 0.3 });
    expect(problems).toEqual([expect.stringMatching(/position balance: .* at C in 4 of 10 .*40\.0%/)]);
  });

  it('passes an even spread', () => {
    const qs = [0, 1, 2, 3, 0, 1, 2, 3].map((k, i) => choice(`p${i}`, ['w', 'x', 'y', 'z'], k));
    expect(fairnessProblems(fairnessFigures(qs), { longestCorrect: 1, position: 0.3 })).toEqual([]);
  });
});

describe('bare answer labels', () => {
  it.each(['A', 'e', '3', 'a', ' B.', '(3)', 'C)', '[d]', '5!'])('flags %j', (text) => {
    expect(isBareLabel(text)).toBe(true);
  });

  it.each(['0', '6', 'F', '3.5', '12', 'AB', 'A matrix', '−1', '1/2'])('accepts %j', (text) => {
    expect(isBareLabel(text)).toBe(false);
  });
});

describe('options that refer to other options', () => {
  it.each([
    'A and B tie', 'Both A and B', 'Neither A nor C', '(A) and (C)', 'A, B and D', 'A or B',
    'All of the above', 'none of the above', 'Both of the above', 'None of these', 'all above',
    'Both', 'Neither.', 'The other answers are wrong', 'Option B', 'answers 1 and 2',
  ])('flags %j', (text) => {
    expect(refersToOtherOptions(text)).toBe(true);
  });

  it.each([
    'Both the learning rate and the batch size', 'All three statements are true', 'Neither method',
    'rank(A) = rank(B)', '∇f = (A + Aᵀ)x and Hessian A + Aᵀ', 'a and b point at each other',
    'Values above 0.5 are kept', 'Type I and type II errors', 'The ABC of it',
  ])('accepts %j', (text) => {
    expect(refersToOtherOptions(text)).toBe(false);
  });

  it('reports the file, question and option', () => {
    const problems = optionProblems([choice('bad-ref', ['A and B tie', 'x', 'y'], 1), choice('bad-label', ['1', 'two', 'three'], 1)]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('questions/math/vectors.yaml: question "bad-ref": option "A and B tie" refers to other options');
    expect(problems[1]).toContain('question "bad-label": option "1" is a bare answer letter or digit');
  });
});

describe('explanations that name an option by position', () => {
  it.each([
    'The first option swaps the two ends.', 'the last option inverts the logic', 'The other three options are dense workloads',
    'Option C is the classical formula', 'the second distractor is tempting',
  ])('flags %j', (text) => {
    expect(refersToOptionPosition(text)).toBe(true);
  });

  it.each([
    'LLM judges often favour the first answer.', 'The natural first choice is Poisson regression.',
    'Saying L1 punishes large coefficients more is backwards.', 'an option a trader might buy',
  ])('accepts %j', (text) => {
    expect(refersToOptionPosition(text)).toBe(false);
  });

  it('reports the question', () => {
    const q = { ...choice('pos-ref', ['north', 'south', 'east'], 1), explanation: 'The first option is tempting but wrong.' };
    expect(optionProblems([q])).toEqual([expect.stringContaining('question "pos-ref": the explanation names an option by its position')]);
  });
});

describe('reportBank', () => {
  it('passes a fair bank that covers every outline section', () => {
    const r = reportBank(coveringBank([]));
    expect(r.problems).toEqual([]);
    expect(r.fairness.choiceQuestions).toBe(Object.keys(OUTLINE).length);
    expect(r.byDifficulty.easy).toBe(r.total);
    expect(r.autoGradable).toBe(r.total);
  });

  it('reports every kind of problem it checks', () => {
    const cued = Array.from({ length: 40 }, (_, i) => ({
      ...choice(`cued-${i}`, ['short', 'brief', 'the long correct option'], 2),
      prompt: `Cued question ${i} ${'y'.repeat(i)}`,
    }));
    const stray = { ...choice('stray', ['1', 'x', 'y'], 1, 'no-such-topic'), prompt: 'A question on an unmapped topic' };
    const r = reportBank(new Bank([...cued, stray]));
    const text = r.problems.join('\n');
    expect(text).toMatch(/outline section ".*" has no questions/);
    expect(text).toMatch(/topics not mapped to an outline section: no-such-topic/);
    expect(text).toMatch(/option "1" is a bare answer letter/);
    expect(text).toMatch(/length cue/);
    expect(text).toMatch(/position balance: .* at C/);
    expect(r.unmapped).toEqual(['no-such-topic']);
  });
});
