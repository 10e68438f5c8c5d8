import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Invocation } from '../../src/core/command.js';
import { calendarAt } from '../../src/domain/calendar.js';
import type { MockSession } from '../../src/domain/mock.js';
import { communityKeys } from '../../src/store/keys.js';
import { MockRepository } from '../../src/store/mocks.js';
import { FLAG, hasFlag, levelOf } from '../../src/store/question-state.js';
import { encodeAnswer } from '../../src/domain/answer-record.js';
import { testApp, invocationFor, freshCommunity, shown } from '../support/app.js';
import { mockBank } from '../support/mock-bank.js';
import { streakFromHash } from '../../src/store/streak-fields.js';

let app: App;
let mocks: MockRepository;
beforeAll(async () => {
  app = await testApp({ bank: mockBank() });
  mocks = new MockRepository(app.redis);
});
afterAll(async () => { await app.close(); });

const T0 = new Date('2031-05-01T10:00:00Z');
const at = (c: string, user: string, minutes = 0, extra: Partial<Invocation> = {}) =>
  invocationFor(c, user, { now: new Date(T0.getTime() + minutes * 60_000), ...extra });

async function session(c: string, user: string): Promise<MockSession> {
  const s = await mocks.get(c, `console:${user}`);
  if (!s) throw new Error(`no mock for ${user}`);
  return s;
}

/** The action id of the button for the correct option (or another one) of the mock's current question. */
async function button(c: string, user: string, right = true): Promise<string> {
  const s = await session(c, user);
  const item = s.items[s.index]!;
  const q = app.bank.get(item.questionId)!;
  if (q.kind !== 'choice') return `mskip:${item.postId}`;
  const file = right ? q.choices.findIndex((x) => x.correct) : q.choices.findIndex((x) => !x.correct);
  return `mans:${item.postId}:${shown(app, item.postId, q.id, file).index}`;
}

