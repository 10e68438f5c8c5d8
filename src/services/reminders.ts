import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { dayNumber } from '../domain/calendar.js';
import type { Question } from '../domain/question.js';
import { checkReminderTime } from '../domain/reminder.js';
import { selectQuestion } from '../domain/selection.js';
import { actionIds } from '../core/action-ids.js';
import { reviewOrder } from '../domain/fsrs.js';
import { REVIEW_SCAN } from './quiz.js';
import type { ReviewRepository } from '../store/reviews.js';
import type { PostRepository, PostState } from '../store/posts.js';
import type { QuestionStateRepository } from '../store/question-state-repo.js';
import type { Store } from '../store/redis.js';
import type { ReminderRepository, ReminderState } from '../store/reminders.js';
import type { SettingsRepository } from '../store/settings.js';
import { remindOffReply, remindOnReply, remindShowReply } from '../views/reminder.js';

/** Queues reminder jobs (delivery implements it; services never import delivery). */
export interface ReminderPlanner {
  /**
   * Makes sure the user's next reminder after `after` is queued, moving an already queued one to a changed time.
   * Returns when it falls.
   */
  plan(r: { communityId: string; userId: string; time: string; zone: string; after: Date }): Promise<Date | undefined>;
}

export interface ReminderDeps {
  redis: Store;
  bank: Bank;
  reminders: ReminderRepository;
  settings: SettingsRepository;
  posts: PostRepository;
  /** Which questions the user has seen (a reminder asks one they have not), and their review queue. */
  states: QuestionStateRepository;
  reviews: ReviewRepository;
  random?: () => number;
}

/** The channel id a reminder's question is stored under: it is shown in a direct message, not in a channel. */
export const REMINDER_CHANNEL = 'dm';

/** `/remind on|off|show`, and what a reminder job needs: the user's settings and streak, and a one-tap question. */
export class ReminderService {
  /** Set by the app once delivery exists. */
  planner?: ReminderPlanner;

  constructor(private readonly d: ReminderDeps) {}

  /** Settings, streak, the zone their days follow, and the community's freeze allowance. */
  async state(communityId: string, userId: string): Promise<ReminderState & { zone: string; freezeCap: number }> {
    const [state, settings] = await Promise.all([this.d.reminders.state(communityId, userId), this.d.settings.get(communityId)]);
    return { ...state, zone: state.zone ?? settings.timezone, freezeCap: settings.freezeCap };
  }

  async on(inv: Invocation, rawTime: string | undefined): Promise<Reply> {
    const checked = checkReminderTime(rawTime);
    if (!checked.ok) throw new UserError(`${checked.message} Nothing was changed.`);
    await this.d.reminders.turnOn(inv.communityId, inv.userId, checked.time);
    const { zone } = await this.state(inv.communityId, inv.userId);
    const next = await this.planner?.plan({ communityId: inv.communityId, userId: inv.userId, time: checked.time, zone, after: inv.now });
    return remindOnReply(checked.time, zone, next, inv.platform);
  }

  async off(inv: Invocation): Promise<Reply> {
    const before = await this.d.reminders.state(inv.communityId, inv.userId);
    // A queued reminder stays queued and sends nothing: it finds them off when it runs.
    await this.d.reminders.turnOff(inv.communityId, inv.userId);
    return remindOffReply(before.on);
  }

  async show(inv: Invocation): Promise<Reply> {
    const s = await this.state(inv.communityId, inv.userId);
    // Looking also repairs: if the next reminder were missing from the queue for any reason, it is queued again.
    const next = s.on && s.time ? await this.planner?.plan({ communityId: inv.communityId, userId: inv.userId, time: s.time, zone: s.zone, after: inv.now }) : undefined;
    return remindShowReply({ ...s, next, answeredToday: s.streak.lastDay >= dayNumber(inv.now, s.zone) }, inv.platform);
  }

  known(communityId: string, userId: string): Promise<boolean> {
    return this.d.reminders.known(communityId, userId);
  }

  stop(communityId: string, userId: string, reason: string, at: number): Promise<void> {
    return this.d.reminders.stop(communityId, userId, reason, at);
  }

  /** The DM was accepted: the question opens for the user and the day is recorded (see ReminderRepository.sent). */
  sent(communityId: string, userId: string, day: number, post: { id: string; questionId: string }): Promise<string> {
    return this.d.reminders.sent(communityId, userId, day, post);
  }

  /** The DM was refused for good: its question, never shown, is removed (it was never marked seen). */
  async discard(communityId: string, postId: string): Promise<void> {
    await this.d.posts.discardPending(communityId, postId);
  }

  /**
   * The user's zone changed (`/settings mytimezone`): the queued reminder moves to their time in the new zone, so that
   * day's is neither skipped nor sent at the old zone's hour. Returns the new plan, or undefined when reminders are off.
   */
  async replan(inv: Invocation): Promise<{ time: string; zone: string; next?: Date } | undefined> {
    const s = await this.state(inv.communityId, inv.userId);
    if (!s.on || !s.time) return undefined;
    const next = await this.planner?.plan({ communityId: inv.communityId, userId: inv.userId, time: s.time, zone: s.zone, after: inv.now });
    return { time: s.time, zone: s.zone, next };
  }

  /**
   * The reminder's question under `postId` (derived from the job, so a retry shows the same one), stored pending until
   * the DM is accepted. A one-tap (choice) question: the user's due review they are least likely to recall, as
   * `/review` ranks them, else one they have not seen, easy or medium where possible; never `avoid` (the last
   * reminder's question) while another is available.
   */
  async question(communityId: string, userId: string, postId: string, now: Date, avoid?: string): Promise<ReminderQuestion | undefined> {
    const stored = await this.d.posts.state(communityId, postId);
    const known = stored && this.d.bank.get(stored.questionId);
    if (stored && known) return { post: stored, question: known, review: stored.next === actionIds.review() };
    const review = await this.dueReview(communityId, userId, now, avoid);
    const pick = review ?? this.unseen(await this.d.states.seen(communityId, userId), avoid);
    if (!pick) return undefined;
    const post = await this.d.posts.createPersonal({
      id: postId, communityId, questionId: pick.id, channelId: REMINDER_CHANNEL, audience: userId, createdAt: now.getTime(),
      next: review ? actionIds.review() : actionIds.next(),
    });
    const question = this.d.bank.get(post.questionId);
    return question ? { post, question, review: post.next === actionIds.review() } : undefined;
  }

  /** The due choice question with the lowest retrievability (reviews of other kinds cannot be answered with one tap). */
  private async dueReview(communityId: string, userId: string, now: Date, avoid?: string): Promise<Question | undefined> {
    const queue = await this.d.reviews.due(communityId, userId, now.getTime(), REVIEW_SCAN);
    for (const item of reviewOrder(queue.cards, now.getTime())) {
      const q = this.d.bank.get(item.questionId);
      if (q?.kind === 'choice' && q.id !== avoid) return q;
    }
    return undefined;
  }

  /** A choice question the user has not seen, easy or medium where possible; any choice question once all are seen. */
  private unseen(seen: Set<string>, avoid?: string): Question | undefined {
    const all = this.d.bank.filter({ kinds: ['choice'] });
    const choice = all.length > 1 ? all.filter((q) => q.id !== avoid) : all;
    const quick = choice.filter((q) => q.difficulty !== 'hard');
    return selectQuestion(quick.some((q) => !seen.has(q.id)) ? quick : choice, seen, this.d.random)?.question;
  }
}

/** A reminder's question; `review` when it is a due review rather than a new question. */
export interface ReminderQuestion { post: PostState; question: Question; review: boolean }
