import type { Invocation } from '../core/command.js';
import { PermissionError, UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import { dayNumber } from '../domain/calendar.js';
import { DAYS_PER_FREEZE, liveStreak, MAX_RESTORE_REASON, NO_STREAK, recentDays, STREAK_LOG_LIMIT } from '../domain/streak.js';
import type { BoardRepository } from '../store/boards.js';
import type { SettingsRepository, UserZoneRepository } from '../store/settings.js';
import type { StreakRepository } from '../store/streaks.js';
import type { ReminderRepository } from '../store/reminders.js';
import { streakReminderTip } from '../views/reminder.js';
import { calendarSummary, calendarText, CALENDAR_LEGEND, logLine } from '../views/streak.js';

export interface StreakDeps {
  streaks: StreakRepository;
  boards: BoardRepository;
  settings: SettingsRepository;
  userZones: UserZoneRepository;
  /** For the reminder line under your own streak. */
  reminders?: ReminderRepository;
}

/** Log entries shown by `/streak log`. */
const LOG_SHOWN = 15;
const USAGE = '`/streak restore @user <days> <reason>`';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `/streak`: the live streak with freezes and a 30-day calendar, the streak log, and restores by admins. */
export class StreakService {
  constructor(private readonly d: StreakDeps) {}

  /** The user's own zone, else the community's: streak days always follow it. */
  private async zoneOf(communityId: string, userId: string): Promise<string> {
    return (await this.d.userZones.get(communityId, userId)) ?? (await this.d.settings.get(communityId)).timezone;
  }

  private async nameOf(communityId: string, userId: string): Promise<string> {
    return (await this.d.boards.names(communityId, [userId])).get(userId)!;
  }

  async show(inv: Invocation, userId: string): Promise<Reply> {
    const self = userId === inv.userId;
    const [stored, timezone, who] = await Promise.all([
      this.d.streaks.state(inv.communityId, userId), this.zoneOf(inv.communityId, userId), self ? 'You' : this.nameOf(inv.communityId, userId),
    ]);
    const state = stored ?? NO_STREAK;
    const today = dayNumber(inv.now, timezone);
    const live = liveStreak(state, today);
    const [cap, reminder] = await Promise.all([
      this.d.settings.get(inv.communityId).then((c) => c.freezeCap),
      self ? this.d.reminders?.state(inv.communityId, userId) : undefined,
    ]);
    const note = live.current === 0
      ? 'Answer a question today to start a streak.'
      : live.answeredToday ? 'Today is done. Come back tomorrow to keep it going.' : 'Answer a question today to keep it alive!';
    const marks = recentDays(state, today);
    const head = `Current streak: **${live.current}** day${live.current === 1 ? '' : 's'} · best: **${state.best}** · freezes: **${live.freezes}**/${cap}`;
    return {
      visibility: self ? 'private' : 'channel', tone: 'info',
      title: `🔥 ${self ? 'Your' : `${who}'s`} streak`,
      body: `${self ? `${head}\n${note}` : head}\n\n${calendarText(marks)}\n${CALENDAR_LEGEND}\n${calendarSummary(marks)}`,
      footer: `Days are counted in ${timezone}. A freeze covers a missed day by itself; every ${DAYS_PER_FREEZE} days in a row earn one (hold up to ${cap}).${reminder ? ` ${streakReminderTip(reminder)}` : ''}`,
    };
  }

  /** The newest streak changes; someone else's only for admins (restore reasons are admin notes). */
  async log(inv: Invocation, userId: string): Promise<Reply> {
    const self = userId === inv.userId;
    if (!self && !inv.isAdmin) throw new PermissionError('Only admins can see someone else\'s streak log. `/streak log` shows yours.');
    const [entries, total, timezone] = await Promise.all([
      this.d.streaks.log(inv.communityId, userId, LOG_SHOWN), this.d.streaks.logLength(inv.communityId, userId), this.zoneOf(inv.communityId, userId),
    ]);
    const who = self ? 'Your' : `${await this.nameOf(inv.communityId, userId)}'s`;
    if (entries.length === 0) return { visibility: 'private', tone: 'info', body: `${self ? 'You have' : `${who.slice(0, -2)} has`} no streak changes yet.` };
    const admins = [...new Set(entries.flatMap((e) => (e.k === 'restore' ? [e.by] : [])))];
    const names = await this.d.boards.names(inv.communityId, admins);
    return {
      visibility: 'private', tone: 'info', title: `📜 ${who} streak log`,
      body: entries.map((e) => logLine(e, (id) => names.get(id) ?? id)).join('\n'),
      footer: `Newest first; days in ${timezone}. Showing ${entries.length} of ${total}; the log keeps the last ${STREAK_LOG_LIMIT} changes.`,
    };
  }

  /** An admin sets someone's streak, with a reason that goes into their log. */
  async restore(inv: Invocation, userId: string | undefined, days: number | undefined, rawReason: string | undefined): Promise<Reply> {
    if (!inv.isAdmin) throw new PermissionError('Only admins can restore a streak. Ask an admin if yours broke through no fault of yours.');
    if (!userId) throw new UserError(`Say whose streak to restore: ${USAGE}.`);
    if (days === undefined) throw new UserError(`Say how many days to restore the streak to: ${USAGE}.`);
    const reason = cleanReason(rawReason);
    if (!reason) throw new UserError(`A reason is required; it is kept in the user's streak log: ${USAGE}.`);
    if (reason.length > MAX_RESTORE_REASON) throw new UserError(`The reason is ${reason.length} characters; the limit is ${MAX_RESTORE_REASON}. Nothing was changed.`);
    const timezone = await this.zoneOf(inv.communityId, userId);
    const res = await this.d.streaks.restore({ communityId: inv.communityId, userId, today: dayNumber(inv.now, timezone), days, by: inv.userId, byName: inv.displayName, reason });
    const who = userId === inv.userId ? 'your' : `${await this.nameOf(inv.communityId, userId)}'s`;
    if (res.status === 'none') throw new UserError(`There is no streak to restore: ${who === 'your' ? 'you have' : `${who.slice(0, -2)} has`} not answered here yet.`);
    return {
      visibility: 'private', tone: 'success',
      body: `Restored ${who} streak to **${plural(res.current, 'day')}** (it was ${res.previous}). The change and your reason are in the streak log.`,
    };
  }
}

/** The reason as one line: an optional leading "reason:" dropped, whitespace and control characters collapsed. */
export function cleanReason(raw: string | undefined): string {
  return (raw ?? '').replace(/^\s*reason\s*[:=]\s*/i, '').replace(/[\s\p{Cc}]+/gu, ' ').trim();
}
