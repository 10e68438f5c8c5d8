import type { Card } from '../domain/fsrs.js';
import type { QuestionNumbers } from './question-numbers.js';
import type { QuestionStateRepository } from './question-state-repo.js';
import { cardOfRecord, FLAG } from './question-state.js';

/** A question in a user's review queue. */
export interface QueuedCard {
  /** The question's id, or `#<number>` when the question is no longer in the bank. */
  questionId: string;
  qnum: number;
  dueMs: number;
  /** Its FSRS card; undefined when the queue has the question without one (from before FSRS). */
  card: Card | undefined;
}

/** Reads a user's review queue from their question state (the answer and self-assessment scripts write it). */
export class ReviewRepository {
  constructor(private readonly states: QuestionStateRepository, private readonly numbers: QuestionNumbers) {}

  private async queue(communityId: string, userId: string): Promise<QueuedCard[]> {
    await this.numbers.ready();
    const records = await this.states.records(communityId, userId);
    return records.filter((r) => r.flags & FLAG.queued).map((r) => ({
      questionId: this.numbers.idOf(r.qnum) ?? `#${r.qnum}`, qnum: r.qnum, dueMs: r.dueMs, card: cardOfRecord(r),
    }));
  }

  /** The `scan` longest-overdue questions due at `now` with their cards, how many are due and how many are queued. One read. */
  async due(communityId: string, userId: string, now: number, scan: number): Promise<{ cards: QueuedCard[]; due: number; total: number }> {
    const queue = await this.queue(communityId, userId);
    const due = queue.filter((c) => c.dueMs <= now).sort((a, b) => a.dueMs - b.dueMs || a.qnum - b.qnum);
    return { cards: due.slice(0, scan), due: due.length, total: queue.length };
  }

  /** Every question in the user's review queue, with its card. */
  async cards(communityId: string, userId: string): Promise<QueuedCard[]> {
    return this.queue(communityId, userId);
  }

  /** The question that falls due next, if any. */
  async next(communityId: string, userId: string): Promise<{ questionId: string; dueMs: number } | undefined> {
    const queue = await this.queue(communityId, userId);
    return queue.reduce<QueuedCard | undefined>((a, c) => (!a || c.dueMs < a.dueMs ? c : a), undefined);
  }

  /** Removes questions that left the bank from the queue. */
  async drop(communityId: string, userId: string, qnums: number[]): Promise<void> {
    await this.states.dropFromReview(communityId, userId, qnums);
  }
}
