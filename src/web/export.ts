import { dateOfDayNumber, dayNumber, formatLocalDate } from '../domain/calendar.js';
import { cardRetrievability } from '../domain/fsrs.js';
import { liveStreak, NO_STREAK, recentDays, type StreakEvent } from '../domain/streak.js';
import { STREAK_LOG_LIMIT } from '../domain/streak.js';
import { FLAG, hasFlag } from '../store/question-state.js';
import { UNNAMED, type WebData } from './model/context.js';

const date = (day: number) => (day > 0 ? formatLocalDate(dateOfDayNumber(day)) : null);
const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : null);

export interface ReviewRow {
  question: string;
  track: string;
  topic: string;
  difficulty: string;
  seen: boolean;
  scored: boolean;
  due: string | null;
  stability: number | null;
  difficultyRating: number | null;
  lastReview: string | null;
  reps: number | null;
  lapses: number | null;
  recall: number | null;
}

/**
 * Everything the bot keeps about one member in one community, for "export my data". People are named, never
 * identified by id (a restore in the streak log names the admin).
 */
export async function exportMine(d: WebData, communityId: string, userId: string, now: Date, fallbackName?: string) {
  const settings = await d.services.settings.get(communityId);
  const [stats, hidden, zone, stored, log, cards, mocks, records, names, progress] = await Promise.all([
    d.boards.userStats(communityId, userId),
    d.privacy.isHidden(communityId, userId),
    d.services.userZones.get(communityId, userId),
    d.streaks.state(communityId, userId),
    d.streaks.log(communityId, userId, STREAK_LOG_LIMIT),
    d.reviews.cards(communityId, userId),
    d.mocks.history(communityId, userId),
    d.services.questionStates.records(communityId, userId),
    d.boards.storedNames(communityId, [userId]),
    d.progress.read(communityId, userId, now.getTime()),
  ]);
  const admins = await d.boards.storedNames(communityId, [...new Set(log.flatMap((e) => (e.k === 'restore' ? [e.by] : [])))]);
  const timezone = zone ?? settings.timezone;
  const today = dayNumber(now, timezone);
  const state = stored ?? NO_STREAK;
  const boards: Record<string, { rank: number | null; points: number }> = {};
  for (const period of ['week', 'month', 'all'] as const) {
    const { key, label } = await d.services.boards.boardKey(communityId, period, false, now);
    const mine = await d.boards.rankOf(key, userId, await d.privacy.hidden(communityId));
    boards[label] = { rank: hidden ? null : mine?.rank ?? null, points: mine?.score ?? 0 };
  }
  const idOf = (qnum: number) => d.services.questionNumbers.idOf(qnum) ?? `#${qnum}`;
  const seen = records.filter((r) => hasFlag(r, FLAG.seen)).map((r) => idOf(r.qnum));
  const seenSet = new Set(seen);
  const scoredSet = new Set(records.filter((r) => hasFlag(r, FLAG.scored)).map((r) => idOf(r.qnum)));
  const reviews: ReviewRow[] = [...new Set([...cards.map((c) => c.questionId), ...seen])].sort().map((qid) => {
    const q = d.bank.get(qid);
    const c = cards.find((x) => x.questionId === qid);
    return {
      question: qid, track: q?.track ?? '', topic: q?.topic ?? '', difficulty: q?.difficulty ?? '', seen: seenSet.has(qid), scored: scoredSet.has(qid),
      due: c?.dueMs ? iso(c.dueMs) : null, stability: c?.card?.s ?? null, difficultyRating: c?.card?.d ?? null,
      lastReview: c?.card ? date(c.card.day) : null, reps: c?.card?.reps ?? null, lapses: c?.card?.lapses ?? null,
      recall: c?.card ? Math.round(cardRetrievability(c.card, now.getTime()) * 10_000) / 10_000 : null,
    };
  });
  return {
    exportedAt: now.toISOString(),
    profile: {
      name: names.get(userId) ?? fallbackName ?? UNNAMED, team: stats?.team ?? null, timezone, ownTimezone: zone ?? null, hiddenFromBoards: hidden,
      interviewGoal: progress.user.goal ?? null, reminders: progress.user.rmt ? { time: progress.user.rmt, on: progress.user.rmon === '1' } : null,
    },
    stats: stats ? {
      answered: stats.answered, correct: stats.correct, open: stats.open, points: stats.points, byTrack: stats.byTrack,
      selfAssessed: stats.selfAssessed, hints: stats.hints,
    } : null,
    boards,
    streak: {
      current: liveStreak(state, today).current, best: state.best, freezes: liveStreak(state, today).freezes, lastAnswerDay: date(state.lastDay),
      last30Days: recentDays(state, today).map((x) => ({ day: date(x.day), mark: x.mark })),
    },
    activity: [...progress.activity].sort(([a], [b]) => a - b).map(([day, answers]) => ({ day: date(day), answers })),
    topics: [...progress.topics].sort(([a], [b]) => a.localeCompare(b)).map(([topic, t]) => ({ topic, answered: t.answered, correct: t.correct })),
    streakLog: log.map((e) => logEntry(e, (id) => admins.get(id) ?? UNNAMED)),
    reviews,
    mockInterviews: mocks.map((m) => ({ ...m, at: iso(m.at) })),
  };
}

function logEntry(e: StreakEvent, nameOf: (id: string) => string): Record<string, unknown> {
  const day = date(e.d);
  switch (e.k) {
    case 'start': case 'extend': return { day, change: e.k, streak: e.s };
    case 'earn': return { day, change: 'freeze earned', freezes: e.f };
    case 'freeze': return { day, change: 'freeze used', streak: e.s, freezes: e.f };
    case 'reset': return { day, change: 'reset', previous: e.p };
    case 'restore': return { day, change: 'restored', previous: e.p, streak: e.s, by: nameOf(e.by), reason: e.r };
  }
}

const CSV_COLUMNS: (keyof ReviewRow)[] = ['question', 'track', 'topic', 'difficulty', 'seen', 'scored', 'due', 'stability', 'difficultyRating', 'lastReview', 'reps', 'lapses', 'recall'];

/** A cell that a spreadsheet will neither split nor run as a formula. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The per-question part of the export (one row per question seen or in review), as CSV. */
export function reviewsCsv(rows: readonly ReviewRow[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}
