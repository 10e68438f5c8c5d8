import { cardRetrievability } from '../../domain/fsrs.js';
import type { MockSummary } from '../../domain/mock.js';
import type { Question } from '../../domain/question.js';
import type { Period } from '../../services/boards.js';
import type { ProgressModel } from '../../services/progress.js';
import type { UserStats } from '../../store/boards.js';
import { UNNAMED, type WebData } from './context.js';

export interface RankView { period: Period; label: string; rank?: number; score?: number; of: number }

export interface MeView {
  name: string;
  hidden: boolean;
  stats?: UserStats;
  ranks: RankView[];
  /** What `/progress` shows: mastery, the 12-week heatmap, readiness and the streak, in the user's zone. */
  progress: ProgressModel;
  reviews: { due: number; queued: number; nextDueMs?: number; items: { question: Question; r?: number; dueMs: number }[] };
  mocks: MockSummary[];
}

const REVIEWS_LISTED = 10;

export async function meView(d: WebData, communityId: string, userId: string, now: Date, fallbackName?: string): Promise<MeView> {
  const [names, hidden, hiddenSet, stats, progress, due, next, mocks] = await Promise.all([
    d.boards.storedNames(communityId, [userId]),
    d.privacy.isHidden(communityId, userId),
    d.privacy.hidden(communityId),
    d.boards.userStats(communityId, userId),
    d.services.progress.model(communityId, userId, now),
    d.reviews.due(communityId, userId, now.getTime(), 200),
    d.reviews.next(communityId, userId),
    d.mocks.history(communityId, userId),
  ]);
  const ranks: RankView[] = [];
  for (const period of ['week', 'month', 'all'] as const) {
    const { key, label } = await d.services.boards.boardKey(communityId, period, false, now);
    const [mine, of] = await Promise.all([d.boards.rankOf(key, userId, hiddenSet), d.boards.size(key, hiddenSet)]);
    ranks.push({ period, label, rank: hidden ? undefined : mine?.rank, score: mine?.score, of });
  }
  const dueItems = due.cards
    .map((c) => ({ question: d.bank.get(c.questionId), r: c.card ? cardRetrievability(c.card, now.getTime()) : undefined, dueMs: c.dueMs }))
    .filter((c): c is { question: Question; r: number | undefined; dueMs: number } => c.question !== undefined)
    .sort((a, b) => (a.r ?? 0) - (b.r ?? 0) || a.dueMs - b.dueMs)
    .slice(0, REVIEWS_LISTED);
  return {
    name: names.get(userId) ?? fallbackName ?? UNNAMED, hidden, stats, ranks, progress,
    reviews: { due: due.due, queued: due.total, nextDueMs: next && next.dueMs > now.getTime() ? next.dueMs : undefined, items: dueItems },
    mocks,
  };
}
