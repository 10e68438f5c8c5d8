import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import type { StreakEvent, StreakState } from '../domain/streak.js';

const FIELDS = ['streak', 'best', 'lastDay', 'frz', 'calDay', 'calA', 'calF'] as const;

/** The streak fields of a user hash (as written by the answer and restore scripts). */
export function streakFromHash(h: Partial<Record<string, string | null>>): StreakState {
  const n = (f: (typeof FIELDS)[number]) => Number(h[f] ?? 0);
  return { current: n('streak'), best: n('best'), lastDay: n('lastDay'), freezes: n('frz'), calDay: n('calDay'), answered: n('calA'), frozen: n('calF') };
}

export type RestoreOutcome = { status: 'ok'; previous: number; current: number } | { status: 'none' };

export class StreakRepository {
  constructor(private readonly redis: Store) {}

  /** The stored streak, or undefined if the user never answered in this community. */
  async state(communityId: string, userId: string): Promise<StreakState | undefined> {
    const values = await this.redis.hmget(communityKeys(communityId).user(userId), ...FIELDS);
    const state = streakFromHash(Object.fromEntries(FIELDS.map((f, i) => [f, values[i]])));
    return state.lastDay > 0 ? state : undefined;
  }

  /** The newest `limit` log entries, newest first; entries that do not parse are skipped. */
  async log(communityId: string, userId: string, limit: number): Promise<StreakEvent[]> {
    const raw = await this.redis.lrange(communityKeys(communityId).userStreakLog(userId), 0, limit - 1);
    const out: StreakEvent[] = [];
    for (const r of raw) {
      try { out.push(JSON.parse(r) as StreakEvent); } catch { /* a damaged entry is left out of the view */ }
    }
    return out;
  }

  async logLength(communityId: string, userId: string): Promise<number> {
    return this.redis.llen(communityKeys(communityId).userStreakLog(userId));
  }

  /** One script: settle missed days, set the streak to `days`, log it (capped). */
  async restore(r: { communityId: string; userId: string; today: number; days: number; by: string; byName: string; reason: string }): Promise<RestoreOutcome> {
    const k = communityKeys(r.communityId);
    const [status, previous, current] = await this.redis.restoreStreak(
      k.user(r.userId), k.streaks, k.userStreakLog(r.userId), k.names,
      r.userId, String(r.today), String(r.days), r.by, r.reason, r.byName,
    );
    if (status === 'ok') return { status, previous: Number(previous), current: Number(current) };
    return { status: 'none' };
  }
}
