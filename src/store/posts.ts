import { createHash, randomBytes } from 'node:crypto';
import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import type { QuestionNumbers } from './question-numbers.js';
import { decodeTally, type Tally } from '../domain/tally.js';
import { channelRef, ownerTag, parsePracticeId, practicePostId, type PracticeRepository } from './practice.js';

/** A question shown somewhere: a personal /quiz (audience = one user) or a channel post (audience = everyone). */
export interface Post {
  id: string;
  communityId: string;
  questionId: string;
  channelId: string;
  /** The only user who may answer, or '' for a channel post. */
  audience: string;
  createdAt: number;
  /** Answer deadline in ms, 0 = none. */
  closesAt: number;
  scheduleId: string;
  /** How choice questions are answered in a channel: buttons, reactions or both. */
  answerMode: 'buttons' | 'reactions' | 'both';
  /** For a personal post, the action of its "Another question" button (keeps the filters it was asked with). */
  next?: string;
  /** The mock interview this question belongs to: the answer script then leaves points and boards alone. */
  mock?: string;
}

export interface PostState extends Post {
  /** pending: created for a scheduled send the platform has not accepted yet (never answerable, never revealed). */
  status: 'pending' | 'open' | 'closed';
  answered: number;
  correct: number;
  firstCorrect?: string;
  messageRef?: string;
  /** The reveal message, once the reveal was posted. */
  revealRef?: string;
  /** What the reveal showed, kept on the post (its answers are dropped once the reveal is posted). */
  tally?: Tally;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export function newPostId(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => ALPHABET[b % 36]).join('');
}

/** A post id derived from a delivery job id, so every attempt of one job works on the same post. */
export function postIdFor(key: string): string {
  return Array.from(createHash('sha256').update(key).digest().subarray(0, 10), (b) => ALPHABET[b % 36]).join('');
}

/** Mock questions live a month; channel posts a year (reveal statistics). */
const PERSONAL_TTL_S = 30 * 86_400;
const CHANNEL_TTL_S = 365 * 86_400;
/** `/answer` goes to a practice question asked in the channel within this long. */
const PRACTICE_ROUTING_MS = 86_400_000;
/** The audience of a practice post that belongs to someone other than the viewer (never a user id). */
const SOMEONE_ELSE = '?';
/** Channel posts listed per community for the dashboard. */
const CHANNEL_POSTS_KEPT = 100;

export class PostRepository {
  /** Immutable post fields, cached so answering usually needs one round trip. */
  private readonly cache = new Map<string, Post>();

  constructor(
    private readonly redis: Store,
    private readonly practice: { numbers: QuestionNumbers; records: PracticeRepository },
    private readonly cacheSize = 100_000,
  ) {}

  /** Stores a new post with its own hash (a mock question, or a channel post); `createdAt` is the invocation's time. */
  async create(p: Omit<Post, 'id'>): Promise<Post> {
    const post: Post = { ...p, id: newPostId() };
    const k = communityKeys(post.communityId);
    const key = k.post(post.id);
    const tx = this.redis.multi();
    tx.hset(key, {
      q: post.questionId, ch: post.channelId, aud: post.audience, at: post.createdAt, closes: post.closesAt,
      sched: post.scheduleId, mode: post.answerMode, status: 'open', n: 0, ok: 0, ...(post.next ? { nx: post.next } : {}), ...(post.mock ? { mock: post.mock } : {}),
    });
    const ttl = post.audience ? PERSONAL_TTL_S : CHANNEL_TTL_S;
    tx.expire(key, ttl);
    if (!post.audience) tx.zadd(k.channelOpen(post.channelId), post.createdAt, post.id);
    await tx.exec();
    this.remember(post);
    return post;
  }

  /**
   * A practice question for one user (practice.ts): no post hash, it becomes the user's current practice question
   * (replacing the previous one) and its question is marked seen, in one script.
   */
  async createPractice(p: Omit<Post, 'id' | 'closesAt' | 'scheduleId' | 'answerMode' | 'mock'>): Promise<Post> {
    await this.practice.numbers.ready();
    const qnum = this.practice.numbers.of(p.questionId);
    const post: Post = { ...p, id: practicePostId(p.audience, qnum), closesAt: 0, scheduleId: '', answerMode: 'buttons' };
    await this.practice.records.present({
      communityId: p.communityId, userId: p.audience, postId: post.id, qnum, channelId: p.channelId, createdAt: p.createdAt, next: p.next,
    });
    this.remember(post);
    return post;
  }

