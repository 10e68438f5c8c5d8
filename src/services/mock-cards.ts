import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { decodeAnswer } from '../domain/answer-record.js';
import { buildReport, type MockReport, type MockSession } from '../domain/mock.js';
import type { Question } from '../domain/question.js';
import type { MockRepository } from '../store/mocks.js';
import type { AnswerRepository } from '../store/answers.js';
import type { SettingsRepository, UserZoneRepository } from '../store/settings.js';
import { assessCard, mockQuestionCard, reportCard } from '../views/mock.js';

/** Whose mock, and when: an invocation, or the time-out job acting for the user. */
export type Who = Pick<Invocation, 'communityId' | 'userId' | 'now'>;

export interface MockCardDeps {
  bank: Bank;
  answers: AnswerRepository;
  mocks: MockRepository;
  settings: SettingsRepository;
  userZones: UserZoneRepository;
}

/** The cards of a mock (the current question, a self-assessment, the report) from its session; reads only. */
export class MockCards {
  constructor(private readonly d: MockCardDeps) {}

  /** The current question card of a running mock; `reported` is the question whose result it shows. */
  current(inv: Invocation, s: MockSession, lead?: string, reported?: { postId: string; n: number }): Reply {
    const item = s.items[s.index]!;
    const q = this.d.bank.get(item.questionId);
    if (!q) throw new UserError('The current mock question has been retired from the bank. Use `/mock stop` and start a new mock.');
    return mockQuestionCard(s, q, inv.now.getTime(), lead, reported);
  }

  /** The self-assessment card of the first open answer still to mark, if any. */
  async assessment(who: Who, s: MockSession, lead?: string): Promise<Reply | undefined> {
    const pending = s.items.map((it, i) => ({ it, i })).filter(({ it }) => it.verdict === 'o');
    if (pending.length === 0) return undefined;
    const { it, i } = pending[0]!;
    const q = this.d.bank.get(it.questionId);
    if (!q) return undefined;
    const text = await this.openAnswer(who, it.postId);
    const done = s.items.filter((x) => x.verdict === 'g' || x.verdict === 'p' || x.verdict === 'm').length;
    return assessCard(i, q, it.postId, text || '(not available)', done + 1, done + pending.length, lead);
  }

  /** The report card of a mock that is over (filing it in the history is up to the caller). */
  async report(who: Who, s: MockSession, lead?: string): Promise<{ report: MockReport; reply: Reply }> {
    const [history, tz] = await Promise.all([this.d.mocks.history(who.communityId, who.userId), this.zone(who)]);
    const questions = new Map(s.items.map((it) => [it.questionId, this.d.bank.get(it.questionId)]).filter((e): e is [string, Question] => e[1] !== undefined));
    const report = buildReport(s, questions, history, who.now.getTime());
    return { report, reply: reportCard(report, tz, lead) };
  }

  /** The zone the user's times are shown in. */
  async zone(who: Pick<Who, 'communityId' | 'userId'>): Promise<string> {
    return (await this.d.userZones.get(who.communityId, who.userId)) ?? (await this.d.settings.get(who.communityId)).timezone;
  }

  /** The text of the user's open answer to a post. */
  private async openAnswer(who: Who, postId: string): Promise<string> {
    const g = decodeAnswer(await this.d.answers.answerOf(who.communityId, postId, who.userId))?.g;
    return g?.kind === 'open' ? g.text : '';
  }
}
