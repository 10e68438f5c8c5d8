import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { cardOf, type Card } from '../domain/fsrs.js';
import { decodeActivity, decodeTally, type Activity, type Tally } from '../domain/activity.js';

/** Everything the progress image shows about one user, as stored. */
export interface StoredProgress {
  /** The user hash (stats, streak fields, team, zone, goal). */
  user: Record<string, string>;
  /** Question id -> FSRS card (Leitner boxes not yet migrated count as the card they stand for). */
  cards: Map<string, Card>;
  topics: Map<string, Tally>;
  activity: Activity;
}

/** Reads a user's progress record (writes happen in the answer script), and their interview goal. */
export class ProgressRepository {
  constructor(private readonly redis: Store) {}

  /** One pipelined read, plus one for the due times of Leitner boxes not yet turned into cards. */
  async read(communityId: string, userId: string, nowMs: number): Promise<StoredProgress> {
    const k = communityKeys(communityId);
    const res = await this.redis.pipeline()
      .hgetall(k.user(userId))
      .hgetall(k.userReviewCards(userId))
      .hgetall(k.userReviewBoxes(userId))
      .hgetall(k.userTopics(userId))
      .getBuffer(k.userActivity(userId))
      .exec();
    if (!res) throw new Error('progress read was aborted');
    for (const [err] of res) if (err) throw err;
    const [user, stored, boxes, topics] = res.slice(0, 4).map((r) => r[1] as Record<string, string>) as [Record<string, string>, Record<string, string>, Record<string, string>, Record<string, string>];
    const activity = decodeActivity(res[4]![1] as Buffer | null);

    const cards = new Map<string, Card>();
    for (const [qid, raw] of Object.entries(stored)) {
      const card = cardOf(raw, undefined, undefined, nowMs);
      if (card) cards.set(qid, card);
    }
    const legacy = Object.keys(boxes).filter((qid) => !cards.has(qid));
    if (legacy.length > 0) {
      const dues = await this.redis.zmscore(k.userReviewDue(userId), ...legacy);
      legacy.forEach((qid, i) => {
        const due = dues[i];
        const card = cardOf(undefined, boxes[qid], due === null || due === undefined ? undefined : Number(due), nowMs);
        if (card) cards.set(qid, card);
      });
    }
    return { user, cards, topics: new Map(Object.entries(topics).map(([t, v]) => [t, decodeTally(v)])), activity };
  }

  /** The interview date the user set ("YYYY-MM-DD"), if any. */
  async goal(communityId: string, userId: string): Promise<string | undefined> {
    return (await this.redis.hget(communityKeys(communityId).user(userId), 'goal')) ?? undefined;
  }

  async setGoal(communityId: string, userId: string, date: string | undefined): Promise<void> {
    const key = communityKeys(communityId).user(userId);
    if (date) await this.redis.hset(key, 'goal', date);
    else await this.redis.hdel(key, 'goal');
  }
}
