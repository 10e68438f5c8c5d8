import { buildBank, type Bank } from '../../src/domain/bank.js';

/** A small, fixed bank for tests (the real bank is checked by its own test). */
export const TEST_BANK_YAML = {
  'questions/math/probability.yaml': `
track: math
topic: probability
questions:
  - id: t-two-children
    difficulty: medium
    kind: choice
    prompt: A family has two children and at least one is a boy. What is the probability that both are boys?
    choices:
      - { text: "1/2" }
      - { text: "1/3", correct: true }
      - { text: "1/4" }
    explanation: Of BB, BG, GB only BB has two boys.
  - id: t-dice-sum
    difficulty: easy
    kind: numeric
    prompt: Two fair dice are rolled. What is the probability that the sum is 7?
    answer: { value: 0.16667, tolerance: 0.001 }
    explanation: 6 of 36 outcomes sum to 7, so 1/6.
    hint: Count the pairs that sum to 7 out of 36.
  - id: t-coin-hard
    difficulty: hard
    kind: choice
    prompt: Which is larger, the expected waiting time for HH or for HT with a fair coin?
    choices:
      - { text: "HH", correct: true }
      - { text: "HT" }
    explanation: HH takes 6 flips on average, HT takes 4.
    hint: After a miss, which pattern has to start over?
`,
  'questions/deep/cnns.yaml': `
track: deep
topic: cnns
questions:
  - id: t-conv-params
    difficulty: easy
    kind: numeric
    prompt: How many weights (no bias) does a 3×3 convolution from 3 to 8 channels have?
    answer: { value: 216, tolerance: 0 }
    explanation: 3·3·3·8 = 216.
  - id: t-why-pool
    difficulty: medium
    kind: open
    prompt: Why do CNNs use pooling?
    keyPoints:
      - Reduces spatial size and compute
      - Adds some translation invariance
      - Grows the receptive field
    modelAnswer: Pooling shrinks feature maps, which cuts compute and memory, makes the output less sensitive to small shifts and lets later layers see larger regions.
`,
};

export function testBank(): Bank {
  return buildBank(Object.entries(TEST_BANK_YAML).map(([path, content]) => ({ path, content })));
}
