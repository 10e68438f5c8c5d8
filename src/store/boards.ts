import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import type { StreakState } from '../domain/streak.js';
import { STREAK_FIELDS, streakFromHash } from './streak-fields.js';
import { trackCounts } from './track-stats.js';

const NONE: ReadonlySet<string> = new Set();

export interface BoardEntry { member: string; score: number; rank: number; name?: string }

export interface UserStats {
  answered: number;
  correct: number;
  open: number;
  points: number;
  team?: string;
  streak: StreakState;
  byTrack: Record<string, { answered: number; correct: number }>;
  selfAssessed: { got: number; partly: number; missed: number };
  /** Hints taken, answers given after one, and how many of those were correct. */
  hints: { taken: number; answered: number; correct: number };
}

/** Standard competition ranking ("1224"): equal scores share a rank. */
export function rankEntries(pairs: [string, number][], firstRank = 1, scoreAbove?: number): BoardEntry[] {
  const out: BoardEntry[] = [];
  let prevScore = scoreAbove;
  let prevRank = firstRank - 1;
  pairs.forEach(([member, score], i) => {
    const rank = prevScore !== undefined && score === prevScore ? prevRank : firstRank + i;
    out.push({ member, score, rank });
    prevScore = score;
    prevRank = rank;
  });
  return out;
}

/** ioredis with legacy reply mapping returns WITHSCORES as a flat [member, score, ...] array of strings. */
export function pairsFromFlat(flat: string[]): [string, number][] {
  const pairs: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, Number(flat[i + 1])]);
  return pairs;
}

/** How a user with no stored name is shown: their id without the platform. */
const displayId = (userId: string) => userId.replace(/^[a-z]+:/, '');

export class BoardRepository {
  constructor(private readonly redis: Store) {}

  /**
   * One round trip for a whole leaderboard: the top `limit` entries (with names when `names` is given), how many are
   * on the board, and the rank of `member` if it is on it. With `hidden` (the community's hidden-members key), hidden
   * members are left out as in `page`, `rankOf` and `size`, and `memberHidden` says whether `member` is one of them.
   */
  async view(key: string, limit: number, opts: { names?: string; member?: string; hidden?: string } = {}):
  Promise<{ entries: BoardEntry[]; total: number; own?: BoardEntry; memberHidden: boolean }> {
    const [total, flat, names, own, memberHidden] = (await this.redis.leaderboard(
      key, opts.names ?? key, opts.hidden ?? key, String(limit), opts.member ?? '', opts.names ? '1' : '0', opts.hidden ? '1' : '0',
    )) as [number, string[], (string | null)[], string[], number];
    const entries = rankEntries(pairsFromFlat(flat));
    if (opts.names) entries.forEach((e, i) => { e.name = names[i] ?? displayId(e.member); });
    const mine = own.length === 2 ? { member: opts.member!, score: Number(own[0]), rank: Number(own[1]) } : undefined;
    return { entries, total: Number(total), own: mine, memberHidden: Number(memberHidden) === 1 };
  }

  async top(key: string, limit: number, hidden: ReadonlySet<string> = NONE): Promise<BoardEntry[]> {
    return this.page(key, 0, limit, hidden);
  }

  /**
   * Entries `offset`..`offset + count - 1` of the board without the hidden members, ranked among the members shown
   * (a hidden member neither appears nor takes a rank). Reads from the top, so deep pages cost more.
   */
  async page(key: string, offset: number, count: number, hidden: ReadonlySet<string> = NONE): Promise<BoardEntry[]> {
    if (count <= 0) return [];
    const flat = await this.redis.zrevrange(key, 0, offset + count + hidden.size - 1, 'WITHSCORES');
    const pairs = pairsFromFlat(flat).filter(([member]) => !hidden.has(member));
    return rankEntries(pairs).slice(offset, offset + count);
  }

  /** The member's shared rank (1 + shown members with a strictly higher score), or undefined if absent. */
  async rankOf(key: string, member: string, hidden: ReadonlySet<string> = NONE): Promise<BoardEntry | undefined> {
    const score = await this.redis.zscore(key, member);
    if (score === null) return undefined;
    const above = await this.redis.zcount(key, `(${score}`, '+inf');
    const hiddenAbove = (await this.hiddenScores(key, hidden)).filter((s) => s > Number(score)).length;
    return { member, score: Number(score), rank: above - hiddenAbove + 1 };
  }

