import { randomBytes } from 'node:crypto';
import type { Invocation } from '../core/command.js';
import type { MockAction, SelfLevel } from '../core/action-ids.js';
import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { calendarAt } from '../domain/calendar.js';
import { gradeShownChoice, gradeText, MAX_ANSWER_LENGTH, type Grade, type GradeResult } from '../domain/grading.js';
import {
  buildReport, endOf, minutesLeft, mockPhase, MOCK_MINUTES, MOCK_QUESTIONS, planMock, type MockEnd, type MockScope, type MockSession, type Verdict,
} from '../domain/mock.js';
import type { Question } from '../domain/question.js';
import type { AnswerRepository } from '../store/answers.js';
import type { BoardRepository } from '../store/boards.js';
import type { MockRepository } from '../store/mocks.js';
import type { PostRepository } from '../store/posts.js';
import type { QuestionStateRepository } from '../store/question-state-repo.js';
import { decodeAnswer, encodeAnswer } from '../domain/answer-record.js';
import type { SettingsRepository, UserZoneRepository } from '../store/settings.js';
import { assessCard, historyCard, mockForm, mockQuestionCard, reportCard, scopeLabel, verdictLine } from '../views/mock.js';
import { postOrder } from '../views/question.js';

export interface MockDeps {
  bank: Bank;
  states: QuestionStateRepository;
  posts: PostRepository;
  answers: AnswerRepository;
  mocks: MockRepository;
  boards: BoardRepository;
  settings: SettingsRepository;
  userZones: UserZoneRepository;
  random?: () => number;
}

export interface MockOptions { scope?: MockScope; questions?: number; minutes?: number }

const LEVEL_VERDICT: Record<SelfLevel, Verdict> = { got: 'g', partly: 'p', missed: 'm' };
const VERDICT_LEVEL: Partial<Record<Verdict, SelfLevel>> = { g: 'got', p: 'partly', m: 'missed' };
const NOT_RUNNING = 'That question is not part of a mock you are running. `/mock history` lists your finished mocks; `/mock` starts a new one.';

/**
 * Mock interviews: a private, timed run of questions drawn like an interview loop, then a report card.
 * The session lives in Redis (one per user), so a restarted bot picks it up where it was. There are no timers:
 * the deadline is checked whenever the user does something, and the answer script refuses answers after it.
 */
export class MockService {
  constructor(private readonly d: MockDeps) {}

  /** `/mock`: starts a mock, or shows the running one (its current question, or its report once it is over). */
  async start(inv: Invocation, opts: MockOptions): Promise<Reply> {
    const running = await this.d.mocks.get(inv.communityId, inv.userId);
    if (running) {
      const asked = opts.scope !== undefined || opts.questions !== undefined || opts.minutes !== undefined;
      if (mockPhase(running, inv.now.getTime()) !== 'running') return this.wrapUp(inv, running);
      const where = running.channelId === inv.channelId ? '' : ' (it runs in another channel: answer there with `/answer`, or use the buttons)';
      const lead = asked ? `⚠️ You already have a mock running${where}; one at a time. Finish it or \`/mock stop\`.` : `Resuming your mock${where}.`;
      return this.current(inv, running, lead);
    }
    const scope = opts.scope ?? 'mixed';
    const count = opts.questions ?? MOCK_QUESTIONS.default;
    const minutes = opts.minutes ?? MOCK_MINUTES.default;
    const [stats, seen] = await Promise.all([
      this.d.boards.userStats(inv.communityId, inv.userId), this.d.states.seen(inv.communityId, inv.userId),
    ]);
    const plan = planMock({ questions: this.d.bank.questions, scope, count, trackStats: stats?.byTrack ?? {}, seen, random: this.d.random });
    if (plan.length < MOCK_QUESTIONS.min) throw new UserError(`There are not enough questions for a mock in ${scopeLabel(scope)} yet. Try \`/mock mixed\`.`);
    const now = inv.now.getTime();
    const id = randomBytes(4).toString('hex');
    const deadline = now + minutes * 60_000;
    // The posts close at the deadline: the answer script itself refuses a late answer.
    const posts = await Promise.all(plan.map((q) => this.d.posts.create({
      communityId: inv.communityId, questionId: q.id, channelId: inv.channelId, audience: inv.userId,
      createdAt: now, closesAt: deadline, scheduleId: '', answerMode: 'buttons', mock: id,
    })));
    const session: MockSession = {
      id, channelId: inv.channelId, scope, startedAt: now, deadline, index: 0,
      items: posts.map((p) => ({ postId: p.id, questionId: p.questionId })),
    };
    if (!(await this.d.mocks.start(inv.communityId, inv.userId, session))) {
      // Another /mock won the race: show that one.
      const other = await this.d.mocks.get(inv.communityId, inv.userId);
      if (!other) throw new UserError('Your mock could not start; please try again.');
      return this.current(inv, other, '⚠️ You already have a mock running; one at a time.');
    }
    const intro = `Your ${scopeLabel(scope)} mock: ${plan.length} questions in ${minutes} minutes, only you see it. `
      + 'A warm-up, then your weaker topics, then an open prompt you self-assess at the end. Answers count for your stats and reviews, not the leaderboards.';
    return this.current(inv, session, intro);
  }

