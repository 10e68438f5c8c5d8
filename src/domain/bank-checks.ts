import type { Bank } from './bank.js';
import { CHOICE_LETTERS, DIFFICULTIES, KINDS, TRACKS, correctIndex, type ChoiceQuestion, type Question } from './question.js';

/** Outline sections: which topics cover each. A topic not listed here is reported as unmapped. */
export const OUTLINE: Record<string, string[]> = {
  '1 Mathematics: vectors': ['vectors'],
  '1 Mathematics: norms and metrics': ['norms'],
  '1 Mathematics: matrices': ['matrices'],
  '1 Mathematics: dimensionality reduction': ['dimensionality-reduction'],
  '1 Mathematics: calculus and optimisation': ['calculus'],
  '1 Mathematics: probability': ['probability'],
  '1 Mathematics: statistics': ['statistics'],
  '1 Mathematics: experiment statistics (A/B tests, power, multiple testing)': ['experiment-statistics'],
  '2 CS: algorithms': ['algorithms'],
  '2 CS: complexity and numerics': ['complexity-numerics'],
  '2 CS: programming': ['programming'],
  '2 CS: Python and software engineering': ['python-engineering'],
  '3 Workflow: basics': ['basics'],
  '3 Workflow: data': ['data'],
  '3 Workflow: data quality (missing data, outliers, dedup, sparse features)': ['data-quality'],
  '3 Workflow: evaluation': ['evaluation'],
  '4 Classical: linear regression': ['linear-regression'],
  '4 Classical: regression inference': ['regression-inference'],
  '4 Classical: regularisation': ['regularisation'],
  '4 Classical: logistic, GLM, NB, kNN, SVM': ['classifiers'],
  '4 Classical: model internals (NB vs LR, kernels, SVR, AdaBoost, GAMs, t-SNE, LLE)': ['model-internals'],
  '4 Classical: trees and ensembles': ['trees-ensembles'],
  '4 Classical: clustering': ['clustering'],
  '4 Classical: recommenders and graphs': ['recommenders-graphs'],
  '4 Classical: other (GP, causal, time series, LTR)': ['gaussian-processes', 'causal-inference', 'time-series', 'learning-to-rank'],
  '5 Deep: foundations': ['foundations'],
  '5 Deep: optimisation': ['optimisation'],
  '5 Deep: regularisation and normalisation': ['regularisation-normalisation'],
  '5 Deep: efficiency': ['efficiency'],
  '5 Deep: CNNs': ['cnns'],
  '5 Deep: sequence models': ['sequence-models'],
  '5 Deep: attention and transformers': ['transformers'],
  '5 Deep: generative models': ['generative-models'],
  '5 Deep: graph neural networks': ['graph-networks'],
  '5 Deep: other (GNN, SSL, meta, BNN)': ['gnn-ssl-meta-bayesian'],
  '6 Applications: NLP': ['nlp', 'llms', 'nlp-foundations'],
  '6 Applications: vision': ['vision'],
  '6 Applications: 3D vision': ['vision-3d'],
  '6 Applications: audio and music': ['audio'],
  '6 Applications: reinforcement learning': ['reinforcement-learning', 'rl-theory'],
  '6 Applications: IR, audio, multimodal': ['retrieval-multimodal'],
  '7 Systems: production': ['production'],
  '7 Systems: serving, feature stores, cost and latency': ['serving'],
  '7 Systems: monitoring, drift and experimentation': ['monitoring-experiments'],
  '7 Systems: data pipelines and distributed training': ['training-infrastructure'],
  '7 Systems: system design': ['system-design', 'design-cases'],
  '8 Behavioural and career': ['practice-prompts', 'interview-stories'],
};

/** Bank-wide limits on the cues a test-wise player could use instead of knowing the answer. */
export const FAIRNESS_LIMITS = {
  /** Share of choice questions whose correct option is the strictly longest option. */
  longestCorrect: 0.3,
  /** Share of choice questions whose correct option sits at any one position (A, B, ...). */
  position: 0.3,
} as const;

export type FairnessLimits = { longestCorrect: number; position: number };

/** Words of a prompt, for near-duplicate detection. */
function shingles(text: string): Set<string> {
  const words = text.toLowerCase().replace(/[^a-z0-9σμλθ²√ ]+/g, ' ').split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) out.add(words.slice(i, i + 3).join(' '));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Pairs of questions whose prompts share most of their word trigrams. */