  /**
   * A scheduled channel post before its message is sent: stored as pending under a caller-chosen id, so a retried
   * send finds the same post (and question) again. Returns the stored post, which may be an earlier attempt's.
   */
  async createPending(p: Omit<Post, 'audience'> & { id: string }): Promise<PostState> {
    const key = communityKeys(p.communityId).post(p.id);
    const fields: Record<string, string | number> = {
      q: p.questionId, ch: p.channelId, aud: '', at: p.createdAt, closes: p.closesAt, sched: p.scheduleId, mode: p.answerMode, status: 'pending', n: 0, ok: 0,
    };
    // Field by field and only where absent, in one transaction: a repeat keeps the first attempt's post as it is.
    const tx = this.redis.multi();
    for (const [f, v] of Object.entries(fields)) tx.hsetnx(key, f, v);
    await tx.expire(key, CHANNEL_TTL_S, 'NX').exec();
    const stored = await this.state(p.communityId, p.id);
    if (!stored) throw new Error(`post ${p.id} vanished while being created`);
    return stored;
  }

  /**
   * A personal post under a caller-chosen id (a reminder's, derived from its job), pending until its direct message
   * is accepted (ReminderRepository.sent opens it and marks its question seen). A repeat keeps the first attempt's
   * post and question; returns the stored post.
   */
  async createPersonal(p: Omit<Post, 'closesAt' | 'scheduleId' | 'answerMode'> & { id: string }): Promise<PostState> {
    const key = communityKeys(p.communityId).post(p.id);
    const fields: Record<string, string | number> = {
      q: p.questionId, ch: p.channelId, aud: p.audience, at: p.createdAt, closes: 0, sched: '', mode: 'buttons', status: 'pending', n: 0, ok: 0,
      ...(p.next ? { nx: p.next } : {}),
    };
    const tx = this.redis.multi();
    for (const [f, v] of Object.entries(fields)) tx.hsetnx(key, f, v);
    await tx.expire(key, PERSONAL_TTL_S, 'NX').exec();
    const stored = await this.state(p.communityId, p.id);
    if (!stored) throw new Error(`post ${p.id} vanished while being created`);
    return stored;
  }

  /** Removes a post whose message was refused for good, if it is still pending (never shown, never answerable). */
  async discardPending(communityId: string, postId: string): Promise<boolean> {
    this.cache.delete(postId);
    return (await this.redis.discardPending(communityKeys(communityId).post(postId))) === 1;
  }

  /**
   * After the platform accepted the message: the post opens for answers, joins the channel's open posts and is
   * linked to its message. Returns false if the post is gone; repeats are harmless.
   */
  async activate(post: Post, messageId: string, seenKey: string, now: number): Promise<boolean> {
    const k = communityKeys(post.communityId);
    const res = await this.redis.activatePost(
      k.post(post.id), k.channelOpen(post.channelId), seenKey, k.message(messageId),
      post.id, messageId, String(now), post.questionId, String(CHANNEL_TTL_S),
    );
    return res !== 'missing';
  }

  /** Adds an answerable channel post to the community's newest channel posts (kept to CHANNEL_POSTS_KEPT). */
  async indexChannelPost(post: Post): Promise<void> {
    const key = communityKeys(post.communityId).channelPosts;
    await this.redis.multi()
      .zadd(key, post.createdAt, post.id)
      .zremrangebyrank(key, 0, -CHANNEL_POSTS_KEPT - 1)
      .expire(key, CHANNEL_TTL_S)
      .exec();
  }

  /** The community's newest channel posts, newest first. */
  async recentChannelPosts(communityId: string, limit: number): Promise<PostState[]> {
    const ids = await this.redis.zrevrange(communityKeys(communityId).channelPosts, 0, limit - 1);
    const states = await Promise.all(ids.map((id) => this.state(communityId, id)));
    return states.filter((p): p is PostState => p !== undefined);
  }

  /**
   * Records the reveal message (linked for self-assessment reactions) and compacts the post: the answers and hints
   * of each user go, the counts stay (saveTally). Streaks, stats, boards and review state were updated as each
   * answer came in, and self-assessments rely on the question state, so nothing else needs them.
   */
  async markRevealed(communityId: string, postId: string, messageId: string): Promise<void> {
    const k = communityKeys(communityId);
    await this.redis.revealPost(k.post(postId), k.postAnswers(postId), k.postHints(postId), k.message(messageId), postId, messageId, String(CHANNEL_TTL_S));
  }

  /**
   * A post, for `viewer` (who needs it to read their practice question: a practice post of someone else comes back
   * with an audience that is not the viewer, and an earlier one of the viewer's own with no creation time).
   */
  async get(communityId: string, postId: string, viewer?: string): Promise<Post | undefined> {
    const cached = this.cache.get(postId);
    if (cached && cached.communityId === communityId) return cached;
    const practice = parsePracticeId(postId);
    if (practice) return this.practicePost(communityId, postId, practice, viewer);
    const state = await this.state(communityId, postId);
    return state;
  }

