import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import { actionIds, type SelfLevel } from '../core/action-ids.js';
import { instant, type Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { calendarAt } from '../domain/calendar.js';
import { fitsQuestion, gradeShownChoice, gradeText, MAX_ANSWER_LENGTH, type GradeResult } from '../domain/grading.js';
import type { Difficulty, Question } from '../domain/question.js';
import { selectQuestion } from '../domain/selection.js';
import type { AnswerRepository } from '../store/answers.js';
import type { ReviewRepository } from '../store/reviews.js';
import { answerRating, reviewOrder } from '../domain/fsrs.js';
import { decodeAnswer, encodeAnswer } from '../domain/answer-record.js';
import type { PostRepository, Post } from '../store/posts.js';
import type { QuestionStateRepository } from '../store/question-state-repo.js';
import { isPracticeId } from '../store/practice.js';
import type { InteractionRepository } from '../store/interactions.js';
import type { SettingsRepository, UserZoneRepository } from '../store/settings.js';
import { channelReceipt, clip, personalResult, pickForm, pickQuestion } from '../views/answer.js';
import { describeGrade, postOrder, questionCard } from '../views/question.js';
import { freezeNews } from '../views/streak.js';

/** Participation credit for self-assessing an open question (once per question and user). */
export const OPEN_CREDIT = 2;

/** `/review` ranks at most this many of the longest-overdue due questions by retrievability. */
export const REVIEW_SCAN = 200;

export interface QuizDeps {
  bank: Bank;
  states: QuestionStateRepository;
  reviews: ReviewRepository;
  posts: PostRepository;
  answers: AnswerRepository;
  interactions: InteractionRepository;
  settings: SettingsRepository;
  userZones: UserZoneRepository;
  random?: () => number;
  /** Mock interviews: a running mock takes `/answer` for its user in its channel (see answerText). */
  mock?: { answerText(inv: Invocation, text: string): Promise<Reply | undefined> };
}

/** A practice answer is a field of the user hash, which must stay a listpack: it is kept under 64 bytes. */
const PRACTICE_RECORD_BYTES = 64;

export class QuizService {
  constructor(private readonly d: QuizDeps) {}

  /** Resolves a topic word to a filter, or explains which words exist. */
  subjectFilter(subject: string | undefined): { track?: Question['track']; topic?: string } {
    if (!subject) return {};
    const resolved = this.d.bank.resolveSubject(subject);
    if (!resolved) {
      throw new UserError(`Unknown topic "${clip(subject)}". Use a track (${this.d.bank.tracks.join(', ')}) or a topic; \`/topics\` lists them all.`);
    }
    return resolved;
  }

  /** A personal question for the caller, avoiding ones they have already seen. */
  async ask(inv: Invocation, subject?: string, difficulty?: Difficulty): Promise<Reply> {
    const subjectFilter = this.subjectFilter(subject);
    const filter = { ...subjectFilter, difficulty };
    const pool = this.d.bank.filter(filter);
    if (pool.length === 0) throw new UserError(`No ${difficulty ?? ''} questions in ${subject ?? 'the bank'} yet. Try another difficulty or topic.`);
    const seen = await this.d.states.seen(inv.communityId, inv.userId);
    const pick = selectQuestion(pool, seen, this.d.random);
    if (!pick) throw new UserError('No question is available.');
    if (pick.cycled) await this.d.states.unsee(inv.communityId, inv.userId, pool.map((q) => q.id));
    const card = await this.present(inv, pick.question, actionIds.next(subjectFilter.topic ?? subjectFilter.track, difficulty));
    if (pick.cycled) card.footer = `${card.footer} You have now seen every question here, so they start to repeat.`;
    return card;
  }

  /** Shows a question to the caller as their new practice question (it replaces the previous one). */
  private async present(inv: Invocation, question: Question, next: string): Promise<Reply> {
    const post = await this.d.posts.createPractice({
      communityId: inv.communityId, questionId: question.id, channelId: inv.channelId, audience: inv.userId, createdAt: inv.now.getTime(), next,
    });
    return questionCard(question, post, { channel: false });
  }

  /**
   * `/review`: of the caller's due questions, the one they are most likely to have forgotten (lowest FSRS
   * retrievability among the REVIEW_SCAN longest overdue), with how many are due.
   */
  async review(inv: Invocation): Promise<Reply> {
    const reviews = this.d.reviews;
    const now = inv.now.getTime();
    for (let attempt = 0; attempt < 3; attempt++) {
      const queue = await reviews.due(inv.communityId, inv.userId, now, REVIEW_SCAN);
      if (queue.cards.length === 0) break;
      const retired: number[] = [];
      for (const item of reviewOrder(queue.cards, now)) {
        const question = this.d.bank.get(item.questionId);
        if (!question) { retired.push(item.qnum); continue; }
        await reviews.drop(inv.communityId, inv.userId, retired);
        const card = await this.present(inv, question, actionIds.review());
        const recall = item.r === undefined ? '' : ` Estimated recall now: ${Math.round(item.r * 100)}%.`;
        card.title = `🔁 Review · ${card.title}`;
        card.footer = `${card.footer} ${queue.due - retired.length} due for review (of ${queue.total - retired.length} in your queue).${recall}`;
        return card;
      }
      await reviews.drop(inv.communityId, inv.userId, retired);
    }
    const next = await reviews.next(inv.communityId, inv.userId);
    if (!next) return { visibility: 'private', tone: 'info', body: 'Your review queue is empty. Every question you answer joins it and comes back when it is due: sooner if you missed it, later each time you get it right.' };
    const { timezone } = await this.d.settings.get(inv.communityId);
    return { visibility: 'private', tone: 'info', body: `Nothing is due for review. The next one comes back ${instant(next.dueMs, timezone)}. Meanwhile, try \`/quiz\`.` };
  }

  /**
   * `/answer <text>`: answers the caller's open question in this channel. With both a channel post and a
   * personal question open, the answer goes to the one it fits (a number is not a choice letter); when it
   * fits both, the user picks, and nothing is recorded until they do.
   */
  async answerText(inv: Invocation, text: string): Promise<Reply> {
    if (text.length > MAX_ANSWER_LENGTH) {
      throw new UserError(`Your answer is ${text.length} characters; the limit is ${MAX_ANSWER_LENGTH}. Nothing was recorded.`);
    }
    // A mock interview running for this user in this channel takes precedence over every other open question.
    const mock = await this.d.mock?.answerText(inv, text);
    if (mock) return mock;
    const { mine, channel } = await this.d.posts.candidates(inv.communityId, inv.userId, inv.channelId, inv.now.getTime());
    if (!mine && !channel) throw new UserError('There is no open question for you here. Use `/quiz` to get one.');
    if (!mine || !channel) return text.trim() === '' ? this.form(inv, (mine ?? channel)!) : this.answer(inv, (mine ?? channel)!, { text });
    const [a, b] = await Promise.all([this.openFor(inv, channel, text), this.openFor(inv, mine, text)]);
    if (text.trim() === '') {
      // No answer yet: open the form of the question still waiting for one, or let the user pick.
      if (a.waiting && b.waiting) return pickForm(channel, mine);
      return this.form(inv, a.waiting || !b.waiting && a.createdAt > b.createdAt ? channel : mine);
    }
    if (a.fits && b.fits) return pickQuestion(text, channel, mine, await this.d.interactions.park(inv.communityId, inv.userId, text));
    if (a.fits !== b.fits) return this.answer(inv, a.fits ? channel : mine, { text });
    // It fits neither: answer the newer one, which explains what went wrong.
    return this.answer(inv, a.createdAt > b.createdAt ? channel : mine, { text });
  }

  /** The answer parked by answerText, sent to the question the user picked. */
  async answerPicked(inv: Invocation, postId: string, token: string): Promise<Reply> {
    const text = await this.d.interactions.take(inv.communityId, inv.userId, token);
    if (text === undefined) throw new UserError('That choice has expired or was already used. Send your answer again with `/answer`.');
    return this.answer(inv, postId, { text });
  }

  /** Whether `text` is a valid, first answer of this user to the post. */
  private async openFor(inv: Invocation, postId: string, text: string): Promise<{ fits: boolean; waiting: boolean; createdAt: number }> {
    const post = await this.d.posts.get(inv.communityId, postId, inv.userId);
    const question = post && this.d.bank.get(post.questionId);
    if (!post || !question) return { fits: false, waiting: false, createdAt: 0 };
    const waiting = !(await this.d.answers.hasAnswered(inv.communityId, postId, inv.userId));
    return { fits: waiting && fitsQuestion(question, text, postOrder(question, postId)), waiting, createdAt: post.createdAt };
  }

  async answer(inv: Invocation, postId: string, input: { text: string } | { choice: number }): Promise<Reply> {
    const { post, question } = await this.load(inv, postId);
    const order = postOrder(question, postId);
    const graded: GradeResult = 'choice' in input
      ? question.kind === 'choice' ? gradeShownChoice(question, input.choice, order) : { ok: false, message: 'This question is not multiple choice.' }
      : gradeText(question, input.text, order);
    if (!graded.ok) throw new UserError(graded.message);
    const grade = graded.grade;
    const correct = grade.kind === 'open' ? undefined : grade.correct;
    const [{ timezone, points: pointsTable, freezeCap }, ownZone] = await Promise.all([this.d.settings.get(inv.communityId), this.d.userZones.get(inv.communityId, inv.userId)]);
    // The community's points for this difficulty; the answer script halves them if the user took the hint first.
    const points = correct ? pointsTable[question.difficulty] : 0;
    // Review rating: wrong -> Again (1), correct -> Good (3), correct after a hint -> Hard (2); open answers are
    // rated later by self-assessment (0). Whether the hint was taken is only known inside the answer script (it checks
    // the post's hint hash in the same round trip and returns it as `outcome.hinted`), so the rating given to the
    // script is the one without a hint, and the script lowers Good to Hard when `hinted` (see reviewRating).
    const record = encodeAnswer({ g: grade, c: correct, p: points }, isPracticeId(postId) ? PRACTICE_RECORD_BYTES : undefined);
    // Boards follow the community's calendar; the streak day follows the user's own zone when they set one.
    const cal = calendarAt(inv.now, timezone);
    const today = ownZone ? calendarAt(inv.now, ownZone).today : cal.today;
    const outcome = await this.d.answers.record({
      communityId: inv.communityId, postId, userId: inv.userId, displayName: inv.displayName, questionId: question.id,
      track: question.track, record, correct, points, today,
      periods: cal.periods, now: inv.now.getTime(), rating: answerRating(correct), freezeCap,
    });
    const channel = post.audience === '';
    switch (outcome.status) {
      case 'missing':
        throw new UserError('That question is no longer available. Use `/quiz` for a new one.');
      case 'notyours':
        throw new UserError('That question was sent to someone else. Use `/quiz` to get your own.');
      case 'closed':
        throw new UserError('This question is closed and its answer has been revealed, so answers no longer count. Use `/quiz` for a fresh one.');
      case 'dup': {
        const first = decodeAnswer(outcome.record);
        if (!first) return { visibility: 'private', tone: 'warning', body: 'You already answered this question. Only your first answer counts.' };
        const verdict = channel ? '' : first.c === undefined ? '' : first.c ? ' (correct)' : ' (not correct)';
        return { visibility: 'private', tone: 'warning', body: `You already answered this question with **${clip(describeGrade(question, first.g, postId), 80)}**${verdict}. Only your first answer counts.` };
      }
      case 'ok':
        return channel
          ? channelReceipt(question, post, grade, timezone, outcome.hinted)
          : personalResult(question, post, grade, outcome.points, outcome.streak, freezeNews(outcome, freezeCap), outcome.hinted);
    }
  }

  /** Opens the free-text form for numeric and open questions. */
  async form(inv: Invocation, postId: string): Promise<Reply> {
    const { post, question } = await this.load(inv, postId);
    if (question.kind === 'choice') {
      const hint = post.audience !== '' || (await this.d.settings.get(inv.communityId)).channelHints;
      const card = questionCard(question, post, { channel: false, hint });
      return { ...card, body: `Pick one of the buttons below, or type \`/answer\` with a letter.\n\n${card.body}` };
    }
    return {
      visibility: 'private', body: 'Type your answer with `/answer <text>`.',
      form: {
        actionId: actionIds.form(postId), title: 'Your answer', label: question.kind === 'numeric' ? 'A number (0.25, 1/4, 25%)' : 'Your answer',
        placeholder: question.kind === 'numeric' ? 'e.g. 0.25' : 'Explain in a few sentences', maxLength: question.kind === 'numeric' ? 100 : MAX_ANSWER_LENGTH,
      },
    };
  }

  async selfAssess(inv: Invocation, postId: string, level: SelfLevel): Promise<Reply> {
    const { question } = await this.load(inv, postId);
    if (question.kind !== 'open') throw new UserError('Only open questions are self-assessed.');
    const { timezone } = await this.d.settings.get(inv.communityId);
    const res = await this.d.answers.selfAssess({
      communityId: inv.communityId, postId, userId: inv.userId, questionId: question.id, level, credit: OPEN_CREDIT,
      periods: calendarAt(inv.now, timezone).periods, requireAnswer: true, now: inv.now.getTime(),
    });
    if (res.status === 'noanswer') throw new UserError('Answer the question first; then compare your answer with the key points.');
    if (res.status === 'dup') return { visibility: 'private', tone: 'warning', body: `You already marked this one as **${res.level}**. Only the first assessment counts.` };
    const credit = res.credit > 0 ? ` +${res.credit} participation points.` : '';
    return { visibility: 'private', tone: 'success', body: `Noted: **${level}**.${credit} ${level === 'got' ? 'Nice work.' : 'It will come back for review.'}` };
  }

  private async load(inv: Invocation, postId: string): Promise<{ post: Post; question: Question }> {
    const post = await this.d.posts.get(inv.communityId, postId, inv.userId);
    if (!post) throw new UserError('That question is no longer available. Use `/quiz` for a new one.');
    const question = this.d.bank.get(post.questionId);
    if (!question) throw new UserError('That question has been retired from the bank. Use `/quiz` for a new one.');
    if (post.mock) throw new UserError('That question belongs to a mock interview: answer it on the mock card, or with `/answer` where the mock runs.');
    if (post.audience && post.audience !== inv.userId) throw new UserError('That question was sent to someone else. Use `/quiz` to get your own.');
    return { post, question };
  }
}
