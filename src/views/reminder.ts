import { instant, type Reply } from '../core/reply.js';
import { formatLocalDate, localDate } from '../domain/calendar.js';
import { DEFAULT_REMINDER_TIME, stakeLine } from '../domain/reminder.js';
import type { Question } from '../domain/question.js';
import type { Post } from '../store/posts.js';
import { questionCard, questionHeader } from './question.js';

const OFF_TIP = `\`/remind on\` (${DEFAULT_REMINDER_TIME}) or \`/remind on 07:30\` sends you a direct message with a one-tap question on days you have not answered yet, before your streak breaks.`;

/**
 * The direct message: what is at stake today, and a choice question answered with one tap, saying whether it is a
 * review that is due or a new question.
 */
export function reminderCard(q: Question, post: Post, live: { current: number; freezes: number }, cap: number, time: string, zone: string, review: boolean): Reply {
  const card = questionCard(q, post, { channel: false });
  const title = live.current > 0 ? `⏰ Keep your ${live.current}-day streak` : '⏰ Time for today\'s question';
  const kind = review
    ? '🔁 **A review due today**: a question you answered before, the one you are most likely to have forgotten.'
    : '✨ **A new question** for you.';
  return {
    ...card,
    title,
    body: `${stakeLine(live)}\n\n${kind}\n**${questionHeader(q)}**\n${card.body}`,
    footer: `Tap an option to answer; it counts for today. Freezes: ${live.freezes}/${cap}. Reminders come at ${time} (${zone}) on days without an answer; \`/remind off\` stops them.`,
  };
}

export function remindOnReply(time: string, zone: string, next: Date | undefined, platform: string): Reply {
  const when = next ? ` Next check: ${instant(next, zone)}.` : '';
  const dms = platform === 'discord' ? ' The bot can only reach you while you allow direct messages from this server\'s members.' : '';
  return {
    visibility: 'private', tone: 'success', title: '⏰ Reminders on',
    body: `At **${time}** (${zone}), on a day you have not answered yet, you get a direct message with a one-tap question.${when}${dms}`,
    footer: 'Days follow your own time zone (`/settings mytimezone`). `/remind off` stops them; `/remind` shows them.',
  };
}

export function remindOffReply(wasOn: boolean): Reply {
  return { visibility: 'private', tone: 'info', body: wasOn ? `⏰ Reminders off. ${OFF_TIP}` : `⏰ Reminders were already off. ${OFF_TIP}` };
}

/** How to get direct messages going again, where the platform has a setting for it (Slack's reasons say it themselves). */
const DM_FIX: Record<string, string> = {
  discord: 'Fix that (for example allow direct messages from this server\'s members) and',
};

export function remindShowReply(s: { time?: string; on: boolean; stopped?: { reason: string; at: number }; lastSentDay?: number; zone: string; next?: Date; answeredToday: boolean }, platform?: string): Reply {
  if (!s.on) {
    const why = s.stopped
      ? `The bot turned them off on ${formatLocalDate(localDate(new Date(s.stopped.at), s.zone))} because it could not send you a direct message: ${s.stopped.reason}. ${DM_FIX[platform ?? ''] ?? 'Once that is fixed,'} turn them on again with \`/remind on${s.time ? ` ${s.time}` : ''}\`.`
      : s.time ? `They were at ${s.time}; \`/remind on\` turns them on again.` : OFF_TIP;
    return { visibility: 'private', tone: s.stopped ? 'warning' : 'info', title: '⏰ Reminders are off', body: why };
  }
  const today = s.answeredToday ? 'You have answered today, so nothing is sent today.' : 'You have not answered today yet.';
  const next = s.next ? `\nNext check: ${instant(s.next, s.zone)}; it is sent only if you have not answered that day by then.` : '';
  return {
    visibility: 'private', tone: 'info', title: '⏰ Reminders are on',
    body: `Every day at **${s.time}** (${s.zone}). ${today}${next}`,
    footer: '`/remind on HH:MM` changes the time; `/remind off` stops them.',
  };
}

/** After a change of the user's zone: where their reminder now falls ('' when reminders are off). */
export function reminderMovedLine(r: { time: string; zone: string; next?: Date } | undefined): string {
  if (!r) return '';
  return `\n⏰ Your reminder now comes at ${r.time} in ${r.zone}${r.next ? `; next check: ${instant(r.next, r.zone)}` : ''}.`;
}

/** One line for `/streak`: how reminders can keep the streak alive. */
export function streakReminderTip(r: { on: boolean; time?: string }): string {
  return r.on ? `A reminder comes at ${r.time} on days without an answer (\`/remind off\` stops it).` : 'Never miss a day: `/remind on` sends a reminder before your streak breaks.';
}
