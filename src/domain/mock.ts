/**
 * Mock interviews, the pure part: which questions a mock asks (drawn like an interview loop) and what its
 * report card says. No I/O: the service reads the session, the user's stats and past mocks, and passes them in.
 */
import { DIFFICULTIES, TRACKS, type Question, type Track } from './question.js';

export const MOCK_QUESTIONS = { min: 5, max: 15, default: 8 } as const;
export const MOCK_MINUTES = { min: 10, max: 60, default: 30 } as const;

export type MockScope = Track | 'mixed';

/**
 * What became of one question: c correct, w wrong, s skipped, o open answer waiting for its self-assessment,
 * g / p / m open answer self-assessed got / partly / missed. No verdict: not answered (time ran out or stopped).
 */
export type Verdict = 'c' | 'w' | 's' | 'o' | 'g' | 'p' | 'm';
export const VERDICT_SCORE: Record<Verdict, number> = { c: 1, w: 0, s: 0, o: 0, g: 1, p: 0.5, m: 0 };

export interface MockItem {
  postId: string;
  questionId: string;
  verdict?: Verdict;
  /** Seconds from the start of the mock to this answer. */
  at?: number;
}

export type MockEnd = 'time' | 'done' | 'stop';

export interface MockSession {
  id: string;
  channelId: string;
  scope: MockScope;
  startedAt: number;
  deadline: number;
  /** The question being asked (items.length once every question is answered). */
  index: number;
  items: MockItem[];
  endedAt?: number;
  ended?: MockEnd;
  /** When the user was told the time was up and asked to self-assess (by the time-out job). */
  toldAt?: number;
}

export interface TrackRecord { answered: number; correct: number }

/**
 * running: questions are being asked; assess: over, with open answers to self-assess; report: over, ready to report.
 * A mock is over when time runs out, when every question has an answer, or when it was stopped.
 */
export function mockPhase(s: MockSession, now: number): 'running' | 'assess' | 'report' {
  const over = s.ended !== undefined || now >= s.deadline || s.index >= s.items.length;
  if (!over) return 'running';
  return s.items.some((it) => it.verdict === 'o') ? 'assess' : 'report';
}

/** How a mock that is over ended, and when (never later than its deadline). */
export function endOf(s: MockSession, now: number): { ended: MockEnd; endedAt: number } {
  if (s.ended && s.endedAt !== undefined) return { ended: s.ended, endedAt: s.endedAt };
  if (s.index >= s.items.length) return { ended: 'done', endedAt: Math.min(now, s.deadline) };
  return now >= s.deadline ? { ended: 'time', endedAt: s.deadline } : { ended: 'stop', endedAt: now };
}

/**
 * Open answers still waiting for their self-assessment when the time is up may be assessed this much longer; then the
 * report is filed with what was assessed by then.
 */
export const MOCK_ASSESS_GRACE_MS = 60 * 60_000;

export type TimeUpStep =
  /** Nothing to do before `at` (ms): the deadline, or the end of the self-assessment grace. */
  | { step: 'wait'; at: number }
  /** The time is up and open answers wait: ask for their self-assessment, and file the report at `fileAt` (ms). */
  | { step: 'assess'; fileAt: number }
  /** File the report now. */
  | { step: 'file' };

/** What the time-out of a session does at `now`: it finishes the session on time, whatever the user does meanwhile. */
export function timeUpStep(s: MockSession, now: number): TimeUpStep {
  if (now < s.deadline) return { step: 'wait', at: s.deadline };
  const fileAt = s.deadline + MOCK_ASSESS_GRACE_MS;
  if (!s.items.some((it) => it.verdict === 'o') || now >= fileAt) return { step: 'file' };
  return s.toldAt === undefined ? { step: 'assess', fileAt } : { step: 'wait', at: fileAt };
}

export const minutesLeft = (s: MockSession, now: number) => Math.max(0, Math.ceil((s.deadline - now) / 60_000));

/** The share of a track's answers that were right; a track never answered counts as weakest (0). */
export function trackAccuracy(stats: Readonly<Record<string, TrackRecord>>, track: string): number {
  const s = stats[track];
  return s && s.answered > 0 ? s.correct / s.answered : 0;
}

export interface PlanInput {
  questions: readonly Question[];
  scope: MockScope;
  count: number;
  /** Answers and correct answers per track, from the user's stats. */
  trackStats: Readonly<Record<string, TrackRecord>>;
  /** Questions the user has seen. */
  seen: ReadonlySet<string>;
  random?: () => number;
}

const DESIGN_TRACKS: readonly Track[] = ['systems', 'behavioral'];
const level = (q: Question) => DIFFICULTIES.indexOf(q.difficulty);

