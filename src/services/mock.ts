import { randomBytes } from 'node:crypto';
import type { Invocation } from '../core/command.js';
import type { MockAction, SelfLevel } from '../core/action-ids.js';
import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { calendarAt } from '../domain/calendar.js';
import { gradeShownChoice, gradeText, MAX_ANSWER_LENGTH, type Grade, type GradeResult } from '../domain/grading.js';
import {
  endOf, minutesLeft, mockPhase, MOCK_ASSESS_GRACE_MS, MOCK_MINUTES, MOCK_QUESTIONS, planMock, timeUpStep, type MockEnd, type MockScope, type MockSession, type Verdict,
} from '../domain/mock.js';
import type { Question } from '../domain/question.js';
import type { AnswerRepository } from '../store/answers.js';
import type { BoardRepository } from '../store/boards.js';
import type { MockRepository } from '../store/mocks.js';
import type { PostRepository } from '../store/posts.js';
import type { QuestionStateRepository } from '../store/question-state-repo.js';
import { decodeAnswer, encodeAnswer } from '../domain/answer-record.js';
import type { SettingsRepository, UserZoneRepository } from '../store/settings.js';
import { withCurrentSettings } from './current-settings.js';
import { historyCard, mockForm, scopeLabel, verdictLine } from '../views/mock.js';
import { MockCards, type Who } from './mock-cards.js';
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

/** Queues a mock's time-out at its deadline (delivery implements it; services never import delivery). Adding it again changes nothing. */
export interface MockTimer {
  schedule(t: { communityId: string; userId: string; sessionId: string; deadline: number }): Promise<void>;
}

/** What the time-out of a mock does now (see `timeUpStep`); `reply` goes to the user privately. */
export type TimeUp =
  | { step: 'gone' }
  | { step: 'wait'; at: number }
  | { step: 'assess'; reply: Reply; fileAt: number }
  /** `file()` then adds the mock to the history (false if the user's own action filed it meanwhile). */
  | { step: 'file'; reply: Reply; file(): Promise<boolean> };

const LEVEL_VERDICT: Record<SelfLevel, Verdict> = { got: 'g', partly: 'p', missed: 'm' };
const VERDICT_LEVEL: Partial<Record<Verdict, SelfLevel>> = { g: 'got', p: 'partly', m: 'missed' };
const NOT_RUNNING = 'That question is not part of a mock you are running. `/mock history` lists your finished mocks; `/mock` starts a new one.';

/**
 * Mock interviews: a private, timed run of questions drawn like an interview loop, then a report card.
 * The session lives in Redis (one per user), so a restarted bot picks it up where it was. The deadline is checked
 * whenever the user does something (the answer script itself refuses answers after it), and a delayed delivery job
 * finishes the session at the deadline if the user does nothing (`timeUp`).
 */
export class MockService {
  /** Set by the app once delivery exists. */
  timer?: MockTimer;
  private readonly cards: MockCards;

  constructor(private readonly d: MockDeps) {
    this.cards = new MockCards(d);
  }

