import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { parsePracticeId } from './practice.js';
import { countsFromHash, emptyCounts, REPORT_REASONS, reasonStat, STAT, type QuestionCounts, type ReportReason } from '../domain/question-stats.js';

export type HintOutcome = 'ok' | 'again' | 'answered' | 'closed' | 'missing' | 'notyours';

export interface QuestionReport {
  userId: string;
  reason: ReportReason;
  note?: string;
  /** When it was made (ms). */
  at: number;
  /** The post it was made from. */
  postId: string;
}

export interface ReportedQuestion {
  questionId: string;
  count: number;
  counts: QuestionCounts;
  /** Every report of the question, newest first. */
  reports: QuestionReport[];
}

interface StoredReport { r: ReportReason; n?: string; at: number; p: string }

function parseReport(userId: string, raw: string): QuestionReport | undefined {
  try {
    const v = JSON.parse(raw) as StoredReport;
    if (!REPORT_REASONS.includes(v.r)) return undefined;
    return { userId, reason: v.r, note: v.n || undefined, at: Number(v.at) || 0, postId: String(v.p ?? '') };
  } catch {
    return undefined;
  }
}

/** Hints taken, question reports and per-question statistics of one community. */
export class FeedbackRepository {
  constructor(private readonly redis: Store) {}

  /** Records that the user took the post's hint (once, and only before answering). */
  async takeHint(communityId: string, postId: string, userId: string, now: number): Promise<HintOutcome> {
    const k = communityKeys(communityId);
    const practice = parsePracticeId(postId) ? postId : '';
    return (await this.redis.takeHint(k.post(postId), k.postAnswers(postId), k.postHints(postId), k.user(userId), userId, String(now), practice)) as HintOutcome;
  }

  async reportOf(communityId: string, questionId: string, userId: string): Promise<QuestionReport | undefined> {
    const raw = await this.redis.hget(communityKeys(communityId).questionReports(questionId), userId);
    return raw ? parseReport(userId, raw) : undefined;
  }

  /** Keeps the user's first report of a question; a second one returns the first and counts nothing. */
  async report(communityId: string, questionId: string, r: QuestionReport): Promise<{ status: 'ok'; count: number } | { status: 'dup'; report: QuestionReport | undefined }> {
    const k = communityKeys(communityId);
    const stored: StoredReport = { r: r.reason, at: r.at, p: r.postId, ...(r.note ? { n: r.note } : {}) };
    const [status, value] = await this.redis.reportQuestion(k.questionReports(questionId), k.reportedQuestions, k.questionStats,
      r.userId, JSON.stringify(stored), questionId, r.reason);
    if (status === 'ok') return { status, count: Number(value) };
    return { status: 'dup', report: parseReport(r.userId, value ?? '') };
  }

  /** The most reported questions, most reports first, with their reports (newest first) and statistics. */
  async mostReported(communityId: string, limit: number): Promise<{ questions: ReportedQuestion[]; total: number }> {
    const k = communityKeys(communityId);
    const flat = await this.redis.zrevrange(k.reportedQuestions, 0, limit - 1, 'WITHSCORES');
    const total = await this.redis.zcard(k.reportedQuestions);
    const ids: [string, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) ids.push([flat[i]!, Number(flat[i + 1])]);
    if (ids.length === 0) return { questions: [], total };
    const pipe = this.redis.pipeline();
    for (const [qid] of ids) pipe.hgetall(k.questionReports(qid));
    const hashes = ((await pipe.exec()) ?? []).map(([, h]) => (h ?? {}) as Record<string, string>);
    const counts = await this.counts(communityId, ids.map(([qid]) => qid));
    const questions = ids.map(([questionId, count], i) => ({
      questionId, count, counts: counts.get(questionId) ?? emptyCounts(),
      reports: Object.entries(hashes[i]!).flatMap(([uid, raw]) => parseReport(uid, raw) ?? []).sort((a, b) => b.at - a.at),
    }));
    return { questions, total };
  }

  /** The statistics of some questions in this community. */
  async counts(communityId: string, questionIds: string[]): Promise<Map<string, QuestionCounts>> {
    if (questionIds.length === 0) return new Map();
    const stats = [...Object.values(STAT), ...REPORT_REASONS.map(reasonStat)];
    const fields = questionIds.flatMap((qid) => stats.map((s) => `${s}:${qid}`));
    const values = await this.redis.hmget(communityKeys(communityId).questionStats, ...fields);
    const h: Record<string, string> = {};
    fields.forEach((f, i) => { if (values[i] !== null && values[i] !== undefined) h[f] = values[i]!; });
    const out = countsFromHash(h);
    for (const qid of questionIds) if (!out.has(qid)) out.set(qid, emptyCounts());
    return out;
  }
}

/** Every community's per-question statistics (for the export), read with SCAN so no index is needed. */
export async function allCommunityStats(redis: Store): Promise<Map<string, Map<string, QuestionCounts>>> {
  const out = new Map<string, Map<string, QuestionCounts>>();
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', '{c:*}:qstats', 'COUNT', 500);
    cursor = next;
    for (const key of batch) keys.add(key);
  } while (cursor !== '0');
  for (const key of [...keys].sort()) {
    const m = /^\{c:(.+)\}:qstats$/.exec(key);
    if (!m) continue;
    out.set(m[1]!, countsFromHash(await redis.hgetall(key)));
  }
  return out;
}
