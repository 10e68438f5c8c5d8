import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { hintedPoints } from '../domain/hints.js';
import { MAX_REPORT_NOTE, type ReportReason } from '../domain/question-stats.js';
import type { Question } from '../domain/question.js';
import type { AnswerRepository } from '../store/answers.js';
import type { BoardRepository } from '../store/boards.js';
import type { FeedbackRepository } from '../store/feedback.js';
import type { Post, PostRepository } from '../store/posts.js';
import type { SettingsRepository } from '../store/settings.js';
import { alreadyReported, hintReply, NOTES_SHOWN, pickHint, reportForm, reportMenu, reportsList, reportThanks } from '../views/feedback.js';

export interface FeedbackDeps {
  bank: Bank;
  posts: PostRepository;
  answers: AnswerRepository;
  feedback: FeedbackRepository;
  settings: SettingsRepository;
  boards: BoardRepository;
}

/** How many questions `/questions reports` lists. */
const REPORTS_SHOWN = 10;

/** Hints on demand and question reports. */
export class FeedbackService {
  constructor(private readonly d: FeedbackDeps) {}

  /** Shows the post's hint to the caller alone; taken before answering, it halves the points (the answer script checks). */
  async hint(inv: Invocation, postId: string): Promise<Reply> {
    const { post, question } = await this.load(inv, postId);
    if (post.audience && post.audience !== inv.userId) throw new UserError('That question was sent to someone else. Use `/quiz` to get your own.');
    if (!question.hint) return { visibility: 'private', tone: 'info', body: 'This question has no hint. Give it your best shot!' };
    const settings = await this.d.settings.get(inv.communityId);
    if (!post.audience && !settings.channelHints) throw new UserError('Hints are turned off for channel questions in this community.');
    const outcome = await this.d.feedback.takeHint(inv.communityId, postId, inv.userId, inv.now.getTime());
    if (outcome === 'missing') throw new UserError('That question is no longer available. Use `/quiz` for a new one.');
    if (outcome === 'notyours') throw new UserError('That question was sent to someone else. Use `/quiz` to get your own.');
    const full = settings.points[question.difficulty];
    return hintReply(question, outcome, { full, hinted: hintedPoints(full) });
  }

  /** `/hint`: the hint of the caller's open question here (their practice question or the channel's). */
  async hintCommand(inv: Invocation): Promise<Reply> {
    const { mine, channel } = await this.d.posts.candidates(inv.communityId, inv.userId, inv.channelId, inv.now.getTime());
    if (!mine && !channel) throw new UserError('There is no open question for you here. Use `/quiz` to get one.');
    if (!mine || !channel) return this.hint(inv, (mine ?? channel)!);
    if (!(await this.d.settings.get(inv.communityId)).channelHints) return this.hint(inv, mine);
    const [chWaiting, mineWaiting] = await Promise.all([
      this.d.answers.hasAnswered(inv.communityId, channel, inv.userId).then((a) => !a),
      this.d.answers.hasAnswered(inv.communityId, mine, inv.userId).then((a) => !a),
    ]);
    if (chWaiting && mineWaiting) return pickHint(channel, mine);
    if (chWaiting !== mineWaiting) return this.hint(inv, chWaiting ? channel : mine);
    const [a, b] = await Promise.all([this.d.posts.get(inv.communityId, channel, inv.userId), this.d.posts.get(inv.communityId, mine, inv.userId)]);
    return this.hint(inv, (a?.createdAt ?? 0) > (b?.createdAt ?? 0) ? channel : mine);
  }

  /** The Report button: the reasons to pick from, unless the caller has reported this question already. */
  async reportMenu(inv: Invocation, postId: string): Promise<Reply> {
    const { question } = await this.load(inv, postId);
    const dup = await this.alreadyReported(inv, question);
    return dup ?? reportMenu(question, postId);
  }

  /** A reason picked: the form for an optional note. */
  async reportReason(inv: Invocation, postId: string, reason: ReportReason): Promise<Reply> {
    const { question } = await this.load(inv, postId);
    return (await this.alreadyReported(inv, question)) ?? reportForm(postId, reason);
  }

  /** The form sent: the report is kept if it is the caller's first for this question. */
  async report(inv: Invocation, postId: string, reason: ReportReason, text: string): Promise<Reply> {
    if (text.length > MAX_REPORT_NOTE) throw new UserError(`Your note is ${text.length} characters; the limit is ${MAX_REPORT_NOTE}. Nothing was recorded.`);
    const { question } = await this.load(inv, postId);
    const note = text.trim() || undefined;
    const res = await this.d.feedback.report(inv.communityId, question.id, { userId: inv.userId, reason, note, at: inv.now.getTime(), postId });
    if (res.status === 'ok') return reportThanks(reason);
    const { timezone } = await this.d.settings.get(inv.communityId);
    return alreadyReported(res.report?.reason ?? reason, res.report?.at ?? inv.now.getTime(), timezone);
  }

  /** `/questions reports` (admins): the most reported questions, with counts and the latest notes. */
  async reports(inv: Invocation): Promise<Reply> {
    const { questions, total } = await this.d.feedback.mostReported(inv.communityId, REPORTS_SHOWN);
    const users = [...new Set(questions.flatMap((q) => q.reports.filter((r) => r.note).slice(0, NOTES_SHOWN).map((r) => r.userId)))];
    const names = await this.d.boards.names(inv.communityId, users);
    const { timezone } = await this.d.settings.get(inv.communityId);
    return reportsList(questions.map((reported) => ({ reported, question: this.d.bank.get(reported.questionId), names })), total, timezone);
  }

  private async alreadyReported(inv: Invocation, question: Question): Promise<Reply | undefined> {
    const mine = await this.d.feedback.reportOf(inv.communityId, question.id, inv.userId);
    if (!mine) return undefined;
    const { timezone } = await this.d.settings.get(inv.communityId);
    return alreadyReported(mine.reason, mine.at, timezone);
  }

  private async load(inv: Invocation, postId: string): Promise<{ post: Post; question: Question }> {
    const post = await this.d.posts.get(inv.communityId, postId, inv.userId);
    if (!post) throw new UserError('That question is no longer available. Use `/quiz` for a new one.');
    const question = this.d.bank.get(post.questionId);
    if (!question) throw new UserError('That question has been retired from the bank. Use `/quiz` for a new one.');
    return { post, question };
  }
}