  /** `/mock stop`: ends the running mock early (a second stop skips the remaining self-assessment). */
  async stop(inv: Invocation): Promise<Reply> {
    const s = await this.d.mocks.get(inv.communityId, inv.userId);
    if (!s) return { visibility: 'private', tone: 'info', body: 'No mock interview is running. Start one with `/mock`.' };
    const phase = mockPhase(s, inv.now.getTime());
    if (phase === 'running') {
      await this.end(inv, s, { ended: 'stop', endedAt: inv.now.getTime() });
      return this.wrapUp(inv, s, '⏹️ Mock stopped.');
    }
    return this.wrapUp(inv, s, phase === 'assess' ? 'Finished without the remaining self-assessment.' : undefined, true);
  }

  /** `/mock history`: finished mocks, newest first. */
  async history(inv: Invocation): Promise<Reply> {
    const [entries, s, tz] = await Promise.all([this.d.mocks.history(inv.communityId, inv.userId, 10), this.d.mocks.get(inv.communityId, inv.userId), this.zone(inv)]);
    const running = s && mockPhase(s, inv.now.getTime()) === 'running'
      ? `A mock is running: question ${s.index + 1} of ${s.items.length}, ${minutesLeft(s, inv.now.getTime())} min left. \`/mock\` shows it.`
      : s ? 'Your last mock is over: `/mock` shows its report.' : undefined;
    return historyCard(entries, tz, running);
  }

  /**
   * `/answer` while a mock runs for this user in this channel: the mock's current question takes the answer.
   * Undefined when there is no such mock, so the usual routing applies.
   */
  async answerText(inv: Invocation, text: string): Promise<Reply | undefined> {
    const s = await this.d.mocks.get(inv.communityId, inv.userId);
    if (!s || s.channelId !== inv.channelId) return undefined;
    if (mockPhase(s, inv.now.getTime()) !== 'running') return this.wrapUp(inv, s, text.trim() ? '⏰ The mock is over, so that answer was not recorded.' : undefined);
    const postId = s.items[s.index]!.postId;
    return text.trim() === '' ? this.act(inv, s, { op: 'ask', postId }) : this.act(inv, s, { op: 'form', postId }, text);
  }

  /** Buttons and the answer form of mock cards. */
  async action(inv: Invocation, a: MockAction, formText?: string): Promise<Reply> {
    const s = await this.d.mocks.get(inv.communityId, inv.userId);
    if (!s || !s.items.some((it) => it.postId === a.postId)) throw new UserError(NOT_RUNNING);
    return this.act(inv, s, a, formText);
  }

