import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { cardOf, type Card } from '../domain/fsrs.js';

/** A question in a user's review queue. */
export interface QueuedCard {
  questionId: string;
  dueMs: number;
  /** Its FSRS card, or the card a not yet migrated Leitner box stands for; undefined if neither is stored. */
  card: Card | undefined;
}

/** Reads a user's review queue (writes happen in the answer and self-assessment scripts). */
export class ReviewRepository {
  constructor(private readonly redis: Store) {}

  /**
   * The `scan` longest-overdue questions due at `now` with their cards, how many are due and how many are
   * queued. Two round trips: the due set, then the cards of the questions it returned.
   */
  async due(communityId: string, userId: string, now: number, scan: number): Promise<{ cards: QueuedCard[]; due: number; total: number }> {
    const k = communityKeys(communityId);
    const dueKey = k.userReviewDue(userId);
    const res = await this.redis.multi()
      .zrangebyscore(dueKey, '-inf', String(now), 'WITHSCORES', 'LIMIT', '0', String(scan))
      .zcount(dueKey, '-inf', String(now))
      .zcard(dueKey)
      .exec();
    if (!res) throw new Error('review queue read was aborted');
    for (const [err] of res) if (err) throw err;
    const flat = res[0]![1] as string[];
    const ids: string[] = [];
    const dues: number[] = [];
    for (let i = 0; i < flat.length; i += 2) { ids.push(flat[i]!); dues.push(Number(flat[i + 1])); }
    let stored: (string | null)[] = [];
    let boxes: (string | null)[] = [];
    if (ids.length > 0) {
      const read = await this.redis.pipeline().hmget(k.userReviewCards(userId), ...ids).hmget(k.userReviewBoxes(userId), ...ids).exec();
      for (const [err] of read ?? []) if (err) throw err;
      stored = read![0]![1] as (string | null)[];
      boxes = read![1]![1] as (string | null)[];
    }
    const cards = ids.map((questionId, i) => ({ questionId, dueMs: dues[i]!, card: cardOf(stored[i], boxes[i], dues[i], now) }));
    return { cards, due: res[1]![1] as number, total: res[2]![1] as number };
  }

  /** Every card of the user (FSRS cards; Leitner boxes not yet migrated are read as the card they stand for). */
  async cards(communityId: string, userId: string, now: number): Promise<QueuedCard[]> {
    const k = communityKeys(communityId);
    const read = await this.redis.pipeline()
      .hgetall(k.userReviewCards(userId))
      .hgetall(k.userReviewBoxes(userId))
      .zrange(k.userReviewDue(userId), '0', '-1', 'WITHSCORES')
      .exec();
    for (const [err] of read ?? []) if (err) throw err;
    const stored = read![0]![1] as Record<string, string>;
    const boxes = read![1]![1] as Record<string, string>;
    const flat = read![2]![1] as string[];
    const due = new Map<string, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) due.set(flat[i]!, Number(flat[i + 1]));
    const ids = new Set([...Object.keys(stored), ...Object.keys(boxes), ...due.keys()]);
    return [...ids].map((questionId) => ({ questionId, dueMs: due.get(questionId) ?? 0, card: cardOf(stored[questionId], boxes[questionId], due.get(questionId), now) }));
  }

  /** The question that falls due next, if any. */
  async next(communityId: string, userId: string): Promise<{ questionId: string; dueMs: number } | undefined> {
    const [questionId, at] = await this.redis.zrange(communityKeys(communityId).userReviewDue(userId), '0', '0', 'WITHSCORES');
    return questionId ? { questionId, dueMs: Number(at) } : undefined;
  }

  /** Removes questions that left the bank from the queue. */
  async drop(communityId: string, userId: string, questionIds: string[]): Promise<void> {
    if (questionIds.length === 0) return;
    const k = communityKeys(communityId);
    await this.redis.multi()
      .zrem(k.userReviewDue(userId), ...questionIds)
      .hdel(k.userReviewCards(userId), ...questionIds)
      .hdel(k.userReviewBoxes(userId), ...questionIds)
      .exec();
  }
}
