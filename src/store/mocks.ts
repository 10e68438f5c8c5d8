import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { parseSummary, type MockEnd, type MockScope, type MockSession, type MockSummary, type Verdict } from '../domain/mock.js';

/** A session lives as long as its questions' posts, so an abandoned mock still gets its report when the user comes back. */
const SESSION_TTL_S = 30 * 86_400;
/** Finished mocks kept per user for /mock history and the report's comparison. */
export const HISTORY_LENGTH = 20;

/**
 * The session hash, kept compact (every value well under the listpack limit):
 * id, ch (channel), sc (scope), at (start ms), dl (deadline ms), n (questions), i (current index),
 * p<k> post id and q<k> question id of question k, a<k> "<verdict>:<seconds from start>" once answered,
 * end (ms) and why (time | done | stop) once over, told (ms) once the time-out asked for the self-assessment.
 */
function toFields(s: MockSession): string[] {
  const out = ['id', s.id, 'ch', s.channelId, 'sc', s.scope, 'at', String(s.startedAt), 'dl', String(s.deadline), 'n', String(s.items.length), 'i', String(s.index)];
  s.items.forEach((it, k) => out.push(`p${k}`, it.postId, `q${k}`, it.questionId));
  return out;
}

const ANSWER = /^([cwsogpm]):(\d+)$/;
const ENDS: readonly MockEnd[] = ['time', 'done', 'stop'];

export function parseSession(h: Record<string, string>): MockSession | undefined {
  const n = Number(h.n);
  if (!h.id || !h.ch || !Number.isInteger(n) || n < 1 || n > 50) return undefined;
  const items = Array.from({ length: n }, (_, k) => {
    const m = ANSWER.exec(h[`a${k}`] ?? '');
    return { postId: h[`p${k}`] ?? '', questionId: h[`q${k}`] ?? '', ...(m ? { verdict: m[1] as Verdict, at: Number(m[2]) } : {}) };
  });
  return {
    id: h.id, channelId: h.ch, scope: (h.sc ?? 'mixed') as MockScope, startedAt: Number(h.at), deadline: Number(h.dl),
    index: Math.min(n, Math.max(0, Number(h.i) || 0)), items,
    ...(h.end && ENDS.includes(h.why as MockEnd) ? { endedAt: Number(h.end), ended: h.why as MockEnd } : {}),
    ...(h.told && Number.isFinite(Number(h.told)) ? { toldAt: Number(h.told) } : {}),
  };
}

/** Mock interview sessions (one running per user and community) and the summaries of finished ones. */
export class MockRepository {
  constructor(private readonly redis: Store) {}

  async get(communityId: string, userId: string): Promise<MockSession | undefined> {
    return parseSession(await this.redis.hgetall(communityKeys(communityId).userMock(userId)));
  }

  /** Stores a new session; false if the user already has one. */
  async start(communityId: string, userId: string, s: MockSession): Promise<boolean> {
    return (await this.redis.startMock(communityKeys(communityId).userMock(userId), String(SESSION_TTL_S), ...toFields(s))) === 1;
  }

  /** Records what became of question `index` (at `at` seconds from the start); `advance` moves on to the next question. */
  async mark(communityId: string, userId: string, sessionId: string, index: number, verdict: Verdict, at: number, advance: boolean): Promise<boolean> {
    const fields = [`a${index}`, `${verdict}:${Math.max(0, Math.floor(at))}`, ...(advance ? ['i', String(index + 1)] : [])];
    return (await this.redis.updateMock(communityKeys(communityId).userMock(userId), sessionId, ...fields)) === 1;
  }

  async end(communityId: string, userId: string, sessionId: string, ended: MockEnd, endedAt: number): Promise<void> {
    await this.redis.updateMock(communityKeys(communityId).userMock(userId), sessionId, 'end', String(endedAt), 'why', ended);
  }

  /** Notes that the time-out asked the user to self-assess (so it asks once). */
  async told(communityId: string, userId: string, sessionId: string, at: number): Promise<void> {
    await this.redis.updateMock(communityKeys(communityId).userMock(userId), sessionId, 'told', String(at));
  }

  /** Whether the user has run a mock in the community (one is running, or one is in their history). */
  async known(communityId: string, userId: string): Promise<boolean> {
    const k = communityKeys(communityId);
    return (await this.redis.exists(k.userMock(userId), k.userMocks(userId))) > 0;
  }

  /** Files the summary and removes the session, once; false if another request already did. */
  async finish(communityId: string, userId: string, summary: MockSummary): Promise<boolean> {
    const k = communityKeys(communityId);
    return (await this.redis.finishMock(k.userMock(userId), k.userMocks(userId), summary.id, JSON.stringify(summary), String(HISTORY_LENGTH))) === 1;
  }

  /** Finished mocks, newest first. */
  async history(communityId: string, userId: string, limit = HISTORY_LENGTH): Promise<MockSummary[]> {
    const raw = await this.redis.lrange(communityKeys(communityId).userMocks(userId), 0, limit - 1);
    return raw.map(parseSummary).filter((m): m is MockSummary => m !== undefined);
  }
}
