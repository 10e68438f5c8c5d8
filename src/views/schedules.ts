import { channelRef, instant, truncate, type Field, type Reply } from '../core/reply.js';
import { formatWindow } from '../schedule/when.js';
import type { Schedule, ScheduleState } from '../store/schedules.js';
import { plural } from './words.js';

/**
 * Schedules per page of `/schedule show`. A page of the longest entries (a failure reason, a long label and zone) stays
 * well inside Discord's 6000 characters per embed and Slack's 50 blocks, so nothing on a page is ever cut.
 */
export const SCHEDULES_PER_PAGE = 10;
const REASON_IN_LIST = 120;
const REASON_IN_DETAIL = 900;

export interface ScheduleRow {
  schedule: Schedule;
  state: ScheduleState;
  /** The next post, unless paused. */
  next?: Date;
  /** How many questions the schedule's filters match. */
  questions: number;
}

/** A schedule whose post, reveal or recap failed for good, and has not worked since. */
export const isFailing = (st: ScheduleState): boolean => Boolean(st.lastError || st.revealError || st.recapError);

/** Failing schedules first, then by next post (paused ones last), then by id. */
export function orderSchedules(rows: ScheduleRow[]): ScheduleRow[] {
  const next = (r: ScheduleRow) => r.next?.getTime() ?? Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => Number(isFailing(b.state)) - Number(isFailing(a.state)) || next(a) - next(b) || a.schedule.id.localeCompare(b.schedule.id));
}

/** One page of the community's schedules: each with its channel, next post and the most pressing problem. */
export function scheduleList(rows: ScheduleRow[], o: { page: number; channelId: string; timezone: string }): Reply {
  const ordered = orderSchedules(rows);
  const pages = Math.max(1, Math.ceil(ordered.length / SCHEDULES_PER_PAGE));
  const from = (o.page - 1) * SCHEDULES_PER_PAGE;
  const shown = ordered.slice(from, from + SCHEDULES_PER_PAGE);
  const failing = ordered.filter((r) => isFailing(r.state)).length;
  const fields: Field[] = shown.map((r) => {
    const s = r.schedule;
    const mark = isFailing(r.state) ? '⚠️ ' : s.paused ? '⏸ ' : '';
    const topics = truncate([...s.filter.tracks, ...s.filter.topics].join(', ') || 'all topics', 60);
    const lines = [
      `${where(s, o.channelId)} · ${topics}`,
      s.paused ? 'Paused' : `Next: ${r.next ? instant(r.next, o.timezone) : 'none'}`,
    ];
    const [first, ...more] = problemLines(r.state, o.timezone, REASON_IN_LIST);
    if (first) lines.push(more.length ? `${first} (and ${plural(more.length, 'more problem')})` : first);
    else if (r.state.lastPostAt) lines.push(`Last posted ${instant(r.state.lastPostAt, o.timezone)}`);
    return { name: `${mark}${s.id} · ${truncate(s.label, 60)} · ${truncate(s.timezone, 40)}`, value: lines.join('\n') };
  });
  const to = from + shown.length;
  const order = failing ? ` · ⚠️ ${failing} failing, listed first; then by next post` : ordered.length > 1 ? ', by next post' : '';
  const head = `**${plural(ordered.length, 'schedule')}**${order}.`;
  const more = ordered.length - to;
  const footer = more > 0
    ? `Showing ${from + 1}–${to} of ${ordered.length}; ${more} more: \`/schedule show page:${o.page + 1}\`. One schedule in full: \`/schedule show <id>\`.`
    : `Showing ${ordered.length === 0 ? 0 : from + 1}–${to} of ${ordered.length}${pages > 1 ? ` (page ${o.page} of ${pages})` : ''}. One schedule in full: \`/schedule show <id>\`.`;
  return { visibility: 'private', tone: failing ? 'warning' : 'info', title: pages > 1 ? `📅 Schedules · page ${o.page} of ${pages}` : '📅 Schedules', body: head, fields, footer };
}

/** One schedule in full: its settings, channel, next five posts and how its deliveries went. */
export function scheduleDetails(r: ScheduleRow, o: { channelId: string; timezone: string; next: Date[] }): Reply {
  const s = r.schedule;
  const st = r.state;
  const problems: Field[] = problemsOf(st, o.timezone).map((p) => ({
    name: `⚠️ ${p.what}`, value: `${p.at ? `On ${instant(p.at, o.timezone)}: ` : ''}${truncate(p.reason, REASON_IN_DETAIL)}`,
  }));
  return {
    visibility: 'private', tone: isFailing(st) ? 'warning' : 'info', title: `📅 Schedule ${s.id}`,
    body: `${summary(s, r.questions)}\nChannel: ${where(s, o.channelId)}`,
    fields: [
      { name: 'Next posts', value: s.paused ? 'Paused' : o.next.map((d) => instant(d, o.timezone)).join('\n') || 'none' },
      ...problems,
      { name: 'Last posted', value: st.lastPostAt ? instant(st.lastPostAt, o.timezone) : 'Not yet' },
    ],
  };
}

/** "**daily 09:00** (0 9 * * *) in UTC", topics, window and answer mode. */
export function summary(s: Schedule, size: number): string {
  const f = s.filter;
  const what = [...f.tracks, ...f.topics].join(', ') || 'all topics';
  const parts = [
    `**${s.label}** (${s.cron}) in ${s.timezone}`,
    `Topics: ${what}${f.difficulties.length ? ` · ${f.difficulties.join('/')}` : ''}${f.kinds.length ? ` · ${f.kinds.join('/')}` : ''} (${plural(size, 'question')})`,
    `Answer window ${formatWindow(s.windowMinutes)} · answers by ${s.answerMode}${s.recap ? ' · weekly recap' : ''}${s.paused ? ' · ⏸ paused' : ''}`,
  ];
  return parts.join('\n');
}

const where = (s: Schedule, here: string) => (s.channelId === here ? 'this channel' : channelRef(s.channelId));

interface Problem { what: string; at?: number; reason: string }

/** What went wrong and has not worked since, most pressing first: the post, the reveal, the recap, a missed slot. */
function problemsOf(st: ScheduleState, zone: string): Problem[] {
  const out: Problem[] = [];
  if (st.lastError) out.push({ what: 'Last post failed', at: st.lastErrorAt, reason: st.lastError });
  if (st.revealError) out.push({ what: 'Last reveal failed', at: st.revealErrorAt, reason: st.revealError });
  if (st.recapError) out.push({ what: 'Last weekly recap failed', at: st.recapErrorAt, reason: st.recapError });
  if (st.missedSlot) {
    const why = st.missedWhy === 'redis' ? 'the bot could not reach its database' : 'the bot was not running';
    out.push({ what: 'Missed', reason: `${why} at ${instant(st.missedSlot, zone)}, beyond the grace window` });
  }
  return out;
}

/** "⚠️ Last post failed (time): reason", the reason cut to `max`. */
function problemLines(st: ScheduleState, zone: string, max: number): string[] {
  return problemsOf(st, zone).map((p) => `⚠️ ${p.what}${p.at ? ` (${instant(p.at, zone)})` : ''}: ${truncate(p.reason, max)}`);
}
