import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import type { Periods } from '../domain/calendar.js';
import { answerRating, type Rating } from '../domain/fsrs.js';
import { DEFAULT_FREEZE_CAP } from '../domain/streak.js';

export interface AnswerInput {
  communityId: string;
  postId: string;
  userId: string;
  displayName: string;
  questionId: string;
  track: string;
  /** The question's topic, for the user's topic tallies (omitted: no tally). */
  topic?: string;
  /** What is stored for this user on this post and returned on a repeat. */
  record: string;
  correct: boolean | undefined;
  points: number;
  today: number;
  periods: Periods;
  now: number;
  /**
   * The FSRS review rating: 1 Again, 2 Hard, 3 Good, 0 none (an open answer before its self-assessment).
   * Defaults to Again for a wrong answer, Good for a right one, none for an open one.
   */
  rating?: Rating;
  /** Most streak freezes a user may hold (DEFAULT_FREEZE_CAP unless the community says otherwise). */
  freezeCap?: number;
}

export type AnswerOutcome =
  /** `hinted`: the user took the post's hint before answering (the points are already halved). */
  | { status: 'ok'; points: number; streak: number; best: number; freezes: number; freezesUsed: number; freezeEarned: boolean; hinted: boolean }
  | { status: 'dup'; record: string }
  | { status: 'closed' | 'missing' | 'notyours' };

/** A board never expires sooner than this after a write, whatever clock the caller used for its period. */
const MIN_BOARD_LIFE_S = 7 * 86_400;
const expiry = (at: number) => String(Math.max(at, Math.floor(Date.now() / 1000) + MIN_BOARD_LIFE_S));

export class AnswerRepository {
  constructor(private readonly redis: Store) {}

  /** One EVALSHA: guard, hint check, stats, streak, activity, boards, team boards and the FSRS review, atomically. */
  async record(a: AnswerInput): Promise<AnswerOutcome> {
    const k = communityKeys(a.communityId);
    const res = await this.redis.recordAnswer(
      k.post(a.postId), k.postAnswers(a.postId), k.user(a.userId), k.userScored(a.userId),
      k.board('all'), k.board('week', a.periods.week), k.board('month', a.periods.month),
      k.teamBoard('all'), k.teamBoard('week', a.periods.week), k.teamBoard('month', a.periods.month),
      k.streaks, k.names, k.userSeen(a.userId), k.userReviewBoxes(a.userId), k.userReviewDue(a.userId), k.userReviewCards(a.userId),
      k.userStreakLog(a.userId), k.postHints(a.postId), k.questionStats, k.userActivity(a.userId), k.userTopics(a.userId),
      a.userId, a.questionId, a.track, a.record, a.correct === undefined ? '-1' : a.correct ? '1' : '0', String(a.points),
      String(a.today), expiry(a.periods.weekExpireAt), expiry(a.periods.monthExpireAt), String(a.now), a.displayName,
      String(a.rating ?? answerRating(a.correct)), String(a.freezeCap ?? DEFAULT_FREEZE_CAP), a.topic ?? '',
    );
    const [status, ...rest] = res;
    if (status === 'ok') {
      return {
        status, points: Number(rest[0]), streak: Number(rest[1]), best: Number(rest[2]),
        freezes: Number(rest[3]), freezesUsed: Number(rest[4]), freezeEarned: rest[5] === '1', hinted: rest[6] === '1',
      };
    }
    if (status === 'dup') return { status, record: rest[0] ?? '' };
    return { status: status as 'closed' | 'missing' | 'notyours' };
  }

  async hasAnswered(communityId: string, postId: string, userId: string): Promise<boolean> {
    return (await this.redis.hexists(communityKeys(communityId).postAnswers(postId), userId)) === 1;
  }

  /** Every stored answer record of a post (JSON, as recorded). */
  async records(communityId: string, postId: string): Promise<string[]> {
    return this.redis.hvals(communityKeys(communityId).postAnswers(postId));
  }

  async selfAssess(a: {
    communityId: string; postId: string; userId: string; questionId: string; level: string; credit: number;
    periods: Periods; requireAnswer: boolean; now: number;
  }): Promise<{ status: 'ok'; credit: number } | { status: 'dup'; level: string } | { status: 'noanswer' }> {
    const k = communityKeys(a.communityId);
    const [status, value] = await this.redis.selfAssess(
      k.postAssessments(a.postId), k.postAnswers(a.postId), k.user(a.userId), k.userScored(a.userId), k.userMastery(a.userId),
      k.board('all'), k.board('week', a.periods.week), k.board('month', a.periods.month),
      k.teamBoard('all'), k.teamBoard('week', a.periods.week), k.teamBoard('month', a.periods.month),
      k.userReviewBoxes(a.userId), k.userReviewDue(a.userId), k.userReviewCards(a.userId),
      a.userId, a.level, a.questionId, String(a.credit), expiry(a.periods.weekExpireAt), expiry(a.periods.monthExpireAt),
      a.requireAnswer ? '1' : '0', String(a.now),
    );
    if (status === 'ok') return { status, credit: Number(value) };
    if (status === 'dup') return { status, level: value ?? '' };
    return { status: 'noanswer' };
  }
}