  private async act(inv: Invocation, s: MockSession, a: MockAction, formText?: string): Promise<Reply> {
    const index = s.items.findIndex((it) => it.postId === a.postId);
    if (a.op === 'assess') return this.assess(inv, s, index, a.level);
    if (mockPhase(s, inv.now.getTime()) !== 'running') {
      return this.wrapUp(inv, s, a.op === 'ask' ? undefined : '⏰ The mock is over, so that answer was not recorded.');
    }
    if (index !== s.index) {
      return this.current(inv, s, index < s.index ? `You already answered question ${index + 1}; here is the current one.` : 'That question comes later; here is the current one.');
    }
    const item = s.items[index]!;
    const q = this.d.bank.get(item.questionId);
    if (!q || a.op === 'skip') return this.advance(inv, s, index, 's', q);
    if (a.op === 'ask') return q.kind === 'choice' ? this.current(inv, s, 'Press a letter below, or type `/answer` with a letter.') : mockForm(q, item.postId);
    if (formText !== undefined && formText.length > MAX_ANSWER_LENGTH) {
      throw new UserError(`Your answer is ${formText.length} characters; the limit is ${MAX_ANSWER_LENGTH}. Nothing was recorded.`);
    }
    const order = postOrder(q, item.postId);
    const graded: GradeResult = a.op === 'answer'
      ? q.kind === 'choice' ? gradeShownChoice(q, a.choice, order) : { ok: false, message: 'This question is not multiple choice.' }
      : gradeText(q, formText ?? '', order);
    if (!graded.ok) throw new UserError(graded.message);
    const verdict = await this.record(inv, q, item.postId, graded.grade);
    if (verdict === 'closed') {
      await this.end(inv, s, { ended: 'time', endedAt: s.deadline });
      return this.wrapUp(inv, s, '⏰ The mock is over, so that answer was not recorded.');
    }
    return this.advance(inv, s, index, verdict, q);
  }

  /** Records an answer with the usual answer script (stats, streak, review); the post's mock flag keeps it off the boards. */
  private async record(inv: Invocation, q: Question, postId: string, grade: Grade): Promise<Verdict | 'closed'> {
    const correct = grade.kind === 'open' ? undefined : grade.correct;
    const [{ timezone }, ownZone] = await Promise.all([this.d.settings.get(inv.communityId), this.d.userZones.get(inv.communityId, inv.userId)]);
    const cal = calendarAt(inv.now, timezone);
    const outcome = await this.d.answers.record({
      communityId: inv.communityId, postId, userId: inv.userId, displayName: inv.displayName, questionId: q.id, track: q.track,
      record: encodeAnswer({ g: grade, c: correct, p: 0 }), correct, points: 0,
      today: ownZone ? calendarAt(inv.now, ownZone).today : cal.today, periods: cal.periods, now: inv.now.getTime(),
    });
    switch (outcome.status) {
      case 'ok': return correct === undefined ? 'o' : correct ? 'c' : 'w';
      // Recorded before (a double click, or a restart between recording and moving on): the first answer counts.
      case 'dup': {
        const first = decodeAnswer(outcome.record);
        return first?.c === undefined ? 'o' : first.c ? 'c' : 'w';
      }
      case 'closed': return 'closed';
      case 'missing': return 's';
      case 'notyours': throw new UserError('That question was sent to someone else.');
    }
  }

  /** Files the verdict of question `index` and shows the next question, or wraps up after the last one. */
  private async advance(inv: Invocation, s: MockSession, index: number, verdict: Verdict, q: Question | undefined): Promise<Reply> {
    const at = (inv.now.getTime() - s.startedAt) / 1000;
    await this.d.mocks.mark(inv.communityId, inv.userId, s.id, index, verdict, at, true);
    s.items[index] = { ...s.items[index]!, verdict, at: Math.floor(at) };
    s.index = index + 1;
    const lead = verdictLine(index + 1, q, s.items[index]!.postId, verdict);
    if (mockPhase(s, inv.now.getTime()) !== 'running') return this.wrapUp(inv, s, lead);
    return this.current(inv, s, lead);
  }

