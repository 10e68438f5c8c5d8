import { dateOfDayNumber, dayNumber, formatLocalDate, periodsAt } from '../../domain/calendar.js';
import { liveStreak } from '../../domain/streak.js';
import { streakFromHash } from '../../store/streak-fields.js';
import { countsFromHash, exportRow, sortRows, type ExportRow } from '../../domain/question-stats.js';
import type { Question } from '../../domain/question.js';
import { nextFireTimes } from '../../schedule/when.js';
import type { QuestionReport, ReportedQuestion } from '../../store/feedback.js';
import { communityKeys } from '../../store/keys.js';
import type { Schedule, ScheduleState } from '../../store/schedules.js';
import { UNNAMED, type WebData } from './context.js';

export interface ScheduleView { schedule: Schedule; state: ScheduleState; next: Date[]; questions: number }

/** A member's streak reminders: never set up, on at a time, turned off by them, or stopped by the bot (DMs refused). */
export type ReminderView = { state: 'unset' } | { state: 'on'; time: string } | { state: 'off'; time: string } | { state: 'stopped'; reason: string };

export interface MemberView { name: string; team?: string; answered: number; points: number; streak: number; lastActive?: string; reminders: ReminderView }

export interface OrganiserView {
  timezone: string;
  schedules: ScheduleView[];
  /** People who scored in each of the last weeks, oldest first. */
  weeks: { week: string; members: number }[];
  /** The newest channel posts, oldest first, with how many answered. */
  posts: { at: number; answered: number; correct: number; question?: Question }[];
  questions: { rows: ExportRow[]; total: number; flagged: number };
  reports: { reported: ReportedQuestion; question?: Question; notes: (QuestionReport & { name?: string })[] }[];
  reportedTotal: number;
  members: MemberView[];
  membersTotal: number;
  hiddenCount: number;
}

const WEEKS = 8;
const STREAK_FIELDS = ['streak', 'best', 'lastDay', 'frz', 'calDay', 'calA', 'calF'] as const;
const QUESTIONS_LISTED = 25;
const REPORTS_LISTED = 10;
const MEMBERS_LISTED = 300;

export async function organiserView(d: WebData, communityId: string, now: Date): Promise<OrganiserView> {
  const { timezone } = await d.services.settings.get(communityId);
  const k = communityKeys(communityId);
  const schedules = await d.services.scheduleRepo.list(communityId);
  const states = await Promise.all(schedules.map((s) => d.services.scheduleRepo.state(communityId, s.id)));
  const weekIds = Array.from({ length: WEEKS }, (_, i) => periodsAt(new Date(now.getTime() - (WEEKS - 1 - i) * 7 * 86_400_000), timezone).week);
  const [weekSizes, posts, statsHash, reported, hidden] = await Promise.all([
    Promise.all(weekIds.map((w) => d.redis.zcard(k.board('week', w)))),
    d.services.posts.recentChannelPosts(communityId, 20),
    d.redis.hgetall(k.questionStats),
    d.feedback.mostReported(communityId, REPORTS_LISTED),
    d.privacy.hidden(communityId),
  ]);
  const rows = sortRows([...countsFromHash(statsHash)].map(([qid, c]) => {
    const q = d.bank.get(qid);
    return exportRow(qid, c, q && { track: q.track, topic: q.topic, difficulty: q.difficulty, kind: q.kind });
  }));
  const reporterIds = [...new Set(reported.questions.flatMap((r) => r.reports.map((x) => x.userId)))].filter((id) => !hidden.has(id));
  const reporterNames = await d.boards.storedNames(communityId, reporterIds);
  const members = await memberViews(d, communityId, hidden, now, timezone);
  return {
    timezone,
    schedules: schedules.map((schedule, i) => ({
      schedule, state: states[i]!, next: schedule.paused ? [] : nextFireTimes(schedule.cron, schedule.timezone, 3), questions: d.services.schedules.pool(schedule.filter).length,
    })),
    weeks: weekIds.map((week, i) => ({ week, members: weekSizes[i]! })),
    posts: posts.filter((p) => p.status !== 'pending').reverse().map((p) => ({ at: p.createdAt, answered: p.answered, correct: p.correct, question: d.bank.get(p.questionId) })),
    questions: { rows: rows.slice(0, QUESTIONS_LISTED), total: rows.length, flagged: rows.filter((r) => r.flagged).length },
    reports: reported.questions.map((r) => ({
      reported: r, question: d.bank.get(r.questionId),
      notes: r.reports.map((x) => ({ ...x, name: hidden.has(x.userId) ? undefined : reporterNames.get(x.userId) ?? UNNAMED })),
    })),
    reportedTotal: reported.total,
    ...members,
    hiddenCount: hidden.size,
  };
}

/** The reminder fields of a user hash (see store/reminders.ts) as an opt-in state. */
function reminderView(time: string | null, on: string | null, why: string | null): ReminderView {
  if (!time) return { state: 'unset' };
  if (on === '1') return { state: 'on', time };
  return why ? { state: 'stopped', reason: why } : { state: 'off', time };
}

/** Members the community knows by name, most points first; hidden ones are counted, never listed. */
async function memberViews(d: WebData, communityId: string, hidden: ReadonlySet<string>, now: Date, timezone: string): Promise<{ members: MemberView[]; membersTotal: number }> {
  const k = communityKeys(communityId);
  const names = Object.entries(await d.redis.hgetall(k.names)).filter(([id]) => !hidden.has(id));
  const pipe = d.redis.pipeline();
  for (const [id] of names) pipe.hmget(k.user(id), 'answered', 'points', 'team', 'tz', 'rmt', 'rmon', 'rmwhy', ...STREAK_FIELDS);
  const res = names.length ? (await pipe.exec()) ?? [] : [];
  const members = names.map(([, name], i) => {
    const [answered, points, team, tz, rmt, rmon, rmwhy, ...streakValues] = (res[i]?.[1] ?? []) as (string | null)[];
    const state = streakFromHash(Object.fromEntries(STREAK_FIELDS.map((f, j) => [f, streakValues[j]])));
    return {
      name: name || UNNAMED, team: team || undefined, answered: Number(answered ?? 0), points: Number(points ?? 0),
      streak: state.lastDay > 0 ? liveStreak(state, dayNumber(now, tz ?? timezone)).current : 0,
      lastActive: state.lastDay > 0 ? formatLocalDate(dateOfDayNumber(state.lastDay)) : undefined,
      reminders: reminderView(rmt ?? null, rmon ?? null, rmwhy ?? null),
    };
  }).sort((a, b) => b.points - a.points || b.answered - a.answered || a.name.localeCompare(b.name));
  return { members: members.slice(0, MEMBERS_LISTED), membersTotal: members.length };
}