  private async practicePost(communityId: string, postId: string, id: { tag: string; qnum: number }, viewer: string | undefined): Promise<Post | undefined> {
    await this.practice.numbers.ready();
    const base: Post = {
      id: postId, communityId, questionId: this.practice.numbers.idOf(id.qnum) ?? `#${id.qnum}`, channelId: '', audience: SOMEONE_ELSE,
      createdAt: 0, closesAt: 0, scheduleId: '', answerMode: 'buttons',
    };
    if (!viewer || ownerTag(viewer) !== id.tag) return base;
    const current = await this.practice.records.current(communityId, viewer);
    if (current?.postId !== postId) return { ...base, audience: viewer };
    // The record keeps only a tag of the channel; nothing about a practice question needs the channel again.
    const post: Post = { ...base, audience: viewer, createdAt: current.createdAt, next: current.next };
    this.remember(post);
    return post;
  }

  async state(communityId: string, postId: string): Promise<PostState | undefined> {
    const h = await this.redis.hgetall(communityKeys(communityId).post(postId));
    if (!h.q) return undefined;
    const post: PostState = {
      id: postId, communityId, questionId: h.q, channelId: h.ch ?? '', audience: h.aud ?? '', createdAt: Number(h.at),
      closesAt: Number(h.closes ?? 0), scheduleId: h.sched ?? '', answerMode: (h.mode as Post['answerMode']) ?? 'buttons', next: h.nx || undefined,
      status: h.status === 'closed' || h.status === 'pending' ? h.status : 'open', answered: Number(h.n ?? 0), correct: Number(h.ok ?? 0),
      firstCorrect: h.first || undefined, messageRef: h.msg || undefined, revealRef: h.rmsg || undefined, mock: h.mock || undefined,
      tally: decodeTally(h.tally),
    };
    this.remember(post);
    return post;
  }

  /** Links a platform message to a post (for reactions and for editing it at the reveal). */
  async linkMessage(communityId: string, postId: string, messageId: string): Promise<void> {
    await this.link(communityId, postId, messageId, 'msg');
  }

  /** Maps a platform message to its post and stores it on the post (for reactions and for editing it at the reveal). */
  private async link(communityId: string, postId: string, messageId: string, field: 'msg'): Promise<void> {
    if (parsePracticeId(postId)) return; // practice questions are private messages: nothing links to them
    const k = communityKeys(communityId);
    await this.redis.multi()
      .set(k.message(messageId), postId, 'EX', CHANNEL_TTL_S)
      .hset(k.post(postId), field, messageId)
      .exec();
  }

  async byMessage(communityId: string, messageId: string): Promise<string | undefined> {
    return (await this.redis.get(communityKeys(communityId).message(messageId))) ?? undefined;
  }

  /**
   * The questions `/answer` may refer to here: the user's practice question if they asked for it here within a day
   * (or, from before practice records, their latest personal post here), and the channel's latest open post.
   */
  async candidates(communityId: string, userId: string, channelId: string, now: number): Promise<{ mine?: string; channel?: string }> {
    const k = communityKeys(communityId);
    const [current, legacy, open] = await Promise.all([
      this.practice.records.current(communityId, userId),
      this.redis.get(k.userCurrent(userId, channelId)),
      this.redis.zrevrange(k.channelOpen(channelId), 0, 0),
    ]);
    const practice = current && current.channel === channelRef(channelId) && now - current.createdAt < PRACTICE_ROUTING_MS ? current.postId : undefined;
    return { mine: practice ?? legacy ?? undefined, channel: open[0] };
  }

  /** Closes a post once; returns false if it was already closed (another replica revealed it). */
  async close(communityId: string, postId: string, now = Date.now()): Promise<boolean> {
    const post = await this.get(communityId, postId);
    if (!post) return false;
    const k = communityKeys(communityId);
    const won = await this.redis.closePost(k.post(postId), k.channelOpen(post.channelId || '-'), postId, String(now));
    return won === 1;
  }

  async answers(communityId: string, postId: string): Promise<Record<string, string>> {
    return this.redis.hgetall(communityKeys(communityId).postAnswers(postId));
  }

  /**
   * Keeps what the reveal shows (the counts, tally.ts encodeTally) on the post. `keepAnswers` keeps the answers past
   * the reveal: open answers recorded before the packed question state are self-assessed against them.
   */
  async saveTally(communityId: string, postId: string, tally: string, keepAnswers = false): Promise<void> {
    await this.redis.hset(communityKeys(communityId).post(postId), { tally, ...(keepAnswers ? { keep: 1 } : {}) });
  }

  private remember(post: Post): void {
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    const { id, communityId, questionId, channelId, audience, createdAt, closesAt, scheduleId, answerMode, next, mock } = post;
    this.cache.set(post.id, { id, communityId, questionId, channelId, audience, createdAt, closesAt, scheduleId, answerMode, next, mock });
  }
}
