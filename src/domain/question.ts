import { z } from 'zod';

export const TRACKS = ['math', 'cs', 'workflow', 'classical', 'deep', 'applications', 'systems', 'behavioral'] as const;
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export const KINDS = ['choice', 'numeric', 'open'] as const;

export type Track = (typeof TRACKS)[number];
export type Difficulty = (typeof DIFFICULTIES)[number];
export type Kind = (typeof KINDS)[number];

export const LIMITS = {
  prompt: 1500,
  choice: 200,
  explanation: 1000,
  keyPoint: 200,
  modelAnswer: 1500,
  hint: 300,
} as const;

const LATEX = /\$[^$\n]+\$|\\(frac|sum|sqrt|cdot|mathbb|mathrm|left|right|alpha|beta|sigma|theta|lambda|mu|int|prod|begin|end|le|ge|neq|approx|infty|partial|nabla|hat|bar|text)\b|\\\(|\\\[/;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)
    .refine((s) => !LATEX.test(s), 'contains LaTeX markup; write math in Unicode (σ², √n, ≤, Σ)');

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, single hyphens)').max(80);

const base = {
  id,
  difficulty: z.enum(DIFFICULTIES),
  prompt: text(LIMITS.prompt),
  hint: text(LIMITS.hint).optional(),
  tags: z.array(id).max(10).optional(),
};

export const normaliseChoice = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

const choiceQuestion = z.object({
  ...base,
  kind: z.literal('choice'),
  choices: z
    .array(z.object({ text: text(LIMITS.choice), correct: z.boolean().optional() }).strict())
    .min(2, 'needs 2-5 choices')
    .max(5, 'needs 2-5 choices')
    .refine((cs) => cs.filter((c) => c.correct).length === 1, 'must have exactly one correct choice')
    .refine((cs) => new Set(cs.map((c) => normaliseChoice(c.text))).size === cs.length, 'has choices that differ only in case or spacing'),
  explanation: text(LIMITS.explanation),
}).strict();

const numericQuestion = z.object({
  ...base,
  kind: z.literal('numeric'),
  answer: z.object({
    value: z.number().finite(),
    tolerance: z.number({ error: 'tolerance is required (absolute, e.g. 0 or 0.005)' }).finite().min(0),
  }).strict(),
  explanation: text(LIMITS.explanation),
}).strict();

const openQuestion = z.object({
  ...base,
  kind: z.literal('open'),
  keyPoints: z.array(text(LIMITS.keyPoint)).min(3, 'needs at least 3 key points').max(6, 'needs at most 6 key points'),
  modelAnswer: text(LIMITS.modelAnswer),
  explanation: text(LIMITS.explanation).optional(),
}).strict();

export const questionSchema = z.discriminatedUnion('kind', [choiceQuestion, numericQuestion, openQuestion]);

export const topicFileSchema = z.object({
  track: z.enum(TRACKS),
  topic: id,
  questions: z.array(z.unknown()).min(1, 'must hold at least one question'),
}).strict();

export type QuestionBody = z.infer<typeof questionSchema>;
export type Question = QuestionBody & { track: Track; topic: string; file: string };
export type ChoiceQuestion = Extract<Question, { kind: 'choice' }>;
export type NumericQuestion = Extract<Question, { kind: 'numeric' }>;
export type OpenQuestion = Extract<Question, { kind: 'open' }>;

export const POINTS_BY_DIFFICULTY: Record<Difficulty, number> = { easy: 10, medium: 20, hard: 30 };

export function correctIndex(q: ChoiceQuestion): number {
  return q.choices.findIndex((c) => c.correct);
}

export const CHOICE_LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
