import { instant, type Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { calendarAt, dateOfDayNumber, isoWeek, periodsAt } from '../domain/calendar.js';
import { selectQuestion } from '../domain/selection.js';
import { decodeAnswer } from '../domain/answer-record.js';
import { encodeTally, tallyAnswers } from '../domain/tally.js';
import type { AnswerRepository } from '../store/answers.js';
import type { BoardRepository } from '../store/boards.js';
import { communityKeys } from '../store/keys.js';
import type { Post, PostRepository, PostState } from '../store/posts.js';
import type { Store } from '../store/redis.js';
import type { Schedule, ScheduleRepository } from '../store/schedules.js';
import type { SettingsRepository } from '../store/settings.js';
import { formatWindow } from '../schedule/when.js';
import { questionCard } from '../views/question.js';
import { closedCard, recapCard, revealCard } from '../views/reveal.js';
import type { BoardService } from './boards.js';
import { poolHash, type ScheduleService } from './schedules.js';

export interface ScheduledPostDeps {
  redis: Store;
  bank: Bank;
  repo: ScheduleRepository;
  schedules: ScheduleService;
  posts: PostRepository;
  answers: AnswerRepository;
  boards: BoardService;
  boardRepo: BoardRepository;
  settings: SettingsRepository;
  random?: () => number;
}

export interface PreparedPost {
  post: PostState;
  card: Reply;
  /** The channel's seen-questions set for this schedule's pool; the question joins it once shown. */
  seenKey: string;
}

export interface PreparedReveal {
  post: PostState;
  /** What the question message becomes, so nobody answers a closed question. */
  closed: Reply;
  reveal: Reply;
}

/**
 * The content side of scheduled delivery: which question a slot shows, the pending post behind it, its
 * activation once the platform accepted the message, the reveal and the weekly recap. Sending is the delivery
 * layer's job; nothing here talks to a platform.
 */
export class ScheduledPostService {
  constructor(private readonly d: ScheduledPostDeps) {}

  /**
   * The pending post for a slot and the card to send. The first attempt picks the question; a retry (same post id)
   * gets the same post back, whatever state it reached. Undefined when the schedule's filters match no question.
   */
  async preparePost(s: Schedule, postId: string, now: Date): Promise<PreparedPost | undefined> {
    const seenKey = communityKeys(s.communityId).channelSeen(s.channelId, poolHash(s.filter));
    let post = await this.d.posts.state(s.communityId, postId);
    if (!post) {
      const pool = this.d.schedules.pool(s.filter);
      if (pool.length === 0) return undefined;
      const pick = selectQuestion(pool, new Set(await this.d.redis.smembers(seenKey)), this.d.random)!;
      if (pick.cycled) await this.d.redis.del(seenKey);
      post = await this.d.posts.createPending({
        id: postId, communityId: s.communityId, questionId: pick.question.id, channelId: s.channelId, createdAt: now.getTime(),
        closesAt: now.getTime() + s.windowMinutes * 60_000, scheduleId: s.id, answerMode: s.answerMode,
      });
    }
    const q = this.d.bank.get(post.questionId);
    if (!q) return undefined;
    // An instant: Discord and Slack show it in each reader's zone, the console in the community's.
    const { timezone, channelHints } = await this.d.settings.get(s.communityId);
    const closesAtText = `${instant(post.closesAt, timezone)} (${formatWindow(s.windowMinutes)})`;
    return { post, card: questionCard(q, post, { channel: true, hint: channelHints, closesAtText }), seenKey };
  }

  /** The platform accepted the message: the post opens for answers (idempotent). */
  async activate(post: Post, messageId: string, seenKey: string, now: Date): Promise<boolean> {
    const active = await this.d.posts.activate(post, messageId, seenKey, now.getTime());
    // The dashboard's list of the community's channel posts; a separate, idempotent write.
    if (active) await this.d.posts.indexChannelPost(post);
    return active;
  }

  /**
   * Closes the post (if a reveal is late, answers already stop at the deadline) and builds the reveal with the
   * final statistics. Undefined when there is nothing to reveal: the post is gone, was never shown, or was revealed.
   */
  async prepareReveal(communityId: string, postId: string, now: Date): Promise<PreparedReveal | undefined> {
    const before = await this.d.posts.state(communityId, postId);
    if (!before || before.status === 'pending' || before.revealRef) return undefined;
    await this.d.posts.close(communityId, postId, now.getTime());
    // Read after closing, so the statistics include every answer that made it in.
    const after = await this.d.posts.state(communityId, postId);
    const q = after && this.d.bank.get(after.questionId);
    if (!after || !q) return undefined;
    const names = after.firstCorrect ? await this.d.boardRepo.names(communityId, [after.firstCorrect]) : new Map<string, string>();
    const records = await this.d.answers.records(communityId, postId);
    const tally = tallyAnswers(q, records.flatMap((r) => decodeAnswer(r)?.g ?? []));
    // The counts stay on the post; the answers themselves go once the reveal is posted (see revealed), except open
    // answers recorded before the packed question state, which their self-assessments still look up.
    await this.d.posts.saveTally(communityId, postId, encodeTally(tally), q.kind === 'open' && records.some((r) => r.startsWith('{')));
    const firstHidden = after.firstCorrect ? await this.d.boards.privacy.isHidden(communityId, after.firstCorrect) : false;
    const stats = {
      answered: after.answered, correct: after.correct,
      firstCorrectName: after.firstCorrect && !firstHidden ? names.get(after.firstCorrect) : undefined, firstCorrectHidden: firstHidden,
      streakLeaders: await this.d.boards.streakLeaders(communityId, now, 3),
      tally,
    };
    return { post: after, closed: closedCard(q, postId), reveal: revealCard(q, after, stats) };
  }

  /** The reveal message was posted: link it (self-assessment reactions), compact the post and feed the week's hardest question. */
  async revealed(post: PostState, messageId: string, now: Date): Promise<void> {
    await this.d.posts.markRevealed(post.communityId, post.id, messageId);
    if (post.answered > 0 && this.d.bank.get(post.questionId)?.kind !== 'open') {
      const { timezone } = await this.d.settings.get(post.communityId);
      const p = periodsAt(now, timezone);
      await this.d.repo.recordDifficulty(post.communityId, p.week, post.id, post.correct / post.answered, Math.max(p.weekExpireAt, Math.floor(Date.now() / 1000) + 14 * 86_400));
    }
  }

  /** The ISO week before the one a slot falls in ("2026-W18"): what that slot's weekly recap covers. */
  recapWeek(s: Schedule, slot: Date): string {
    const { today } = calendarAt(slot, s.timezone);
    const last = isoWeek(dateOfDayNumber(today - 7));
    return `${last.year}-W${String(last.week).padStart(2, '0')}`;
  }

  /** The weekly recap card, or undefined when nothing happened that week. */
  async recap(communityId: string, week: string): Promise<Reply | undefined> {
    const k = communityKeys(communityId);
    const people = await this.d.boards.entries(communityId, k.board('week', week), false, 0, 5, await this.d.boards.privacy.hidden(communityId));
    const teams = (await this.d.boardRepo.top(k.teamBoard('week', week), 5)).map((e) => ({ ...e, name: e.member }));
    const h = await this.d.repo.hardestOfWeek(communityId, week);
    const hq = h ? await this.d.posts.state(communityId, h.postId) : undefined;
    const q = hq ? this.d.bank.get(hq.questionId) : undefined;
    if (people.length === 0 && teams.length === 0 && !q) return undefined;
    return recapCard(week, people, teams, q && h ? { q, share: h.share } : undefined);
  }
}
