import { randomBytes } from 'node:crypto';
import type { Store } from './redis.js';
import { communityKeys, globalKeys, scheduleBucket, SCHEDULE_BUCKETS } from './keys.js';
import { publishChange } from './changes.js';
import { scanAll } from './redis.js';
import type { Difficulty, Kind, Track } from '../domain/question.js';
import { channelRefsFromMarkup } from '../core/reply.js';

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
  /** Same moments (normalised cron and zone) and same question pool: a second such schedule in a channel is refused. */
  fingerprint?: string;
  /** The channel's name when the schedule was set, where the platform told it (the dashboard shows it). */
  channelName?: string;
  /** When it was last resumed: slots before that were paused, not missed. */
  resumedAt?: number;
}

/** What of a schedule's delivery can fail for good: the post, its reveal, the weekly recap. */
export type FailureKind = 'post' | 'reveal' | 'recap';

/** Why a slot went by without a post: the bot was not running, or it could not reach Redis, beyond the grace window. */
export type MissedWhy = 'down' | 'redis';

/** How the last delivery of a schedule went, for `/schedule show` and the admin notice. */
export interface ScheduleState {
  lastSlot?: number;
  lastPostAt?: number;
  /** The last post failure (cleared by the next successful post). */
  lastError?: string;
  lastErrorAt?: number;
  /** The last slot that failed for good. */
  failedSlot?: number;
  /** The last reveal that failed for good (cleared by the next reveal that works). */
  revealError?: string;
  revealErrorAt?: number;
  /** The last weekly recap that failed for good (cleared by the next recap that works). */
  recapError?: string;
  recapErrorAt?: number;
  /** The newest slot missed beyond the grace window, and why (cleared by the next successful post). */
  missedSlot?: number;
  missedWhy?: MissedWhy;
}

/** The state hash's fields for each kind of failure: the reason, when, and whether the admin was told. */
const FAILURE_FIELDS: Record<FailureKind, { reason: string; at: string; notified: string }> = {
  post: { reason: 'lastError', at: 'lastErrorAt', notified: 'notified' },
  reveal: { reason: 'revealError', at: 'revealErrorAt', notified: 'revealNotified' },
  recap: { reason: 'recapError', at: 'recapErrorAt', notified: 'recapNotified' },
};

export type AddOutcome = { status: 'ok' } | { status: 'channel' | 'community'; count: number } | { status: 'duplicate'; id: string };

export const MAX_SCHEDULES_PER_CHANNEL = 10;
export const MAX_SCHEDULES_PER_COMMUNITY = 50;

export class ScheduleRepository {
  constructor(private readonly redis: Store) {}

  newId(): string {
    return randomBytes(4).toString('hex');
  }

  /** Adds a schedule if the community's limits allow it, atomically; then announces the change. */
  async add(s: Schedule): Promise<AddOutcome> {
    const [status, detail] = await this.redis.addSchedule(
      communityKeys(s.communityId).schedules, s.id, JSON.stringify(s), s.channelId, s.fingerprint ?? '',
      String(MAX_SCHEDULES_PER_CHANNEL), String(MAX_SCHEDULES_PER_COMMUNITY),
    );
    if (status === 'duplicate') return { status, id: detail! };
    if (status === 'channel' || status === 'community') return { status, count: Number(detail) };
    await this.announce(s.communityId);
    return { status: 'ok' };
  }

  /**
   * The community is in the schedule index (its bucket) and every replica hears that its schedules changed.
   * Separate, idempotent commands: on a cluster the bucket lives on another slot than the community's keys.
   */
  private async announce(communityId: string): Promise<void> {
    await this.redis.sadd(globalKeys.scheduledCommunities(scheduleBucket(communityId)), communityId);
    await publishChange(this.redis, { kind: 'schedules', communityId });
  }

  /** Stores a schedule as it is (updates such as pause and resume; tests). */
  async save(s: Schedule): Promise<void> {
    await this.redis.hset(communityKeys(s.communityId).schedules, s.id, JSON.stringify(s));
    await this.announce(s.communityId);
  }

