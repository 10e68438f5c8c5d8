import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { STREAK_FIELDS, streakFromHash } from './streak-fields.js';
import { legacyStateKeys, type QuestionStateRepository } from './question-state-repo.js';
import type { StreakState } from '../domain/streak.js';

/**
 * A user's reminder settings live in their user hash next to their streak, so the reminder job reads both (and the
 * user's own zone) in one round trip:
 * - `rmt`: the time, "HH:MM" in the user's zone (present once they used `/remind on`);
 * - `rmon`: "1" while reminders are on;
 * - `rmwhy`, `rmwhyat`: why and when they were turned off for the user (a platform that refused the DM);
 * - `rmsent`, `rmq`: the local day number and the question of the last reminder sent.
 */
const FIELDS = ['rmt', 'rmon', 'rmwhy', 'rmwhyat', 'rmsent', 'rmq', 'tz', ...STREAK_FIELDS] as const;

export interface ReminderSettings {
  /** The chosen time, "HH:MM"; undefined if the user never turned reminders on here. */
  time?: string;
  on: boolean;
  /** Set when the bot turned them off because the platform refused the direct message. */
  stopped?: { reason: string; at: number };
  lastSentDay?: number;
  /** The question of the last reminder sent (the next one avoids it). */
  lastQuestion?: string;
}

export interface ReminderState extends ReminderSettings {
  /** The user's own zone, if they set one (else the community's applies). */
  zone?: string;
  streak: StreakState;
}

export class ReminderRepository {
  constructor(private readonly redis: Store, private readonly states: QuestionStateRepository) {}

  async state(communityId: string, userId: string): Promise<ReminderState> {
    const values = await this.redis.hmget(communityKeys(communityId).user(userId), ...FIELDS);
    const h = Object.fromEntries(FIELDS.map((f, i) => [f, values[i]])) as Record<(typeof FIELDS)[number], string | null>;
    return {
      time: h.rmt ?? undefined,
      on: h.rmon === '1' && Boolean(h.rmt),
      stopped: h.rmwhy ? { reason: h.rmwhy, at: Number(h.rmwhyat ?? 0) } : undefined,
      lastSentDay: h.rmsent ? Number(h.rmsent) : undefined,
      lastQuestion: h.rmq ?? undefined,
      zone: h.tz ?? undefined,
      streak: streakFromHash(h),
    };
  }

  /** True when the user set up reminders in this community (their direct messages may carry its buttons). */
  async known(communityId: string, userId: string): Promise<boolean> {
    return (await this.redis.hexists(communityKeys(communityId).user(userId), 'rmt')) === 1;
  }

  async turnOn(communityId: string, userId: string, time: string): Promise<void> {
    const key = communityKeys(communityId).user(userId);
    await this.redis.multi().hset(key, 'rmt', time, 'rmon', '1').hdel(key, 'rmwhy', 'rmwhyat').exec();
  }

  async turnOff(communityId: string, userId: string): Promise<void> {
    const key = communityKeys(communityId).user(userId);
    await this.redis.multi().hset(key, 'rmon', '0').hdel(key, 'rmwhy', 'rmwhyat').exec();
  }

  /** Turned off for the user because delivery failed for good; `/remind` shows the reason. */
  async stop(communityId: string, userId: string, reason: string, at: number): Promise<void> {
    await this.redis.hset(communityKeys(communityId).user(userId), 'rmon', '0', 'rmwhy', reason.slice(0, 300), 'rmwhyat', String(at));
  }

  /**
   * The reminder of `day` was accepted by the platform: its question post opens and joins the user's seen questions,
   * and the day and question are recorded, in one script. Returns the post's status before (`open` when an earlier
   * attempt had already recorded it).
   */
  async sent(communityId: string, userId: string, day: number, post: { id: string; questionId: string }): Promise<string> {
    const k = communityKeys(communityId);
    const qnum = await this.states.numberOf(post.questionId);
    const run = () => this.redis.reminderSent(
      k.post(post.id), k.userState(userId), k.user(userId), ...legacyStateKeys(k, userId), post.questionId, String(day), String(qnum ?? 0),
    );
    let res = await run();
    if (Array.isArray(res) && res[0] === 'migrate') {
      await this.states.migrate(communityId, userId);
      res = await run();
    }
    return String(res);
  }
}