describe('mock sessions', () => {
  it('allows one mock at a time: concurrent starts make one session and both show it', async () => {
    const c = freshCommunity();
    const replies = await Promise.all([1, 2, 3].map(() => app.router.dispatch(at(c, 'ann'), { name: 'mock', text: '5 10' })));
    const s = await session(c, 'ann');
    for (const r of replies) {
      expect(r.title).toMatch(/question 1 of 5 · ⏱ 10 min left/);
      expect(r.postId).toBe(s.items[0]!.postId);
    }
    expect(replies.filter((r) => /already have a mock running/.test(r.body))).toHaveLength(2);
    // A third /mock, later, still shows the same mock.
    const again = await app.router.dispatch(at(c, 'ann', 1), { name: 'mock', text: 'deep' });
    expect(again.body).toMatch(/already have a mock running/);
    expect(again.postId).toBe(s.items[0]!.postId);
  });

  it('feeds stats and review but not the leaderboards, and leaves the questions\' points for later', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const uid = 'console:bea';
    await app.services.mock.start(at(c, 'bea'), { questions: 5, minutes: 10 });
    const s = await session(c, 'bea');
    const first = s.items[0]!.questionId;
    await app.router.action(at(c, 'bea', 1), await button(c, 'bea'));
    await app.router.action(at(c, 'bea', 2), await button(c, 'bea', false));
    await app.router.action(at(c, 'bea', 3), await button(c, 'bea'));
    await app.router.action(at(c, 'bea', 4), await button(c, 'bea'));
    const open = await app.services.quiz.answerText(at(c, 'bea', 5), 'Goal first, then the trade-off.');
    expect(open.title).toMatch(/self-assessment 1 of 1/);
    const report = await app.router.action(at(c, 'bea', 6), open.buttons![0]!.actionId);
    expect(report.title).toMatch(/report · 4\/5 \(80%\)/);

    const user = await app.redis.hgetall(k.user(uid));
    expect(user).toMatchObject({ answered: '5', correct: '3', open: '1', 'sa:got': '1' });
    expect(streakFromHash(user).current).toBe(1);
    expect(user.points).toBeUndefined();
    const periods = calendarAt(at(c, 'bea').now, 'UTC').periods;
    for (const board of [k.board('all'), k.board('week', periods.week), k.board('month', periods.month)]) {
      expect(await app.redis.zscore(board, uid)).toBeNull();
    }
    const states = await app.services.questionStates.records(c, uid);
    expect(states.filter((r) => hasFlag(r, FLAG.scored))).toHaveLength(0);
    // Every answered question is in the review queue, the open one once self-assessed.
    expect(states.filter((r) => hasFlag(r, FLAG.queued))).toHaveLength(5);
    const assessed = states.find((r) => r.qnum === app.services.questionNumbers.of(s.items[4]!.questionId))!;
    expect(levelOf(assessed)).toBe('got');

    // The same question answered later in an ordinary /quiz post still scores, and reaches the boards.
    const post = await app.services.posts.create({
      createdAt: T0.getTime(), communityId: c, questionId: first, channelId: 'console:main', audience: uid, closesAt: 0, scheduleId: '', answerMode: 'buttons',
    });
    const later = await app.services.quiz.answer(at(c, 'bea', 60), post.id, { choice: shown(app, post.id, first).index });
    expect(later.title).toMatch(/Correct! \+10 points/);
    expect(await app.redis.zscore(k.board('all'), uid)).toBe('10');
  });

  it('routes /answer to the running mock in its channel, and to the usual question elsewhere', async () => {
    const c = freshCommunity();
    const cy = (minutes: number, channelId = 'console:main') => at(c, 'cy', minutes, { channelId });
    // A practice question waits in another channel (a newer /quiz anywhere would replace it).
    await app.services.quiz.ask(cy(0, 'console:other'), 'cnns');
    const quizThere = (await app.services.posts.candidates(c, 'console:cy', 'console:other', T0.getTime())).mine!;
    await app.services.mock.start(cy(0), { questions: 5, minutes: 10 });
    const s = await session(c, 'cy');
    const item = s.items[0]!;
    const letter = shown(app, item.postId, item.questionId).letter;

    const r = await app.services.quiz.answerText(cy(1), letter);
    expect(r.title).toMatch(/question 2 of 5/);
    expect(r.body).toMatch(/✅ Question 1: correct/);
    expect(await app.services.posts.answers(c, item.postId)).toHaveProperty('console:cy');
    expect(await app.services.answers.hasAnswered(c, quizThere, 'console:cy')).toBe(false);
    // /answer with no text opens nothing new: the mock's current question is a choice, so the card comes back.
    expect((await app.services.quiz.answerText(cy(1), '')).title).toMatch(/question 2 of 5/);

    // In another channel the ordinary /quiz question takes the answer.
    const there = await app.services.posts.get(c, quizThere, 'console:cy');
    const elsewhere = await app.services.quiz.answerText(cy(1, 'console:other'), shown(app, quizThere, there!.questionId).letter);
    expect(elsewhere.title).toMatch(/Correct!/);
    expect((await session(c, 'cy')).index).toBe(1);
  });

  it('refuses buttons that are not for the current question of the caller\'s own mock, changing nothing', async () => {
    const c = freshCommunity();
    await app.services.mock.start(at(c, 'dan'), { questions: 5, minutes: 10 });
    const s = await session(c, 'dan');
    const [q1, q2] = s.items;
    const firstButton = await button(c, 'dan');
    await app.router.action(at(c, 'dan', 1), firstButton);
    // A stale button of question 1 shows the current question and records nothing more.
    const stale = await app.router.action(at(c, 'dan', 1), firstButton);
    expect(stale.body).toMatch(/You already answered question 1; here is the current one/);
    expect(stale.postId).toBe(q2!.postId);
    // The ordinary answer and self-assessment buttons do not work on mock questions.
    const forged = await app.router.action(at(c, 'dan', 1), `ans:${q2!.postId}:0`);
    expect(forged.body).toMatch(/belongs to a mock interview/);
    expect((await app.router.action(at(c, 'dan', 1), `sa:${q1!.postId}:got`)).body).toMatch(/belongs to a mock interview/);
    expect(await app.services.posts.answers(c, q2!.postId)).toEqual({});
    // Self-assessment waits for the end; someone else's mock is not theirs to answer.
    expect((await app.router.action(at(c, 'dan', 1), `msa:${q2!.postId}:got`)).body).toMatch(/Self-assessment comes at the end/);
    expect((await app.router.action(at(c, 'eve', 1), `mans:${q2!.postId}:0`)).body).toMatch(/not part of a mock you are running/);
    expect(await app.services.posts.answers(c, q2!.postId)).toEqual({});
    expect((await session(c, 'dan')).index).toBe(1);
  });

  it('keeps an answer recorded just before a restart: the next press moves on with the first answer', async () => {
    const c = freshCommunity();
    await app.services.mock.start(at(c, 'fay'), { questions: 5, minutes: 10 });
    const s = await session(c, 'fay');
    const item = s.items[0]!;
    const q = app.bank.get(item.questionId)!;
    // The answer reached the answer script, but the process died before the session moved on.
    const wrong = await button(c, 'fay', false);
    await app.services.answers.record({
      communityId: c, postId: item.postId, userId: 'console:fay', displayName: 'fay', questionId: q.id, track: q.track,
      record: encodeAnswer({ g: { kind: 'choice', correct: false, picked: 1 }, c: false, p: 0 }), correct: false, points: 0,
      today: 1, periods: calendarAt(T0, 'UTC').periods, now: T0.getTime(),
    });
    expect((await session(c, 'fay')).index).toBe(0);
    const r = await app.router.action(at(c, 'fay', 1), await button(c, 'fay'));
    expect(r.body).toMatch(/❌ Question 1: not quite/);
    expect((await session(c, 'fay')).items[0]).toMatchObject({ verdict: 'w', at: 60 });
    expect(wrong).toMatch(/^mans:/);
    expect(await app.redis.hget(communityKeys(c).user('console:fay'), 'answered')).toBe('1');
  });

  it('stores a session compactly and files at most 20 summaries, each once', async () => {
    const c = freshCommunity();
    await app.services.mock.start(at(c, 'gil'), { questions: 15, minutes: 60 });
    const k = communityKeys(c);
    const encoding = await app.redis.object('ENCODING', k.userMock('console:gil'));
    expect(encoding).toBe('listpack');
    expect(await app.redis.ttl(k.userMock('console:gil'))).toBeGreaterThan(29 * 86_400);
    const s = await session(c, 'gil');
    const summary = { id: s.id, at: 0, took: 0, min: 60, scope: 'mixed' as const, n: 15, ended: 'stop' as const, score: 0, tracks: {}, weakest: [] };
    expect(await mocks.finish(c, 'console:gil', summary)).toBe(true);
    expect(await mocks.finish(c, 'console:gil', summary)).toBe(false);
    for (let i = 0; i < 25; i++) {
      const id = `s${i}`;
      await mocks.start(c, 'console:gil', { ...s, id });
      await mocks.finish(c, 'console:gil', { ...summary, id, at: i });
    }
    const history = await mocks.history(c, 'console:gil');
    expect(history).toHaveLength(20);
    expect(history[0]!.id).toBe('s24');
  });
});
