import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import type { QuestionNumbers } from './question-numbers.js';
import { legacyStateKeys, type QuestionStateRepository } from './question-state-repo.js';
import { parsePracticeId, parsePracticeRecord } from './practice.js';
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
  /** What is stored for this user on this post and returned on a repeat (answer-record.ts encodeAnswer). */
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

/**
 * The answer script's keys, built once per user, post and period: building and checking two dozen key names for
 * every answer is a measurable share of the answer path.
 */
class KeyCache {
  private readonly cache = new Map<string, string[]>();

  constructor(private readonly size = 50_000) {}

  private get(id: string, build: () => string[]): string[] {
    let keys = this.cache.get(id);
    if (!keys) {
      if (this.cache.size >= this.size) this.cache.clear();
      keys = build();
      this.cache.set(id, keys);
    }
    return keys;
  }

  post(communityId: string, postId: string): string[] {
    return this.get(`p\u0000${communityId}\u0000${postId}`, () => {
      const k = communityKeys(communityId);
      return [k.post(postId), k.postAnswers(postId), k.postHints(postId)];
    });
  }

  user(communityId: string, userId: string): string[] {
    return this.get(`u\u0000${communityId}\u0000${userId}`, () => {
      const k = communityKeys(communityId);
      return [k.user(userId), k.userState(userId), ...legacyStateKeys(k, userId), k.userStreakLogList(userId), k.userActivity(userId), k.userTopics(userId)];
    });
  }

  boards(communityId: string, p: Periods): string[] {
    return this.get(`b\u0000${communityId}\u0000${p.week}\u0000${p.month}`, () => {
      const k = communityKeys(communityId);
      return [k.board('all'), k.board('week', p.week), k.board('month', p.month), k.teamBoard('all'), k.teamBoard('week', p.week), k.teamBoard('month', p.month),
        k.board('week', p.previousWeek), k.board('month', p.previousMonth), k.streaks, k.names, k.questionStats];
    });
  }
}

export class AnswerRepository {
  private readonly keys = new KeyCache();

  constructor(private readonly redis: Store, private readonly numbers: QuestionNumbers, private readonly states: QuestionStateRepository) {}

  /**
   * One EVALSHA: guard, hint check, stats, streak, activity, boards, team boards and the FSRS review, atomically. The first
   * answer of a user who still has question state in the layout before the packed one converts it first (once).
   */
  async record(a: AnswerInput): Promise<AnswerOutcome> {
    let res = await this.recordOnce(a);
    if (res[0] === 'migrate') {
      await this.states.migrate(a.communityId, a.userId, a.now);
      res = await this.recordOnce(a);
    }
    const [status, ...rest] = res;
    if (status === 'ok') {
      return {
        status, points: Number(rest[0]), streak: Number(rest[1]), best: Number(rest[2]),
        freezes: Number(rest[3]), freezesUsed: Number(rest[4]), freezeEarned: rest[5] === '1', hinted: rest[6] === '1',
      };
    }
    if (status === 'dup') return { status, record: rest[0] ?? '' };
    if (status === 'migrate') throw new Error('the question state could not be converted');
    return { status: status as 'closed' | 'missing' | 'notyours' };
  }

  private async recordOnce(a: AnswerInput): Promise<string[]> {
    await this.numbers.ready();
    return this.redis.recordAnswer(...this.scriptArgs(a));
  }

  /** The keys and arguments of the answer script for an answer (the answer benchmark calls the script with them directly). */
  scriptArgs(a: AnswerInput): string[] {
    const [post, answers, hints] = this.keys.post(a.communityId, a.postId);
    const [user, state, scored, seen, boxes, due, cards, mastery, oldLog, activity, topics] = this.keys.user(a.communityId, a.userId);
    const [all, week, month, tAll, tWeek, tMonth, prevWeek, prevMonth, streaks, names, stats] = this.keys.boards(a.communityId, a.periods);
    return [
      post!, answers!, user!, scored!, all!, week!, month!, tAll!, tWeek!, tMonth!, streaks!, names!,
      seen!, boxes!, due!, cards!, oldLog!, hints!, stats!, state!, mastery!, prevWeek!, prevMonth!, activity!, topics!,
      a.userId, a.questionId, a.track, a.record, a.correct === undefined ? '-1' : a.correct ? '1' : '0', String(a.points),
      String(a.today), expiry(a.periods.weekExpireAt), expiry(a.periods.monthExpireAt), String(a.now), a.displayName,
      String(a.rating ?? answerRating(a.correct)), String(a.freezeCap ?? DEFAULT_FREEZE_CAP),
      String(this.numbers.of(a.questionId)), parsePracticeId(a.postId) ? a.postId : '',
    ];
  }

  async hasAnswered(communityId: string, postId: string, userId: string): Promise<boolean> {
    const k = communityKeys(communityId);
    if (parsePracticeId(postId)) {
      const [pq, pqr] = await this.redis.hmget(k.user(userId), 'pq', 'pqr');
      return parsePracticeRecord(pq)?.postId === postId && pqr !== null;
    }
    return (await this.redis.hexists(k.postAnswers(postId), userId)) === 1;
  }

  /** The stored answer of a user to a post (answer-record.ts), if any. */
  async answerOf(communityId: string, postId: string, userId: string): Promise<string | undefined> {
    const k = communityKeys(communityId);
    if (parsePracticeId(postId)) {
      const [pq, pqr] = await this.redis.hmget(k.user(userId), 'pq', 'pqr');
      return parsePracticeRecord(pq)?.postId === postId ? pqr ?? undefined : undefined;
    }
    return (await this.redis.hget(k.postAnswers(postId), userId)) ?? undefined;
  }

  /** Every stored answer record of a post (answer-record.ts; JSON when recorded before it). */
  async records(communityId: string, postId: string): Promise<string[]> {
    return this.redis.hvals(communityKeys(communityId).postAnswers(postId));
  }

  async selfAssess(a: {
    communityId: string; postId: string; userId: string; questionId: string; level: string; credit: number;
    periods: Periods; requireAnswer: boolean; now: number;
  }): Promise<{ status: 'ok'; credit: number } | { status: 'dup'; level: string } | { status: 'noanswer' }> {
    await this.numbers.ready();
    const k = communityKeys(a.communityId);
    const [scored, seen, boxes, due, cards, mastery] = legacyStateKeys(k, a.userId);
    const run = () => this.redis.selfAssess(
      k.postAssessments(a.postId), k.postAnswers(a.postId), k.user(a.userId), scored!, mastery!,
      k.board('all'), k.board('week', a.periods.week), k.board('month', a.periods.month),
      k.teamBoard('all'), k.teamBoard('week', a.periods.week), k.teamBoard('month', a.periods.month),
      boxes!, due!, cards!, k.userState(a.userId), seen!, k.board('week', a.periods.previousWeek), k.board('month', a.periods.previousMonth),
      a.userId, a.level, a.questionId, String(a.credit), expiry(a.periods.weekExpireAt), expiry(a.periods.monthExpireAt),
      a.requireAnswer ? '1' : '0', String(a.now), String(this.numbers.of(a.questionId)),
    );
    let [status, value] = await run();
    if (status === 'migrate') {
      await this.states.migrate(a.communityId, a.userId, a.now);
      [status, value] = await run();
    }
    if (status === 'ok') return { status, credit: Number(value) };
    if (status === 'dup') return { status, level: value ?? '' };
    if (status === 'noanswer') return { status: 'noanswer' };
    throw new Error(`self-assessment failed (${status})`);
  }
}
