import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { dayNumber } from '../domain/calendar.js';
import type { Question } from '../domain/question.js';
import { checkReminderTime } from '../domain/reminder.js';
import { selectQuestion } from '../domain/selection.js';
import { actionIds } from '../core/action-ids.js';
import { communityKeys } from '../store/keys.js';
import type { PostRepository, PostState } from '../store/posts.js';
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
    return remindShowReply({ ...s, next, answeredToday: s.streak.lastDay >= dayNumber(inv.now, s.zone) });
  }

  known(communityId: string, userId: string): Promise<boolean> {
    return this.d.reminders.known(communityId, userId);
  }

  stop(communityId: string, userId: string, reason: string, at: number): Promise<void> {
    return this.d.reminders.stop(communityId, userId, reason, at);
  }

  recordSent(communityId: string, userId: string, day: number): Promise<void> {
    return this.d.reminders.recordSent(communityId, userId, day);
  }

  /**
   * The reminder's question under `postId` (derived from the job, so a retry shows the same one): a choice question
   * the user has not seen, easy or medium where possible, answered with one tap.
   */
  async question(communityId: string, userId: string, postId: string, now: Date): Promise<{ post: PostState; question: Question } | undefined> {
    const stored = await this.d.posts.state(communityId, postId);
    const known = stored && this.d.bank.get(stored.questionId);
    if (stored && known) return { post: stored, question: known };
    const choice = this.d.bank.filter({ kinds: ['choice'] });
    const quick = choice.filter((q) => q.difficulty !== 'hard');
    const seenKey = communityKeys(communityId).userSeen(userId);
    const seen = new Set(await this.d.redis.smembers(seenKey));
    const pick = selectQuestion(quick.some((q) => !seen.has(q.id)) ? quick : choice, seen, this.d.random);
    if (!pick) return undefined;
    const post = await this.d.posts.createPersonal({
      id: postId, communityId, questionId: pick.question.id, channelId: REMINDER_CHANNEL, audience: userId, createdAt: now.getTime(), next: actionIds.next(),
    }, seenKey);
    const question = this.d.bank.get(post.questionId);
    return question ? { post, question } : undefined;
  }
}