  private async assess(inv: Invocation, s: MockSession, index: number, level: SelfLevel): Promise<Reply> {
    if (mockPhase(s, inv.now.getTime()) === 'running') return this.current(inv, s, 'Self-assessment comes at the end of the mock.');
    const item = s.items[index]!;
    const q = this.d.bank.get(item.questionId);
    if (!q || q.kind !== 'open' || item.verdict === undefined || item.verdict === 's') throw new UserError('That question has nothing to self-assess.');
    if (item.verdict !== 'o') return this.wrapUp(inv, s, `You already marked question ${index + 1} as **${VERDICT_LEVEL[item.verdict] ?? 'done'}**.`);
    const { timezone } = await this.d.settings.get(inv.communityId);
    // No credit: a mock never adds to the boards; the assessment still feeds mastery and review.
    const res = await this.d.answers.selfAssess({
      communityId: inv.communityId, postId: item.postId, userId: inv.userId, questionId: q.id, level, credit: 0,
      periods: calendarAt(inv.now, timezone).periods, requireAnswer: true, now: inv.now.getTime(),
    });
    if (res.status === 'noanswer') throw new UserError('That question has nothing to self-assess.');
    const chosen = res.status === 'dup' && res.level in LEVEL_VERDICT ? (res.level as SelfLevel) : level;
    await this.d.mocks.mark(inv.communityId, inv.userId, s.id, index, LEVEL_VERDICT[chosen], item.at ?? 0, false);
    s.items[index] = { ...item, verdict: LEVEL_VERDICT[chosen] };
    return this.wrapUp(inv, s, `Noted: **${chosen}** for question ${index + 1}.`);
  }

  /** The mock is over: first the self-assessment of open answers, then the report card (which files the mock in the history). */
  private async wrapUp(inv: Invocation, s: MockSession, lead?: string, skipAssessment = false): Promise<Reply> {
    const now = inv.now.getTime();
    if (s.ended === undefined) await this.end(inv, s, endOf(s, now));
    const pending = s.items.map((it, i) => ({ it, i })).filter(({ it }) => it.verdict === 'o');
    if (pending.length > 0 && !skipAssessment) {
      const { it, i } = pending[0]!;
      const q = this.d.bank.get(it.questionId);
      const text = await this.openAnswer(inv, it.postId);
      const done = s.items.filter((x) => x.verdict === 'g' || x.verdict === 'p' || x.verdict === 'm').length;
      if (q) return assessCard(i, q, it.postId, text || '(not available)', done + 1, done + pending.length, lead);
    }
    const [history, tz] = await Promise.all([this.d.mocks.history(inv.communityId, inv.userId), this.zone(inv)]);
    const questions = new Map(s.items.map((it) => [it.questionId, this.d.bank.get(it.questionId)]).filter((e): e is [string, Question] => e[1] !== undefined));
    const report = buildReport(s, questions, history, now);
    await this.d.mocks.finish(inv.communityId, inv.userId, report.summary);
    return reportCard(report, tz, lead);
  }

  /** The text of the user's open answer to a post. */
  private async openAnswer(inv: Invocation, postId: string): Promise<string> {
    const g = decodeAnswer(await this.d.answers.answerOf(inv.communityId, postId, inv.userId))?.g;
    return g?.kind === 'open' ? g.text : '';
  }

  private async end(inv: Invocation, s: MockSession, e: { ended: MockEnd; endedAt: number }): Promise<void> {
    await this.d.mocks.end(inv.communityId, inv.userId, s.id, e.ended, e.endedAt);
    s.ended = e.ended;
    s.endedAt = e.endedAt;
  }

  /** The current question card of a running mock. */
  private current(inv: Invocation, s: MockSession, lead?: string): Reply {
    const item = s.items[s.index]!;
    const q = this.d.bank.get(item.questionId);
    if (!q) throw new UserError('The current mock question has been retired from the bank. Use `/mock stop` and start a new mock.');
    return mockQuestionCard(s, q, inv.now.getTime(), lead);
  }

  private async zone(inv: Invocation): Promise<string> {
    return (await this.d.userZones.get(inv.communityId, inv.userId)) ?? (await this.d.settings.get(inv.communityId)).timezone;
  }
}
