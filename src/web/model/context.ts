import type { App } from '../../app.js';
import type { Bank } from '../../domain/bank.js';
import type { Services } from '../../services/services.js';
import { BoardRepository } from '../../store/boards.js';
import { FeedbackRepository } from '../../store/feedback.js';
import { MockRepository } from '../../store/mocks.js';
import { PrivacyRepository } from '../../store/privacy.js';
import { ProgressRepository } from '../../store/progress.js';
import type { Store } from '../../store/redis.js';
import { ReviewRepository } from '../../store/reviews.js';
import { StreakRepository } from '../../store/streaks.js';

/** What the dashboard reads: the app's services and the repositories behind them, on the app's Redis connection. */
export interface WebData {
  redis: Store;
  bank: Bank;
  services: Services;
  boards: BoardRepository;
  privacy: PrivacyRepository;
  reviews: ReviewRepository;
  mocks: MockRepository;
  streaks: StreakRepository;
  feedback: FeedbackRepository;
  progress: ProgressRepository;
}

export function webData(app: Pick<App, 'redis' | 'bank' | 'services'>): WebData {
  const { redis } = app;
  return {
    redis, bank: app.bank, services: app.services,
    boards: new BoardRepository(redis), privacy: new PrivacyRepository(redis),
    reviews: new ReviewRepository(app.services.questionStates, app.services.questionNumbers),
    mocks: new MockRepository(redis), streaks: new StreakRepository(redis, app.services.questionStates), feedback: new FeedbackRepository(redis),
    progress: new ProgressRepository(redis, app.services.questionStates, app.bank),
  };
}

/** A name for people whose name was never stored (never an id). */
export const UNNAMED = 'a member';