  async remove(communityId: string, id: string): Promise<boolean> {
    const k = communityKeys(communityId);
    const [[, removed]] = (await this.redis.multi().hdel(k.schedules, id).del(k.scheduleState(id)).exec()) as [[Error | null, number]];
    await this.unindexIfEmpty(communityId);
    await publishChange(this.redis, { kind: 'schedules', communityId });
    return removed === 1;
  }

  /**
   * Takes a community without schedules out of the index. A schedule added meanwhile is never lost: it is
   * stored before its index entry, and the check after the removal puts the entry back.
   */
  private async unindexIfEmpty(communityId: string): Promise<void> {
    const schedules = communityKeys(communityId).schedules;
    if ((await this.redis.hlen(schedules)) > 0) return;
    const bucket = globalKeys.scheduledCommunities(scheduleBucket(communityId));
    await this.redis.srem(bucket, communityId);
    if ((await this.redis.hlen(schedules)) > 0) await this.redis.sadd(bucket, communityId);
  }

  /** Every community in the schedule index (all buckets). */
  async communities(): Promise<string[]> {
    const buckets = await Promise.all(Array.from({ length: SCHEDULE_BUCKETS }, (_, b) => this.redis.smembers(globalKeys.scheduledCommunities(b))));
    return buckets.flat();
  }

  /** The index is empty (a new deployment, or lost) or the single set of earlier versions is still there. */
  async indexNeedsRebuild(): Promise<boolean> {
    return (await this.communities()).length === 0 || (await this.redis.exists(globalKeys.legacyScheduledCommunities)) === 1;
  }

  /**
   * Rebuilds the index from the communities' schedule hashes (SCAN over every master) and moves the single set of
   * earlier versions into the buckets. Idempotent; returns how many communities have schedules.
   */
  async rebuildIndex(): Promise<number> {
    const legacy = await this.redis.smembers(globalKeys.legacyScheduledCommunities);
    const found = new Set(legacy);
    for (const key of await scanAll(this.redis, '{c:*}:schedules')) {
      const m = /^\{c:(.+)\}:schedules$/.exec(key);
      if (m) found.add(m[1]!);
    }
    let indexed = 0;
    for (const communityId of found) {
      if ((await this.redis.hlen(communityKeys(communityId).schedules)) === 0) continue;
      await this.redis.sadd(globalKeys.scheduledCommunities(scheduleBucket(communityId)), communityId);
      indexed++;
    }
    if (legacy.length) await this.redis.del(globalKeys.legacyScheduledCommunities);
    return indexed;
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
    const lists = await Promise.all((await this.communities()).map((c) => this.list(c)));
    return lists.flat();
  }

  async state(communityId: string, id: string): Promise<ScheduleState> {
    return (await this.states(communityId, [id]))[0]!;
  }

  /** The states of several schedules of a community, in one round trip. */
  async states(communityId: string, ids: string[]): Promise<ScheduleState[]> {
    if (ids.length === 0) return [];
    const k = communityKeys(communityId);
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(k.scheduleState(id));
    const res = (await pipe.exec()) ?? [];
    const platform = communityId.slice(0, Math.max(0, communityId.indexOf(':')));
    return ids.map((_, i) => {
      const [err, raw] = res[i] ?? [];
      if (err) throw err;
      return stateFrom((raw ?? {}) as Record<string, string>, platform);
    });
  }

  /** A slot was posted: clear any post failure and missed slot, so a later failure is told to the admin again. */
  async recordSuccess(communityId: string, id: string, slot: number, at: number): Promise<void> {
    const key = communityKeys(communityId).scheduleState(id);
    await this.redis.multi()
      .hset(key, { lastSlot: slot, lastPostAt: at })
      .hdel(key, 'lastError', 'lastErrorAt', 'notified', 'missedSlot', 'missedWhy')
      .exec();
  }

