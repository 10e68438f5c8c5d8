import { randomBytes } from 'node:crypto';
import type { Store } from './redis.js';
import { communityKeys, globalKeys } from './keys.js';
import type { Difficulty, Kind, Track } from '../domain/question.js';

export interface ScheduleFilter {
  tracks: Track[];
  topics: string[];
  difficulties: Difficulty[];
  kinds: Kind[];
}

export interface Schedule {
  id: string;
  communityId: string;
  channelId: string;
  cron: string;
  label: string;
  timezone: string;
  filter: ScheduleFilter;
  windowMinutes: number;
  answerMode: 'buttons' | 'reactions' | 'both';
  recap: boolean;
  paused: boolean;
  createdBy: string;
  createdAt: number;
}

export const MAX_SCHEDULES_PER_CHANNEL = 10;
/** Fire markers outlive any grace window by far; they are never released. */
const FIRE_MARKER_TTL_S = 30 * 86_400;

export class ScheduleRepository {
  constructor(private readonly redis: Store) {}

  newId(): string {
    return randomBytes(4).toString('hex');
  }

  async save(s: Schedule): Promise<void> {
    await this.redis.multi()
      .hset(communityKeys(s.communityId).schedules, s.id, JSON.stringify(s))
      .sadd(globalKeys.scheduledCommunities, s.communityId)
      .publish(globalKeys.scheduleChanges, s.communityId)
      .exec();
  }

  async remove(communityId: string, id: string): Promise<boolean> {
    const removed = await this.redis.hdel(communityKeys(communityId).schedules, id);
    await this.redis.publish(globalKeys.scheduleChanges, communityId);
    return removed === 1;
  }

  async get(communityId: string, id: string): Promise<Schedule | undefined> {
    const raw = await this.redis.hget(communityKeys(communityId).schedules, id);
    return raw ? (JSON.parse(raw) as Schedule) : undefined;
  }

  async list(communityId: string): Promise<Schedule[]> {
    const all = await this.redis.hvals(communityKeys(communityId).schedules);
    return all.map((r) => JSON.parse(r) as Schedule).sort((a, b) => a.createdAt - b.createdAt);
  }

  async all(): Promise<Schedule[]> {
    const communities = await this.redis.smembers(globalKeys.scheduledCommunities);
    const lists = await Promise.all(communities.map((c) => this.list(c)));
    return lists.flat();
  }

  /** Claims one fire slot for this process: SET NX with a long expiry, never released, so replicas post it once. */
  async claim(communityId: string, scheduleId: string, slot: string): Promise<boolean> {
    const res = await this.redis.set(communityKeys(communityId).fire(scheduleId, slot), String(process.pid), 'EX', FIRE_MARKER_TTL_S, 'NX');
    return res === 'OK';
  }

  /** Posts whose answer window has ended by `now`: "<communityId>|<postId>". */
  async dueReveals(now: number, limit = 100): Promise<{ communityId: string; postId: string }[]> {
    const members = await this.redis.zrangebyscore(globalKeys.reveals, '-inf', String(now), 'LIMIT', 0, limit);
    return members.map((m) => {
      const i = m.lastIndexOf('|');
      return { communityId: m.slice(0, i), postId: m.slice(i + 1) };
    });
  }

  async recordDifficulty(communityId: string, week: string, postId: string, shareCorrect: number, expireAt: number): Promise<void> {
    const key = communityKeys(communityId).weekHardest(week);
    await this.redis.multi().zadd(key, shareCorrect, postId).expireat(key, expireAt).exec();
  }

  async hardestOfWeek(communityId: string, week: string): Promise<{ postId: string; share: number } | undefined> {
    const [postId, score] = await this.redis.zrange(communityKeys(communityId).weekHardest(week), '0', '0', 'WITHSCORES');
    return postId ? { postId, share: Number(score) } : undefined;
  }
}
