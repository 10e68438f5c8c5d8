import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import type { Card } from '../domain/fsrs.js';
import type { QuestionStateRepository } from './question-state-repo.js';
import { answersOf, cardOfRecord } from './question-state.js';
import { decodeActivity, type Activity, type Tally } from '../domain/activity.js';
import type { Bank } from '../domain/bank.js';

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
  constructor(private readonly redis: Store, private readonly states: QuestionStateRepository, private readonly bank: Bank) {}

  /** The user hash and the user's packed state (which converts state from before it, once). */
  async read(communityId: string, userId: string, _nowMs: number): Promise<StoredProgress> {
    const k = communityKeys(communityId);
    const [user, state] = await Promise.all([this.redis.hgetall(k.user(userId)), this.states.state(communityId, userId)]);
    const cards = new Map<string, Card>();
    const topics = new Map<string, Tally>();
    for (const r of state.records) {
      const id = this.states.questionId(r.qnum);
      const question = id ? this.bank.get(id) : undefined;
      const card = cardOfRecord(r);
      if (id && card) cards.set(id, card);
      // An auto-graded question's answers are its reviews; open questions are self-assessed and not counted.
      if (!question || question.kind === 'open') continue;
      const { answered, correct } = answersOf(r);
      if (answered === 0) continue;
      const t = topics.get(question.topic) ?? { answered: 0, correct: 0 };
      topics.set(question.topic, { answered: t.answered + answered, correct: t.correct + correct });
    }
    return { user, cards, topics, activity: decodeActivity(state.activity) };
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