  /** A reveal or recap worked: clear its failure, so a later one is told to the admin again. */
  async recordDelivered(communityId: string, id: string, kind: Exclude<FailureKind, 'post'>): Promise<void> {
    const f = FAILURE_FIELDS[kind];
    await this.redis.hdel(communityKeys(communityId).scheduleState(id), f.reason, f.at, f.notified);
  }

  /**
   * A post (of `slot`), reveal or recap failed for good. Returns true the first time since that kind last worked
   * (the admin is told once).
   */
  async recordFailure(communityId: string, id: string, reason: string, at: number, opts: { kind?: FailureKind; slot?: number } = {}): Promise<boolean> {
    const key = communityKeys(communityId).scheduleState(id);
    const f = FAILURE_FIELDS[opts.kind ?? 'post'];
    const res = await this.redis.multi()
      .hset(key, { [f.reason]: reason, [f.at]: at, ...(opts.slot === undefined ? {} : { failedSlot: opts.slot }) })
      .hsetnx(key, f.notified, '1')
      .exec();
    return res?.[1]?.[1] === 1;
  }

  /** A slot went by without a post, beyond the grace window (no admin notice: `/schedule show` tells it). */
  async recordMissed(communityId: string, id: string, slot: number, why: MissedWhy): Promise<void> {
    await this.redis.hset(communityKeys(communityId).scheduleState(id), { missedSlot: slot, missedWhy: why });
  }

  /**
   * For each schedule, the newest slot it is known to have handled: posted, failed or recorded as missed. One
   * pipeline per community, so each stays within its community's Cluster slot.
   */
  async handledSlots(schedules: Schedule[]): Promise<number[]> {
    const out = new Array<number>(schedules.length).fill(0);
    const byCommunity = new Map<string, number[]>();
    schedules.forEach((s, i) => byCommunity.set(s.communityId, [...(byCommunity.get(s.communityId) ?? []), i]));
    await Promise.all([...byCommunity].map(async ([communityId, indexes]) => {
      const pipe = this.redis.pipeline();
      for (const i of indexes) pipe.hmget(communityKeys(communityId).scheduleState(schedules[i]!.id), 'lastSlot', 'failedSlot', 'missedSlot');
      const res = (await pipe.exec()) ?? [];
      indexes.forEach((i, k) => {
        const [err, values] = res[k] ?? [];
        if (err) throw err;
        out[i] = Math.max(0, ...((values ?? []) as (string | null)[]).map((v) => Number(v ?? 0) || 0));
      });
    }));
    return out;
  }

  /** Reveals still waiting in the sorted set earlier versions used instead of delivery jobs. */
  async legacyReveals(): Promise<{ member: string; communityId: string; postId: string; closesAt: number }[]> {
    const flat = await this.redis.zrange(globalKeys.legacyReveals, '0', '-1', 'WITHSCORES');
    const out = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const member = flat[i]!;
      const bar = member.lastIndexOf('|');
      out.push({ member, communityId: member.slice(0, bar), postId: member.slice(bar + 1), closesAt: Number(flat[i + 1]) });
    }
    return out;
  }

  async dropLegacyReveal(member: string): Promise<void> {
    await this.redis.zrem(globalKeys.legacyReveals, member);
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

function stateFrom(h: Record<string, string>, platform: string): ScheduleState {
  const num = (v?: string) => (v ? Number(v) : undefined);
  // Reasons written before channel references existed hold platform markup (<#123>): read them as references.
  const text = (v?: string) => (v ? channelRefsFromMarkup(v, platform) : undefined);
  return {
    lastSlot: num(h.lastSlot), lastPostAt: num(h.lastPostAt), lastError: text(h.lastError), lastErrorAt: num(h.lastErrorAt), failedSlot: num(h.failedSlot),
    revealError: text(h.revealError), revealErrorAt: num(h.revealErrorAt), recapError: text(h.recapError), recapErrorAt: num(h.recapErrorAt),
    missedSlot: num(h.missedSlot), missedWhy: h.missedWhy === 'down' || h.missedWhy === 'redis' ? h.missedWhy : undefined,
  };
}
