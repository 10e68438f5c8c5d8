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

export function mockBank(): Bank {
  const files = [
    ...Object.entries(GRADED).flatMap(([track, topics]) => topics.map((topic) => ({ path: `questions/${track}/${topic}.yaml`, content: choiceTopic(track, topic) }))),
    { path: 'questions/systems/design.yaml', content: openTopic('systems', 'design', 2) },
    { path: 'questions/behavioral/stories.yaml', content: openTopic('behavioral', 'stories', 2) },
  ];
  return buildBank(files);
}
