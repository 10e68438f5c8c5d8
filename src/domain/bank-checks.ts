import type { Bank } from './bank.js';
import { DIFFICULTIES, KINDS, TRACKS, type Question } from './question.js';

/** Outline sections: which topics cover each. A topic not listed here is reported as unmapped. */
export const OUTLINE: Record<string, string[]> = {
  '1 Mathematics: vectors': ['vectors'],
  '1 Mathematics: norms and metrics': ['norms'],
  '1 Mathematics: matrices': ['matrices'],
  '1 Mathematics: dimensionality reduction': ['dimensionality-reduction'],
  '1 Mathematics: calculus and optimisation': ['calculus'],
  '1 Mathematics: probability': ['probability'],
  '1 Mathematics: statistics': ['statistics'],
  '2 CS: algorithms': ['algorithms'],
  '2 CS: complexity and numerics': ['complexity-numerics'],
  '2 CS: programming': ['programming'],
  '3 Workflow: basics': ['basics'],
  '3 Workflow: data': ['data'],
  '3 Workflow: evaluation': ['evaluation'],
  '4 Classical: linear regression': ['linear-regression'],
  '4 Classical: regularisation': ['regularisation'],
  '4 Classical: logistic, GLM, NB, kNN, SVM': ['classifiers'],
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
  '5 Deep: other (GNN, SSL, meta, BNN)': ['gnn-ssl-meta-bayesian'],
  '6 Applications: NLP': ['nlp', 'llms'],
  '6 Applications: vision': ['vision'],
  '6 Applications: reinforcement learning': ['reinforcement-learning'],
  '6 Applications: IR, audio, multimodal': ['retrieval-multimodal'],
  '7 Systems: production': ['production'],
  '7 Systems: system design': ['system-design'],
  '8 Behavioural and career': ['practice-prompts'],
};

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

export interface BankReport {
  total: number;
  autoGradable: number;
  byTrack: Record<string, Record<string, number>>;
  byTopic: Record<string, number>;
  coverage: { section: string; counts: Record<string, number>; total: number }[];
  unmapped: string[];
  problems: string[];
}

export function reportBank(bank: Bank): BankReport {
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
  const mapped = new Set(Object.values(OUTLINE).flat());
  const coverage = Object.entries(OUTLINE).map(([section, topics]) => {
    const list = qs.filter((q) => topics.includes(q.topic));
    return { section, counts: count(list), total: list.length };
  });
  const problems: string[] = [];
  for (const [a, b, s] of nearDuplicates(qs)) problems.push(`near-duplicate prompts (${Math.round(s * 100)}% alike): "${a.id}" (${a.file}) and "${b.id}" (${b.file})`);
  for (const c of coverage) if (c.total === 0) problems.push(`outline section "${c.section}" has no questions`);
  for (const q of qs) if (q.track === 'behavioral' && q.kind !== 'open') problems.push(`${q.file}: question "${q.id}": behavioral prompts must be open`);
  return {
    total: qs.length,
    autoGradable: qs.filter((q) => q.kind !== 'open').length,
    byTrack, byTopic, coverage,
    unmapped: bank.topics.filter((t) => !mapped.has(t)),
    problems,
  };
}