  /** How many members the board shows (hidden ones left out). */
  async size(key: string, hidden: ReadonlySet<string> = NONE): Promise<number> {
    const [total, onBoard] = await Promise.all([this.redis.zcard(key), this.hiddenScores(key, hidden)]);
    return total - onBoard.length;
  }

  /** The scores of the hidden members that are on the board. */
  private async hiddenScores(key: string, hidden: ReadonlySet<string>): Promise<number[]> {
    if (hidden.size === 0) return [];
    const scores = await this.redis.zmscore(key, ...hidden);
    return scores.filter((s) => s !== null && s !== undefined).map((s) => Number(s));
  }

  /** Remembers how a user is called, for lists that show people before they have answered (teams). */
  async setName(communityId: string, userId: string, name: string): Promise<void> {
    await this.redis.hset(communityKeys(communityId).names, userId, name);
  }

  /** How users are called where the name is stored; unlike `names`, never falls back to the id. */
  async storedNames(communityId: string, userIds: string[]): Promise<Map<string, string | undefined>> {
    if (userIds.length === 0) return new Map();
    const values = await this.redis.hmget(communityKeys(communityId).names, ...userIds);
    return new Map(userIds.map((id, i) => [id, values[i] ?? undefined]));
  }

  async names(communityId: string, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const values = await this.redis.hmget(communityKeys(communityId).names, ...userIds);
    return new Map(userIds.map((id, i) => [id, values[i] ?? displayId(id)]));
  }

  /** The team a user is in, if any. */
  async teamOf(communityId: string, userId: string): Promise<string | undefined> {
    return (await this.redis.hget(communityKeys(communityId).user(userId), 'team')) ?? undefined;
  }

  /** Users' teams (users without one are left out). */
  async teamsOf(communityId: string, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const k = communityKeys(communityId);
    const pipe = this.redis.pipeline();
    for (const id of userIds) pipe.hget(k.user(id), 'team');
    const rows = (await pipe.exec()) ?? [];
    const out = new Map<string, string>();
    userIds.forEach((id, i) => { const team = rows[i]?.[1]; if (typeof team === 'string' && team) out.set(id, team); });
    return out;
  }

  async userStats(communityId: string, userId: string): Promise<UserStats | undefined> {
    const h = await this.redis.hgetall(communityKeys(communityId).user(userId));
    if (!h.answered && !h.team) return undefined;
    const byTrack: UserStats['byTrack'] = trackCounts(h);
    return {
      answered: Number(h.answered ?? 0), correct: Number(h.correct ?? 0), open: Number(h.open ?? 0), points: Number(h.points ?? 0),
      team: h.team || undefined,
      streak: streakFromHash(h),
      byTrack,
      selfAssessed: { got: Number(h['sa:got'] ?? 0), partly: Number(h['sa:partly'] ?? 0), missed: Number(h['sa:missed'] ?? 0) },
      hints: { taken: Number(h.hints ?? 0), answered: Number(h.hinted ?? 0), correct: Number(h.hintedOk ?? 0) },
    };
  }

  /** Users with the highest stored streaks, their streak state and own zone (if set), for live-streak filtering. */
  async streakCandidates(communityId: string, limit: number): Promise<{ userId: string; state: StreakState; tz?: string }[]> {
    const k = communityKeys(communityId);
    const pairs = pairsFromFlat(await this.redis.zrevrange(k.streaks, 0, limit - 1, 'WITHSCORES'));
    if (pairs.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const [uid] of pairs) pipe.hmget(k.user(uid), 'tz', ...STREAK_FIELDS);
    const rows = (await pipe.exec()) ?? [];
    return pairs.map(([userId], i) => {
      const [tz, ...streak] = (rows[i]?.[1] ?? []) as (string | null)[];
      return { userId, state: streakFromHash(Object.fromEntries(STREAK_FIELDS.map((f, j) => [f, streak[j]]))), tz: tz ?? undefined };
    });
  }
}
