import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import type { Card } from '../domain/fsrs.js';
import type { QuestionStateRepository } from './question-state-repo.js';
import { cardOfRecord } from './question-state.js';
import { decodeActivity, decodeTally, type Activity, type Tally } from '../domain/activity.js';

/** Everything the progress image shows about one user, as stored. */
export interface StoredProgress {
  /** The user hash (stats, streak fields, team, zone, goal). */
  user: Record<string, string>;
  /** Question id -> FSRS card. */
  cards: Map<string, Card>;
  topics: Map<string, Tally>;
  activity: Activity;
}

/** Reads a user's progress record (writes happen in the answer script), and their interview goal. */
export class ProgressRepository {
  constructor(private readonly redis: Store, private readonly states: QuestionStateRepository) {}

  /** One pipelined read and the user's packed question state (which converts state from before it, once). */
  async read(communityId: string, userId: string, _nowMs: number): Promise<StoredProgress> {
    const k = communityKeys(communityId);
    const [res, records] = await Promise.all([
      this.redis.pipeline().hgetall(k.user(userId)).hgetall(k.userTopics(userId)).getBuffer(k.userActivity(userId)).exec(),
      this.states.records(communityId, userId),
    ]);
    if (!res) throw new Error('progress read was aborted');
    for (const [err] of res) if (err) throw err;
    const [user, topics] = res.slice(0, 2).map((r) => r[1] as Record<string, string>) as [Record<string, string>, Record<string, string>];
    const activity = decodeActivity(res[2]![1] as Buffer | null);
    const cards = new Map<string, Card>();
    for (const r of records) {
      const id = this.states.questionId(r.qnum);
      const card = cardOfRecord(r);
      if (id && card) cards.set(id, card);
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