/**
 * Draws a mock like an interview loop: one easy warm-up, core questions on the user's weaker topics (lowest
 * track accuracy first, never-answered tracks counting as weakest, then the topics they have seen least;
 * per-topic accuracy is not stored, so a topic's share of seen questions stands in for it),
 * rising in difficulty, and one open design or behavioural prompt at the end (a track mock ends with one of
 * its own open prompts when it has any). Warm-up and core questions are auto-graded where the scope has such
 * questions. Unseen questions are preferred throughout. Returns fewer questions only if the scope has fewer.
 */
export function planMock(p: PlanInput): Question[] {
  const random = p.random ?? Math.random;
  const inScope = p.questions.filter((q) => p.scope === 'mixed' || q.track === p.scope);
  const count = Math.min(p.count, inScope.length);
  if (count === 0) return [];
  const taken = new Set<string>();
  // Unseen first, then a random order: a stable sort on keys drawn once per question.
  const jitter = new Map(p.questions.map((q) => [q.id, random()]));
  const prefer = (qs: Question[], ...keys: ((q: Question) => number)[]) => qs
    .map((q) => ({ q, k: [p.seen.has(q.id) ? 1 : 0, ...keys.map((key) => key(q)), jitter.get(q.id)!] }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) if (a.k[i] !== b.k[i]) return a.k[i]! - b.k[i]!;
      return 0;
    })
    .map((e) => e.q);
  const take = (q: Question | undefined) => { if (q) taken.add(q.id); return q; };
  const free = (qs: readonly Question[]) => qs.filter((q) => !taken.has(q.id));

  const ownOpen = inScope.filter((q) => q.kind === 'open');
  const designOpen = p.questions.filter((q) => q.kind === 'open' && DESIGN_TRACKS.includes(q.track));
  const finalPool = p.scope !== 'mixed' && ownOpen.length > 0 ? ownOpen : designOpen.length > 0 ? designOpen : ownOpen;
  const final = count >= 2 ? take(prefer(finalPool, (q) => Math.abs(level(q) - 1))[0]) : undefined;

  const graded = inScope.filter((q) => q.kind !== 'open');
  const body = graded.length > 0 ? graded : inScope;
  const coreCount = count - 1 - (final ? 1 : 0);
  const core = pickCore(free(body), coreCount, p, prefer, jitter);
  for (const q of core) taken.add(q.id);

  const left = free(body);
  const easiest = Math.min(...left.map(level));
  const warmup = take(prefer(left.filter((q) => level(q) === easiest))[0]);
  // A small scope: top up with whatever is left.
  const rest = prefer(free(inScope), level).slice(0, Math.max(0, count - (warmup ? 1 : 0) - core.length - (final ? 1 : 0)));
  return [warmup, ...core.sort((a, b) => level(a) - level(b)), ...rest, final].filter((q): q is Question => q !== undefined);
}

/**
 * Core questions: round-robin over the weakest topics (as many topics as half the questions, so at most two
 * per topic), widening to every topic only if those run out. In a mixed mock at most half come from one
 * track, unless the other tracks run out of questions.
 */
function pickCore(pool: Question[], n: number, p: PlanInput, prefer: (qs: Question[], ...keys: ((q: Question) => number)[]) => Question[], jitter: Map<string, number>): Question[] {
  const byTopic = new Map<string, Question[]>();
  for (const q of pool) byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q]);
  const coverage = (qs: Question[]) => qs.filter((q) => p.seen.has(q.id)).length / qs.length;
  const topics = [...byTopic.values()].map((qs) => ({
    track: qs[0]!.track, accuracy: trackAccuracy(p.trackStats, qs[0]!.track), coverage: coverage(qs),
    // Medium and hard questions before easy ones: the warm-up is the easy part.
    queue: prefer(qs, (q) => (q.difficulty === 'easy' ? 1 : 0)),
    jitter: Math.min(...qs.map((q) => jitter.get(q.id)!)),
  })).sort((a, b) => a.accuracy - b.accuracy || a.coverage - b.coverage || a.jitter - b.jitter);
  const cap = p.scope === 'mixed' && new Set(topics.map((t) => t.track)).size > 1 ? Math.ceil(n / 2) : n;
  const weakest = topics.slice(0, Math.ceil(n / 2));
  const out: Question[] = [];
  for (const [among, limit] of [[weakest, cap], [topics, cap], [topics, n]] as const) {
    const perTrack = new Map<string, number>();
    for (const q of out) perTrack.set(q.track, (perTrack.get(q.track) ?? 0) + 1);
    for (let round = 0; out.length < n; round++) {
      let more = false;
      for (const t of among) {
        const q = t.queue[round];
        if (!q) continue;
        more = true;
        if (out.length >= n || out.includes(q) || (perTrack.get(t.track) ?? 0) >= limit) continue;
        out.push(q);
        perTrack.set(t.track, (perTrack.get(t.track) ?? 0) + 1);
      }
      if (!more) break;
    }
  }
  return out;
}

export interface QuestionLine {
  n: number;
  question: Question | undefined;
  /** The post that asked it (for a Report button). */
  postId?: string;
  verdict?: Verdict;
  seconds?: number;
}