export function nearDuplicates(questions: readonly Question[], threshold = 0.6): [Question, Question, number][] {
  const sh = questions.map((q) => shingles(q.prompt));
  const pairs: [Question, Question, number][] = [];
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      const s = jaccard(sh[i]!, sh[j]!);
      if (s >= threshold) pairs.push([questions[i]!, questions[j]!, s]);
    }
  }
  return pairs;
}

/** Length of an option as a reader sees it (code points, surrounding spaces ignored). */
const optionLength = (text: string) => Array.from(text.trim()).length;

/** True when the correct option is longer than every other option (ties do not count). */
export function correctIsStrictlyLongest(q: ChoiceQuestion): boolean {
  const k = correctIndex(q);
  const key = optionLength(q.choices[k]!.text);
  return q.choices.every((c, i) => i === k || optionLength(c.text) < key);
}

/**
 * True when an option is a bare answer letter A-E or digit 1-5, also after dropping case, spaces and
 * punctuation ("a", " B.", "(3)"): a user typing it would select an option by position instead.
 */
export function isBareLabel(text: string): boolean {
  return /^[a-e1-5]$/.test(text.replace(/[\s\p{P}]+/gu, '').toLowerCase());
}

const OPTION_REFERENCES: RegExp[] = [
  // "all of the above", "none of these", "both of the other options", "any of the previous"
  /\b(?:all|none|both|neither|either|any|each|one) of (?:the )?(?:above|below|previous|preceding|following|these|those|others?|other (?:options|answers|choices|statements))\b/i,
  // "all above", "none below"
  /\b(?:all|none|both|neither) (?:above|below)\b/i,
  // "the above options", "the other answers", "the previous statement"
  /\b(?:above|previous|preceding|following|other|first|second|third|last) (?:options?|answers?|choices?|statements?)\b/i,
  // "option B", "answers 1 and 2"
  /\b(?:[Oo]ptions?|[Cc]hoices?|[Aa]nswers?) \(?[A-E1-5]\b/,
  // "A and B", "(A) or (C)", "A, B and C"
  /(?:^|[^\w(])\(?[A-E]\)?(?:\s*,\s*\(?[A-E]\)?)*\s*(?:and|or|nor)\s*\(?[A-E]\b(?![\w(])/,
  // an option that is only "Both", "Neither", "All" or "None"
  /^\s*(?:both|neither|all|none)\W*$/i,
];

/**
 * True when an option points at other options by letter or position ("A and B", "all of the above").
 * Options are shuffled per post, so such a reference would point at the wrong options.
 */
export function refersToOtherOptions(text: string): boolean {
  return OPTION_REFERENCES.some((re) => re.test(text));
}

const POSITION_REFERENCES: RegExp[] = [
  // "the first option", "the last distractor", "the other three options"
  /\b(?:first|second|third|fourth|fifth|last|final|middle) (?:option|distractor)s?\b/i,
  /\bother (?:two|three|four) (?:options|choices)\b/i,
  // "option C", "Option (B)"
  /\b[Oo]ptions? \(?[A-E]\b/,
];

/** True when an explanation points at an option by its position ("the first option", "option C"), which shuffling breaks. */
export function refersToOptionPosition(explanation: string): boolean {
  return POSITION_REFERENCES.some((re) => re.test(explanation));
}

export interface FairnessFigures {
  choiceQuestions: number;
  /** Choice questions whose correct option is the strictly longest. */
  longestCorrect: number;
  /** How many choice questions have their correct option at each position, A first. */
  positions: Record<string, number>;
}

export function fairnessFigures(questions: readonly Question[]): FairnessFigures {
  const choice = questions.filter((q): q is ChoiceQuestion => q.kind === 'choice');
  const positions: Record<string, number> = {};
  for (const l of CHOICE_LETTERS) positions[l] = 0;
  for (const q of choice) positions[CHOICE_LETTERS[correctIndex(q)]!]!++;
  return { choiceQuestions: choice.length, longestCorrect: choice.filter(correctIsStrictlyLongest).length, positions };
}

/** Problems with the options of single questions: bare labels, references to other options, explanations that name an option by position. */
export function optionProblems(questions: readonly Question[]): string[] {
  const problems: string[] = [];
  for (const q of questions) {
    if (q.kind !== 'choice') continue;
    for (const c of q.choices) {
      if (isBareLabel(c.text)) problems.push(`${q.file}: question "${q.id}": option "${c.text}" is a bare answer letter or digit; use a numeric question or a worded option`);
      else if (refersToOtherOptions(c.text)) problems.push(`${q.file}: question "${q.id}": option "${c.text}" refers to other options, which are shuffled per post; name what it means instead`);
    }
    if (refersToOptionPosition(q.explanation)) problems.push(`${q.file}: question "${q.id}": the explanation names an option by its position, which is shuffled per post; quote or describe the option instead`);
  }
  return problems;
}

const percent = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;

/** Bank-wide problems when the figures exceed the limits. */
export function fairnessProblems(f: FairnessFigures, limits: FairnessLimits = FAIRNESS_LIMITS): string[] {
  const problems: string[] = [];
  if (f.choiceQuestions === 0) return problems;
  if (f.longestCorrect / f.choiceQuestions > limits.longestCorrect) {
    problems.push(`length cue: the correct option is the strictly longest in ${f.longestCorrect} of ${f.choiceQuestions} choice questions (${percent(f.longestCorrect, f.choiceQuestions)}), above the limit of ${limits.longestCorrect * 100}%; lengthen the distractors or tighten the key`);
  }
  for (const [letter, n] of Object.entries(f.positions)) {
    if (n / f.choiceQuestions > limits.position) {
      problems.push(`position balance: the correct option is at ${letter} in ${n} of ${f.choiceQuestions} choice questions (${percent(n, f.choiceQuestions)}), above the limit of ${limits.position * 100}%; reorder some options`);
    }
  }
  return problems;
}

export interface BankReport {
  total: number;
  autoGradable: number;
  byTrack: Record<string, Record<string, number>>;
  byTopic: Record<string, number>;
  byDifficulty: Record<string, number>;
  coverage: { section: string; counts: Record<string, number>; total: number }[];
  fairness: FairnessFigures;
  unmapped: string[];
  problems: string[];
}

export function reportBank(bank: Bank, limits: FairnessLimits = FAIRNESS_LIMITS): BankReport {
  const qs = bank.questions;
  const count = (list: readonly Question[]) => {
    const c: Record<string, number> = {};
    for (const k of [...DIFFICULTIES, ...KINDS]) c[k] = 0;
    for (const q of list) { c[q.difficulty]!++; c[q.kind]!++; }
    return c;
  };
  const byTrack: BankReport['byTrack'] = {};
  for (const t of TRACKS) byTrack[t] = { ...count(qs.filter((q) => q.track === t)), total: qs.filter((q) => q.track === t).length };
  const byTopic: Record<string, number> = {};
  for (const q of qs) byTopic[`${q.track}/${q.topic}`] = (byTopic[`${q.track}/${q.topic}`] ?? 0) + 1;
  const all = count(qs);
  const byDifficulty = Object.fromEntries(DIFFICULTIES.map((d) => [d, all[d]!]));
  const mapped = new Set(Object.values(OUTLINE).flat());
  const coverage = Object.entries(OUTLINE).map(([section, topics]) => {
    const list = qs.filter((q) => topics.includes(q.topic));
    return { section, counts: count(list), total: list.length };
  });
  const fairness = fairnessFigures(qs);
  const unmapped = bank.topics.filter((t) => !mapped.has(t));
  const problems: string[] = [];
  for (const [a, b, s] of nearDuplicates(qs)) problems.push(`near-duplicate prompts (${Math.round(s * 100)}% alike): "${a.id}" (${a.file}) and "${b.id}" (${b.file})`);
  for (const c of coverage) if (c.total === 0) problems.push(`outline section "${c.section}" has no questions`);
  if (unmapped.length) problems.push(`topics not mapped to an outline section: ${unmapped.join(', ')}`);
  for (const q of qs) if (q.track === 'behavioral' && q.kind !== 'open') problems.push(`${q.file}: question "${q.id}": behavioral prompts must be open`);
  problems.push(...optionProblems(qs), ...fairnessProblems(fairness, limits));
  return { total: qs.length, autoGradable: all.choice! + all.numeric!, byTrack, byTopic, byDifficulty, coverage, fairness, unmapped, problems };
}
