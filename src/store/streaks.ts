import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { decodeLegacyEntry, decodeStreakLog } from './streak-log.js';
import { STREAK_FIELDS, streakFromHash } from './streak-fields.js';
import { legacyStateKeys, type QuestionStateRepository } from './question-state-repo.js';
import { STREAK_LOG_LIMIT, type StreakEvent, type StreakState } from '../domain/streak.js';


export type RestoreOutcome = { status: 'ok'; previous: number; current: number } | { status: 'none' };

export class StreakRepository {
  constructor(private readonly redis: Store, private readonly states: QuestionStateRepository) {}

  /** The stored streak, or undefined if the user never answered in this community. */
  async state(communityId: string, userId: string): Promise<StreakState | undefined> {
    const values = await this.redis.hmget(communityKeys(communityId).user(userId), ...STREAK_FIELDS);
    const state = streakFromHash(Object.fromEntries(STREAK_FIELDS.map((f, i) => [f, values[i]])));
    return state.lastDay > 0 ? state : undefined;
  }

  /** The newest `limit` changes, newest first (from a log in the list format from before, until it is next written). */
  async log(communityId: string, userId: string, limit: number): Promise<StreakEvent[]> {
    const k = communityKeys(communityId);
    const packed = decodeStreakLog(await this.redis.getBuffer(k.userState(userId)), Math.min(limit, STREAK_LOG_LIMIT));
    if (packed.length > 0) return packed;
    const old = await this.redis.lrange(k.userStreakLogList(userId), 0, Math.min(limit, STREAK_LOG_LIMIT) - 1);
    return old.flatMap(decodeLegacyEntry);
  }

  /** How many changes the log holds (at most STREAK_LOG_LIMIT). */
  async logLength(communityId: string, userId: string): Promise<number> {
    return (await this.log(communityId, userId, STREAK_LOG_LIMIT)).length;
  }

  /** One script: settle missed days, set the streak to `days`, log it (capped). */
  async restore(r: { communityId: string; userId: string; today: number; days: number; by: string; byName: string; reason: string }): Promise<RestoreOutcome> {
    const k = communityKeys(r.communityId);
    const run = () => this.redis.restoreStreak(
      k.user(r.userId), k.streaks, k.userState(r.userId), k.names, k.userStreakLogList(r.userId), ...legacyStateKeys(k, r.userId),
      r.userId, String(r.today), String(r.days), r.by, r.reason, r.byName,
    );
    let [status, previous, current] = await run();
    if (status === 'migrate') {
      await this.states.migrate(r.communityId, r.userId);
      [status, previous, current] = await run();
    }
    if (status === 'ok') return { status, previous: Number(previous), current: Number(current) };
    return { status: 'none' };
  }
}
