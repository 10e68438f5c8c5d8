import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildBank, type Bank } from '../../src/domain/bank.js';

/**
 * A bank for mock interviews whose auto-graded questions are all multiple choice with the options
 * "right", "wrong" and "also wrong", so a console script can answer any of them with {{letter:right}}.
 * Open prompts live in systems (design) and behavioral.
 */
const GRADED: Record<string, string[]> = {
  math: ['probability', 'statistics'],
  deep: ['cnns', 'transformers'],
  cs: ['algorithms'],
};

function choiceTopic(track: string, topic: string): string {
  const qs = (['easy', 'easy', 'medium', 'medium', 'hard'] as const).map((difficulty, i) => `
  - id: m-${topic}-${i}
    difficulty: ${difficulty}
    kind: choice
    prompt: ${track} ${topic} question ${i} (${difficulty}). Which option is right?
    choices:
      - { text: "right", correct: true }
      - { text: "wrong" }
      - { text: "also wrong" }
    explanation: The right one is right.`).join('');
  return `track: ${track}\ntopic: ${topic}\nquestions:${qs}\n`;
}

function openTopic(track: string, topic: string, n: number): string {
  const qs = Array.from({ length: n }, (_, i) => `
  - id: m-${topic}-open-${i}
    difficulty: ${i === 0 ? 'medium' : 'hard'}
    kind: open
    prompt: ${track} ${topic} prompt ${i}. Walk me through how you would approach it.
    keyPoints:
      - States the goal and the constraints
      - Names the main trade-off
      - Says how to measure success
    modelAnswer: Start from the goal and constraints, weigh the main trade-off, and define how success is measured.`).join('');
  return `track: ${track}\ntopic: ${topic}\nquestions:${qs}\n`;
}

/** The files of the mock-interview bank, as `questions/<track>/<topic>.yaml` paths and their YAML. */
export function mockBankFiles(): { path: string; content: string }[] {
  return [
    ...Object.entries(GRADED).flatMap(([track, topics]) => topics.map((topic) => ({ path: `questions/${track}/${topic}.yaml`, content: choiceTopic(track, topic) }))),
    { path: 'questions/systems/design.yaml', content: openTopic('systems', 'design', 2) },
    { path: 'questions/behavioral/stories.yaml', content: openTopic('behavioral', 'stories', 2) },
  ];
}

export function mockBank(): Bank {
  return buildBank(mockBankFiles());
}

/** Writes the mock-interview bank under `dir`; returns the QUESTIONS_DIR for a bot process. */
export function writeMockBank(dir: string): string {
  for (const { path, content } of mockBankFiles()) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return join(dir, 'questions');
}

/**
 * A mock-interview bank at the bank's size limits, for rendering tests: every prompt 1500 characters, five options of
 * 200, explanations of 1000, six key points of 200 and model answers of 1500, long topic names over eight tracks.
 * Each graded topic has choice and numeric questions (numeric answers are 0.25 ± 0.01).
 */
const LONG_GRADED: Record<string, string[]> = {
  math: ['probability-and-combinatorics-under-interview-pressure', 'hypothesis-testing-and-experiment-design'],
  cs: ['algorithms-data-structures-and-complexity-analysis'],
  workflow: ['data-leakage-validation-and-evaluation-metrics'],
  classical: ['gradient-boosted-trees-and-ensemble-methods'],
  deep: ['attention-transformers-and-sequence-models'],
  applications: ['recommender-systems-ranking-and-retrieval'],
};
const LONG_OPEN: Record<string, string> = { systems: 'large-scale-ml-system-design-interviews', behavioral: 'leadership-conflict-and-career-stories' };

const FILLER = 'The candidate weighs bias against variance while the data keeps drifting, and says which trade-off matters most here. ';

/** Text of exactly `n` characters (ending in a full stop), starting with `head`. */
export function textOfLength(head: string, n: number): string {
  let s = `${head} `;
  while (s.length < n) s += FILLER;
  return `${s.slice(0, n - 1).trimEnd().padEnd(n - 1, 'x')}.`;
}

const q = (s: string) => JSON.stringify(s);

function longGradedTopic(track: string, topic: string): string {
  const qs = (['easy', 'easy', 'medium', 'medium', 'hard'] as const).map((difficulty, i) => {
    const head = `  - id: l-${topic.slice(0, 40).replace(/-+$/, '')}-${i}\n    difficulty: ${difficulty}\n    prompt: ${q(textOfLength(`${topic} question ${i} (${difficulty}).`, 1500))}\n    explanation: ${q(textOfLength('Because', 1000))}\n`;
    if (i % 2 === 1) return `${head}    kind: numeric\n    answer: { value: 0.25, tolerance: 0.01 }\n`;
    const choices = [0, 1, 2, 3, 4].map((k) => `      - { text: ${q(textOfLength(k === 0 ? 'Right:' : `Wrong ${k}:`, 200))}${k === 0 ? ', correct: true' : ''} }`);
    return `${head}    kind: choice\n    choices:\n${choices.join('\n')}\n`;
  });
  return `track: ${track}\ntopic: ${topic}\nquestions:\n${qs.join('')}`;
}

function longOpenTopic(track: string, topic: string): string {
  const qs = [0, 1].map((i) => `  - id: l-${topic.slice(0, 40).replace(/-+$/, '')}-open-${i}\n    difficulty: ${i === 0 ? 'medium' : 'hard'}\n    kind: open\n`
    + `    prompt: ${q(textOfLength(`${topic} prompt ${i}. Walk me through it.`, 1500))}\n`
    + `    keyPoints:\n${[1, 2, 3, 4, 5, 6].map((k) => `      - ${q(textOfLength(`Key point ${k}:`, 200))}`).join('\n')}\n`
    + `    modelAnswer: ${q(textOfLength('A model answer:', 1500))}\n    explanation: ${q(textOfLength('Why:', 1000))}\n`).join('');
  return `track: ${track}\ntopic: ${topic}\nquestions:\n${qs}`;
}

export function longMockBank(): Bank {
  return buildBank([
    ...Object.entries(LONG_GRADED).flatMap(([track, topics]) => topics.map((topic) => ({ path: `questions/${track}/${topic}.yaml`, content: longGradedTopic(track, topic) }))),
    ...Object.entries(LONG_OPEN).map(([track, topic]) => ({ path: `questions/${track}/${topic}.yaml`, content: longOpenTopic(track, topic) })),
  ]);
}