export interface MockSummary {
  id: string;
  /** Start (ms), time taken (s), time limit (min), scope, number of questions, how it ended. */
  at: number;
  took: number;
  min: number;
  scope: MockScope;
  n: number;
  ended: MockEnd;
  score: number;
  /** Per track: [score, questions]. */
  tracks: Record<string, [number, number]>;
  weakest: string[];
}

export interface MockReport {
  summary: MockSummary;
  questions: QuestionLine[];
  weakest: { topic: string; track: string; score: number; max: number }[];
  previous: MockSummary[];
}

export const percent = (score: number, max: number) => (max > 0 ? Math.round((100 * score) / max) : 0);

/** Seconds spent on each question: from the previous answer (or the start) to this one; the question open at the end gets the rest. */
export function timings(s: MockSession, endedAt: number): (number | undefined)[] {
  let prev = 0;
  return s.items.map((it, i) => {
    if (it.at !== undefined) {
      const t = Math.max(0, it.at - prev);
      prev = it.at;
      return t;
    }
    return i === s.index ? Math.max(0, Math.floor((endedAt - s.startedAt) / 1000) - prev) : undefined;
  });
}

/** The report card's content. `history` holds earlier mocks, newest first (this one is left out if present). */
export function buildReport(s: MockSession, questions: ReadonlyMap<string, Question>, history: readonly MockSummary[], now: number): MockReport {
  const { ended, endedAt } = endOf(s, now);
  const times = timings(s, endedAt);
  const lines: QuestionLine[] = s.items.map((it, i) => ({ n: i + 1, question: questions.get(it.questionId), postId: it.postId, verdict: it.verdict, seconds: times[i] }));
  const tracks: Record<string, [number, number]> = {};
  const topics = new Map<string, { topic: string; track: string; score: number; max: number }>();
  let score = 0;
  for (const line of lines) {
    const q = line.question;
    const got = line.verdict ? VERDICT_SCORE[line.verdict] : 0;
    score += got;
    if (!q) continue;
    const t = (tracks[q.track] ??= [0, 0]);
    t[0] += got;
    t[1] += 1;
    // Only answers (and skips) say something about a topic, not questions the time ran out on.
    if (line.verdict === undefined) continue;
    const topic = topics.get(q.topic) ?? { topic: q.topic, track: q.track, score: 0, max: 0 };
    topic.score += got;
    topic.max += 1;
    topics.set(q.topic, topic);
  }
  const weakest = [...topics.values()].filter((t) => t.score < t.max)
    .sort((a, b) => a.score / a.max - b.score / b.max || b.max - a.max || a.topic.localeCompare(b.topic)).slice(0, 3);
  const ordered: Record<string, [number, number]> = {};
  for (const t of TRACKS) if (tracks[t]) ordered[t] = tracks[t];
  const summary: MockSummary = {
    id: s.id, at: s.startedAt, took: Math.round((endedAt - s.startedAt) / 1000), min: Math.round((s.deadline - s.startedAt) / 60_000),
    scope: s.scope, n: s.items.length, ended, score, tracks: ordered, weakest: weakest.map((w) => w.topic),
  };
  return { summary, questions: lines, weakest, previous: history.filter((h) => h.id !== s.id) };
}

/** Earlier mocks compared with this one: the last, the best and the average score (as percentages). */
export function compareWithPrevious(report: MockReport): { last: MockSummary; lastPct: number; best: number; average: number; count: number; tracks: Record<string, number> } | undefined {
  const prev = report.previous;
  if (prev.length === 0) return undefined;
  const pcts = prev.map((m) => percent(m.score, m.n));
  const tracks: Record<string, number> = {};
  for (const track of Object.keys(report.summary.tracks)) {
    const [got, max] = prev.reduce(([g, n], m) => [g + (m.tracks[track]?.[0] ?? 0), n + (m.tracks[track]?.[1] ?? 0)], [0, 0]);
    if (max > 0) tracks[track] = percent(got, max);
  }
  return {
    last: prev[0]!, lastPct: pcts[0]!, best: Math.max(...pcts), count: prev.length,
    average: Math.round(pcts.reduce((a, b) => a + b, 0) / pcts.length), tracks,
  };
}

/** Reads a stored summary; anything malformed is dropped rather than trusted. */
export function parseSummary(raw: string): MockSummary | undefined {
  try {
    const v = JSON.parse(raw) as Partial<MockSummary>;
    if (typeof v.id !== 'string' || typeof v.at !== 'number' || typeof v.n !== 'number' || typeof v.score !== 'number') return undefined;
    return {
      id: v.id, at: v.at, took: Number(v.took ?? 0), min: Number(v.min ?? 0), scope: (v.scope ?? 'mixed'), n: v.n,
      ended: v.ended ?? 'done', score: v.score, tracks: v.tracks ?? {}, weakest: Array.isArray(v.weakest) ? v.weakest.map(String) : [],
    };
  } catch {
    return undefined;
  }
}