  /** `/mock`: starts a mock, or shows the running one (its current question, or its report once it is over). */
  async start(inv: Invocation, opts: MockOptions): Promise<Reply> {
    const running = await this.d.mocks.get(inv.communityId, inv.userId);
    if (running) {
      const asked = opts.scope !== undefined || opts.questions !== undefined || opts.minutes !== undefined;
      if (mockPhase(running, inv.now.getTime()) !== 'running') return this.wrapUp(inv, running);
      const where = running.channelId === inv.channelId ? '' : ' (it runs in another channel: answer there with `/answer`, or use the buttons)';
      const lead = asked ? `⚠️ You already have a mock running${where}; one at a time. Finish it or \`/mock stop\`.` : `Resuming your mock${where}.`;
      // Looking also repairs: were its time-out missing from the queue, it is queued again.
      await this.schedule(inv, running);
      return this.cards.current(inv, running, lead);
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
      return this.cards.current(inv, other, '⚠️ You already have a mock running; one at a time.');
    }
    await this.schedule(inv, session);
    const intro = `Your ${scopeLabel(scope)} mock: ${plan.length} questions in ${minutes} minutes, only you see it. `
      + 'A warm-up, then your weaker topics, then an open prompt you self-assess at the end. Answers count for your stats and reviews, not the leaderboards.';
    return this.cards.current(inv, session, intro);
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
    const [entries, s, tz] = await Promise.all([this.d.mocks.history(inv.communityId, inv.userId, 10), this.d.mocks.get(inv.communityId, inv.userId), this.cards.zone(inv)]);
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
      return this.cards.current(inv, s, index < s.index ? `You already answered question ${index + 1}; here is the current one.` : 'That question comes later; here is the current one.');
    }
    const item = s.items[index]!;
    const q = this.d.bank.get(item.questionId);
    if (!q || a.op === 'skip') return this.advance(inv, s, index, 's', q);
    if (a.op === 'ask') return q.kind === 'choice' ? this.cards.current(inv, s, 'Press a letter below, or type `/answer` with a letter.') : mockForm(q, item.postId);
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
    const { result: outcome } = await withCurrentSettings(this.d, inv.communityId, inv.userId, ({ settings, ownZone }) => {
      const cal = calendarAt(inv.now, settings.timezone);
      return this.d.answers.record({
        communityId: inv.communityId, postId, userId: inv.userId, displayName: inv.displayName, questionId: q.id, track: q.track,
        record: encodeAnswer({ g: grade, c: correct, p: 0 }), correct, points: 0,
        today: ownZone ? calendarAt(inv.now, ownZone).today : cal.today, periods: cal.periods, now: inv.now.getTime(),
        computedWith: { version: settings.version, userZone: ownZone ?? '' },
      });
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
    const { postId } = s.items[index]!;
    s.items[index] = { ...s.items[index]!, verdict, at: Math.floor(at) };
    s.index = index + 1;
    const lead = verdictLine(index + 1, q, postId, verdict);
    if (mockPhase(s, inv.now.getTime()) !== 'running') return this.wrapUp(inv, s, lead);
    // The result just shown can be reported from the next card.
    return this.cards.current(inv, s, lead, q ? { postId, n: index + 1 } : undefined);
  }

  private async assess(inv: Invocation, s: MockSession, index: number, level: SelfLevel): Promise<Reply> {
    if (mockPhase(s, inv.now.getTime()) === 'running') return this.cards.current(inv, s, 'Self-assessment comes at the end of the mock.');
    const item = s.items[index]!;
    const q = this.d.bank.get(item.questionId);
    if (!q || q.kind !== 'open' || item.verdict === undefined || item.verdict === 's') throw new UserError('That question has nothing to self-assess.');
    if (item.verdict !== 'o') return this.wrapUp(inv, s, `You already marked question ${index + 1} as **${VERDICT_LEVEL[item.verdict] ?? 'done'}**.`);
    // No credit: a mock never adds to the boards; the assessment still feeds mastery and review.
    const { result: res } = await withCurrentSettings(this.d, inv.communityId, undefined, ({ settings }) => this.d.answers.selfAssess({
      communityId: inv.communityId, postId: item.postId, userId: inv.userId, questionId: q.id, level, credit: 0,
      periods: calendarAt(inv.now, settings.timezone).periods, requireAnswer: true, now: inv.now.getTime(), settingsVersion: settings.version,
    }));
    if (res.status === 'noanswer') throw new UserError('That question has nothing to self-assess.');
    const chosen = res.status === 'dup' && res.level in LEVEL_VERDICT ? (res.level as SelfLevel) : level;
    await this.d.mocks.mark(inv.communityId, inv.userId, s.id, index, LEVEL_VERDICT[chosen], item.at ?? 0, false);
    s.items[index] = { ...item, verdict: LEVEL_VERDICT[chosen] };
    return this.wrapUp(inv, s, `Noted: **${chosen}** for question ${index + 1}.`);
  }

  /**
   * The time-out job, at or after the deadline of session `sessionId`: ends it if it still runs, then either asks for
   * the self-assessment of open answers (once; they may be assessed for MOCK_ASSESS_GRACE_MS more) or builds the
   * report card for the job to send before it files the mock in the history. 'gone': the mock was filed already.
   */
  async timeUp(communityId: string, userId: string, sessionId: string, now: Date): Promise<TimeUp> {
    const s = await this.d.mocks.get(communityId, userId);
    if (!s || s.id !== sessionId) return { step: 'gone' };
    const next = timeUpStep(s, now.getTime());
    if (next.step === 'wait') return next;
    const who: Who = { communityId, userId, now };
    if (s.ended === undefined) await this.end(who, s, endOf(s, now.getTime()));
    if (next.step === 'assess') {
      const minutes = Math.round(MOCK_ASSESS_GRACE_MS / 60_000);
      const reply = await this.cards.assessment(who, s, `⏰ **Your mock's time is up.** Mark your open answers within ${minutes} minutes; then the report card is filed with what you marked.`);
      if (reply) return { step: 'assess', reply, fileAt: next.fileAt };
    }
    const waiting = s.items.filter((it) => it.verdict === 'o').length;
    const lead = waiting > 0
      ? `⏰ **Your mock's time is up**, and the time to self-assess too: ${waiting === 1 ? 'one open answer was' : `${waiting} open answers were`} not marked.`
      : undefined;
    const { report, reply } = await this.cards.report(who, s, lead);
    return { step: 'file', reply, file: () => this.d.mocks.finish(communityId, userId, report.summary) };
  }

  /** The time-out asked for the self-assessment: it waits for it from now on. */
  /** The time-out asked for the self-assessment: it waits for it from now on. */
  told(communityId: string, userId: string, sessionId: string, at: number): Promise<void> {
    return this.d.mocks.told(communityId, userId, sessionId, at);
  }

  /** Whether the user has run a mock in the community (buttons of a mock's direct message may act there). */
  known(communityId: string, userId: string): Promise<boolean> {
    return this.d.mocks.known(communityId, userId);
  }

  private async schedule(who: Who, s: MockSession): Promise<void> {
    await this.timer?.schedule({ communityId: who.communityId, userId: who.userId, sessionId: s.id, deadline: s.deadline });
  }

  /** The mock is over: first the self-assessment of open answers, then the report card (which files the mock in the history). */
  private async wrapUp(who: Who, s: MockSession, lead?: string, skipAssessment = false): Promise<Reply> {
    if (s.ended === undefined) await this.end(who, s, endOf(s, who.now.getTime()));
    const assess = skipAssessment ? undefined : await this.cards.assessment(who, s, lead);
    if (assess) return assess;
    const { report, reply } = await this.cards.report(who, s, lead);
    await this.d.mocks.finish(who.communityId, who.userId, report.summary);
    return reply;
  }

  private async end(who: Who, s: MockSession, e: { ended: MockEnd; endedAt: number }): Promise<void> {
    await this.d.mocks.end(who.communityId, who.userId, s.id, e.ended, e.endedAt);
    s.ended = e.ended;
    s.endedAt = e.endedAt;
  }
}
