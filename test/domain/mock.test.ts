import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildReport, compareWithPrevious, endOf, MOCK_ASSESS_GRACE_MS, mockPhase, parseSummary, planMock, timeUpStep, timings, type MockSession, type MockSummary,
} from '../../src/domain/mock.js';
import type { Question } from '../../src/domain/question.js';
import { loadBank } from '../../src/load-bank.js';
import { mockBank } from '../support/mock-bank.js';

const bank = mockBank();
const real = loadBank('questions');
const seeded = (seed: number) => { let a = seed; return () => ((a = (a * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31); };

describe('planMock', () => {
  it('draws an interview loop: an easy warm-up, core questions rising in difficulty, an open design or behavioural prompt last', () => {
    fc.assert(fc.property(fc.integer({ min: 5, max: 15 }), fc.integer({ min: 1, max: 10_000 }), (count, seed) => {
      const plan = planMock({ questions: real.questions, scope: 'mixed', count, trackStats: {}, seen: new Set(), random: seeded(seed) });
      expect(plan).toHaveLength(count);
      expect(new Set(plan.map((q) => q.id)).size).toBe(count);
      expect(plan[0]!.difficulty).toBe('easy');
      const last = plan.at(-1)!;
      expect(last.kind).toBe('open');
      expect(['systems', 'behavioral']).toContain(last.track);
      const core = plan.slice(1, -1);
      expect(core.every((q) => q.kind !== 'open')).toBe(true);
      const levels = core.map((q) => ['easy', 'medium', 'hard'].indexOf(q.difficulty));
      expect(levels).toEqual([...levels].sort((a, b) => a - b));
      // A mixed mock spreads its core over at least two tracks (at most half from one).
      const perTrack = new Map<string, number>();
      for (const q of core) perTrack.set(q.track, (perTrack.get(q.track) ?? 0) + 1);
      expect(Math.max(...perTrack.values())).toBeLessThanOrEqual(Math.ceil(core.length / 2));
    }), { numRuns: 30 });
  });

  it('puts the core on the weakest tracks: lowest accuracy first, never-answered tracks counting as weak', () => {
    const trackStats = { math: { answered: 40, correct: 38 }, deep: { answered: 20, correct: 6 }, cs: { answered: 10, correct: 9 } };
    const plan = planMock({ questions: bank.questions, scope: 'mixed', count: 7, trackStats, seen: new Set(), random: seeded(7) });
    const core = plan.slice(1, -1);
    // deep (30%) is the weakest; math (95%) and cs (90%) come after it.
    expect(core.filter((q) => q.track === 'deep')).toHaveLength(3);
    expect(core.filter((q) => q.track === 'cs')).toHaveLength(2);
    expect(core.filter((q) => q.track === 'math')).toHaveLength(0);
    const fresh = planMock({ questions: real.questions, scope: 'mixed', count: 9, trackStats: { ...trackStats, classical: { answered: 5, correct: 5 }, workflow: { answered: 5, correct: 5 }, applications: { answered: 5, correct: 5 } }, seen: new Set(), random: seeded(3) });
    // systems was never answered: it counts as weakest, with deep after it.
    expect(new Set(fresh.slice(1, -1).map((q) => q.track))).toEqual(new Set(['systems', 'deep']));
  });

  it('prefers topics and questions the user has not seen', () => {
    const math = real.questions.filter((x) => x.track === 'math' && x.kind !== 'open');
    const topics = [...new Set(math.map((x) => x.topic))];
    // Everything in all but two topics has been seen, and half of one of those two.
    const [a, b] = topics.slice(-2);
    const half = math.filter((x) => x.topic === a).slice(0, 5).map((x) => x.id);
    const seen = new Set([...math.filter((x) => x.topic !== a && x.topic !== b).map((x) => x.id), ...half]);
    const plan = planMock({ questions: real.questions, scope: 'math', count: 6, trackStats: {}, seen, random: seeded(11) });
    const core = plan.slice(1, -1);
    expect(new Set(core.map((x) => x.topic))).toEqual(new Set([a, b]));
    expect(plan.filter((x) => seen.has(x.id))).toEqual([]);
    // A track mock ends with one of its own open prompts when it has any...
    expect(plan.at(-1)).toMatchObject({ track: 'math', kind: 'open' });
    // ...and with a design or behavioural one when it has none.
    const small = planMock({ questions: bank.questions, scope: 'math', count: 5, trackStats: {}, seen: new Set(), random: seeded(5) });
    expect(['systems', 'behavioral']).toContain(small.at(-1)!.track);
  });

  it('asks only open questions in a track that has nothing else, and fewer questions only when the scope has fewer', () => {
    const plan = planMock({ questions: bank.questions, scope: 'behavioral', count: 5, trackStats: {}, seen: new Set(), random: seeded(1) });
    expect(plan.map((q) => q.track)).toEqual(['behavioral', 'behavioral']);
    expect(planMock({ questions: real.questions, scope: 'behavioral', count: 15, trackStats: {}, seen: new Set() }).every((q) => q.kind === 'open')).toBe(true);
  });
});

const q = (id: string, track: Question['track'], topic: string): Question =>
  ({ id, track, topic, difficulty: 'medium', kind: 'choice', prompt: id, choices: [{ text: 'a', correct: true }, { text: 'b' }], explanation: 'x', file: '' }) as Question;

const QS = [q('q1', 'math', 'probability'), q('q2', 'math', 'statistics'), q('q3', 'deep', 'cnns'), q('q4', 'math', 'probability'), q('q5', 'systems', 'design')];
const byId = new Map(QS.map((x) => [x.id, x]));
const START = 1_000_000;

function session(extra: Partial<MockSession> = {}): MockSession {
  return {
    id: 'abcd1234', channelId: 'console:main', scope: 'mixed', startedAt: START, deadline: START + 10 * 60_000, index: 0,
    items: QS.map((x, i) => ({ postId: `p${i}`, questionId: x.id })), ...extra,
  };
}

describe('mock report', () => {
  it('knows when a mock is over: time, every answer, or a stop; open answers are self-assessed before the report', () => {
    const s = session({ index: 2, items: session().items.map((it, i) => (i < 2 ? { ...it, verdict: 'c', at: 30 * (i + 1) } : it)) });
    expect(mockPhase(s, START + 60_000)).toBe('running');
    expect(mockPhase(s, START + 10 * 60_000)).toBe('report');
    expect(endOf(s, START + 11 * 60_000)).toEqual({ ended: 'time', endedAt: START + 10 * 60_000 });
    expect(endOf(s, START + 5 * 60_000)).toEqual({ ended: 'stop', endedAt: START + 5 * 60_000 });
    const open = { ...s, index: 5, items: s.items.map((it, i) => (i === 4 ? { ...it, verdict: 'o' as const, at: 200 } : it)) };
    expect(mockPhase(open, START + 60_000)).toBe('assess');
    expect(endOf(open, START + 60_000).ended).toBe('done');
  });

  it('times out at the deadline: files at once, or first asks once for the open answers and files after the grace', () => {
    const deadline = START + 10 * 60_000;
    const fileAt = deadline + MOCK_ASSESS_GRACE_MS;
    const s = session({ index: 2, items: session().items.map((it, i) => (i < 2 ? { ...it, verdict: 'c', at: 30 * (i + 1) } : it)) });
    expect(timeUpStep(s, deadline - 1)).toEqual({ step: 'wait', at: deadline });
    expect(timeUpStep(s, deadline)).toEqual({ step: 'file' });
    const open = { ...s, items: s.items.map((it, i) => (i === 1 ? { ...it, verdict: 'o' as const } : it)) };
    expect(timeUpStep(open, deadline)).toEqual({ step: 'assess', fileAt });
    expect(timeUpStep({ ...open, toldAt: deadline }, deadline + 1)).toEqual({ step: 'wait', at: fileAt });
    expect(timeUpStep({ ...open, toldAt: deadline }, fileAt)).toEqual({ step: 'file' });
    // Late (the bot was down): past the grace, it files without asking.
    expect(timeUpStep(open, fileAt + 1)).toEqual({ step: 'file' });
    // Finished early but still waiting for the self-assessment: nothing happens before the deadline.
    expect(timeUpStep({ ...open, ended: 'done', endedAt: START + 60_000, index: 5 }, START + 2 * 60_000)).toEqual({ step: 'wait', at: deadline });
  });

  it('scores by track, times each question, and names the weakest topics from what was answered', () => {
    const s = session({
      index: 4, ended: 'time', endedAt: START + 600_000,
      items: [
        { postId: 'p0', questionId: 'q1', verdict: 'w', at: 45 },
        { postId: 'p1', questionId: 'q2', verdict: 'c', at: 165 },
        { postId: 'p2', questionId: 'q3', verdict: 's', at: 170 },
        { postId: 'p3', questionId: 'q4', verdict: 'p', at: 400 },
        { postId: 'p4', questionId: 'q5' },
      ],
    });
    expect(timings(s, START + 600_000)).toEqual([45, 120, 5, 230, 200]);
    const r = buildReport(s, byId, [], START + 700_000);
    expect(r.summary).toMatchObject({ score: 1.5, n: 5, took: 600, min: 10, ended: 'time', tracks: { math: [1.5, 3], deep: [0, 1], systems: [0, 1] } });
    expect(Object.keys(r.summary.tracks)).toEqual(['math', 'deep', 'systems']);
    // cnns (skipped, 0/1) before probability (0.5/2); design was never answered, so it says nothing.
    expect(r.weakest.map((w) => [w.topic, w.score, w.max])).toEqual([['cnns', 0, 1], ['probability', 0.5, 2]]);
    expect(r.summary.weakest).toEqual(['cnns', 'probability']);
  });

  it('compares with earlier mocks: the last, the best, the average, and per track', () => {
    const earlier: MockSummary[] = [
      { id: 'b', at: 2, took: 100, min: 10, scope: 'mixed', n: 4, ended: 'done', score: 1, tracks: { math: [1, 2] }, weakest: [] },
      { id: 'a', at: 1, took: 100, min: 10, scope: 'mixed', n: 5, ended: 'done', score: 4, tracks: { math: [2, 2], deep: [1, 1] }, weakest: [] },
    ];
    const s = session({ index: 5, items: session().items.map((it) => ({ ...it, verdict: 'c', at: 10 })) });
    const r = buildReport(s, byId, [{ ...earlier[0]!, id: s.id }, ...earlier], START + 60_000);
    expect(r.previous.map((m) => m.id)).toEqual(['b', 'a']);
    expect(compareWithPrevious(r)).toMatchObject({ lastPct: 25, best: 80, average: 53, count: 2, tracks: { math: 75, deep: 100 } });
    expect(compareWithPrevious(buildReport(s, byId, [], START))).toBeUndefined();
  });

  it('reads stored summaries defensively', () => {
    const good = { id: 'x', at: 1, took: 2, min: 10, scope: 'deep', n: 5, ended: 'stop', score: 2.5, tracks: { deep: [2.5, 5] }, weakest: ['cnns'] };
    expect(parseSummary(JSON.stringify(good))).toEqual(good);
    expect(parseSummary('{nope')).toBeUndefined();
    expect(parseSummary(JSON.stringify({ id: 'x' }))).toBeUndefined();
  });
});
