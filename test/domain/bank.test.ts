import { describe, expect, it } from 'vitest';
import { buildBank, BankError } from '../../src/domain/bank.js';
import { selectQuestion } from '../../src/domain/selection.js';
import { testBank, TEST_BANK_YAML } from '../support/bank.js';

const file = (content: string, path = 'questions/math/probability.yaml') => [{ path, content }];
const one = (q: string) => `track: math\ntopic: probability\nquestions:\n${q}`;

function problems(files: { path: string; content: string }[]): string {
  try {
    buildBank(files);
  } catch (err) {
    expect(err).toBeInstanceOf(BankError);
    return (err as Error).message;
  }
  throw new Error('expected the bank to be rejected');
}

describe('bank validation', () => {
  it('loads the test bank', () => {
    expect(testBank().questions).toHaveLength(5);
  });

  it('names the file, question id and field of a bad question', () => {
    const msg = problems(file(one(`  - id: bad-one\n    difficulty: extreme\n    kind: open\n    prompt: p\n    keyPoints: [a, b, c]\n    modelAnswer: m\n`)));
    expect(msg).toContain('questions/math/probability.yaml');
    expect(msg).toContain('"bad-one"');
    expect(msg).toContain('difficulty');
  });

  it('rejects malformed YAML', () => {
    expect(problems(file('track: math\ntopic: [unclosed\n'))).toMatch(/YAML error/);
  });

  it('rejects duplicate ids across files', () => {
    const content = TEST_BANK_YAML['questions/math/probability.yaml'];
    const msg = problems([{ path: 'questions/math/probability.yaml', content }, { path: 'questions/math/probability2.yaml', content: content.replace('topic: probability', 'topic: probability2') }]);
    expect(msg).toMatch(/duplicate/);
  });

  it.each([
    ['two correct choices', `    kind: choice\n    prompt: p\n    explanation: e\n    choices:\n      - { text: a, correct: true }\n      - { text: b, correct: true }\n`, /exactly one correct/],
    ['choices differing only in case', `    kind: choice\n    prompt: p\n    explanation: e\n    choices:\n      - { text: Yes, correct: true }\n      - { text: " yes" }\n`, /case or spacing/],
    ['numeric without tolerance', `    kind: numeric\n    prompt: p\n    explanation: e\n    answer: { value: 3 }\n`, /tolerance/],
    ['open with two key points', `    kind: open\n    prompt: p\n    keyPoints: [a, b]\n    modelAnswer: m\n`, /at least 3 key points/],
    ['LaTeX', `    kind: open\n    prompt: "What is $\\\\frac{1}{2}$?"\n    keyPoints: [a, b, c]\n    modelAnswer: m\n`, /LaTeX/],
    ['an over-long prompt', `    kind: open\n    prompt: ${'x'.repeat(1501)}\n    keyPoints: [a, b, c]\n    modelAnswer: m\n`, /at most 1500/],
    ['an unknown field', `    kind: open\n    prompt: p\n    keyPoints: [a, b, c]\n    modelAnswer: m\n    answr: 3\n`, /Unrecognized key/],
  ])('rejects %s', (_name, body, pattern) => {
    expect(problems(file(one(`  - id: q-x\n    difficulty: easy\n${body}`)))).toMatch(pattern);
  });

  it('requires the topic to match the file name', () => {
    expect(problems(file(one(`  - id: q-x\n    difficulty: easy\n    kind: open\n    prompt: p\n    keyPoints: [a, b, c]\n    modelAnswer: m\n`), 'questions/math/stats.yaml'))).toMatch(/must match the file name/);
  });
});

describe('selection', () => {
  const bank = testBank();
  it('resolves tracks, topics and unique prefixes', () => {
    expect(bank.resolveSubject('deep')).toEqual({ track: 'deep' });
    expect(bank.resolveSubject('Probability')).toEqual({ topic: 'probability' });
    expect(bank.resolveSubject('cnn')).toEqual({ topic: 'cnns' });
    expect(bank.resolveSubject('quantum')).toBeUndefined();
  });

  it('prefers unseen questions and cycles when all are seen', () => {
    const pool = bank.filter({ track: 'math' });
    const seen = new Set(['t-two-children', 't-dice-sum']);
    for (let i = 0; i < 20; i++) expect(selectQuestion(pool, seen)!.question.id).toBe('t-coin-hard');
    const all = selectQuestion(pool, new Set(pool.map((q) => q.id)), Math.random, 't-coin-hard')!;
    expect(all.cycled).toBe(true);
    expect(all.question.id).not.toBe('t-coin-hard');
    expect(selectQuestion([], new Set())).toBeUndefined();
  });

  it('filters by difficulty and kind', () => {
    expect(bank.filter({ difficulty: 'hard' }).map((q) => q.id)).toEqual(['t-coin-hard']);
    expect(bank.filter({ kinds: ['numeric'] }).map((q) => q.id).sort()).toEqual(['t-conv-params', 't-dice-sum']);
  });
});
