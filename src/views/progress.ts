/** Words for the progress image and its text summary (the body and alt text that go with it). */
import { MAX_ALT_TEXT, truncate } from '../core/reply.js';
import { dateOfDayNumber } from '../domain/calendar.js';
import { COVERED_SHARE, HEATMAP_WEEKS, type HeatCell, type Readiness, type TopicMastery, type TrackMastery } from '../domain/progress.js';
import type { ProgressCardData } from '../render/progress-card.js';
import { plural } from './words.js';

const pct = (share: number | undefined) => (share === undefined ? 'n/a' : `${Math.round(share * 100)}%`);
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Fri 15 Jan 2027" for a day number. */
export function dayLabel(day: number): string {
  const d = dateOfDayNumber(day);
  return `${WEEKDAYS[(((day + 3) % 7) + 7) % 7]} ${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
}

export interface ProgressView {
  /** "Your progress" or "Alice's progress". */
  who: string;
  name: string;
  self: boolean;
  today: number;
  zone: string;
  tracks: TrackMastery[];
  weakest: TopicMastery[];
  heatmap: HeatCell[];
  streak: { current: number; best: number; freezes: number; cap: number };
  readiness: Readiness;
  goalDay?: number;
}

/** The readiness line: tracks ready, or with an interview date the questions a day that cover the weak topics by then. */
export function readinessLine(r: Readiness, goalDay: number | undefined): string {
  const base = `Ready in ${r.readyTracks} of ${r.totalTracks} tracks`;
  if (!r.goal || goalDay === undefined) {
    return r.weakTopics === 0 ? `${base} · every topic covered` : `${base} · ${plural(r.weakTopics, 'topic')} to cover (${plural(r.toRetain, 'question')} to retain)`;
  }
  const when = dayLabel(goalDay);
  if (r.goal.daysLeft === 0) return `Interview on ${when}: ${base.toLowerCase()}`;
  if (r.toRetain === 0) return `Interview on ${when}: every topic covered, keep reviewing · ${plural(r.goal.daysLeft, 'day')} left`;
  return `Interview on ${when}: ${plural(r.goal.perDay, 'question')} a day ${r.goal.perDay === 1 ? 'covers' : 'cover'} ${plural(r.weakTopics, 'weak topic')} (${r.toRetain} to retain in ${plural(r.goal.daysLeft, 'day')})`;
}

export function activityTotals(cells: readonly HeatCell[]): { answers: number; days: number } {
  const past = cells.filter((c) => !c.future);
  return { answers: past.reduce((n, c) => n + c.count, 0), days: past.filter((c) => c.count > 0).length };
}

const topicLine = (t: TopicMastery) => `${t.topic} (${t.track}): ${pct(t.share)} retained, ${pct(t.accuracy)} accuracy`;

export function progressCard(v: ProgressView): ProgressCardData {
  const act = activityTotals(v.heatmap);
  const goal = v.readiness.goal;
  return {
    title: `${v.self ? 'Your' : `${v.name}'s`} progress`,
    subtitle: `${dayLabel(v.today)} · days in ${v.zone} · Daily Gradient`,
    tiles: [
      { label: 'CURRENT STREAK', value: String(v.streak.current), note: v.streak.current === 1 ? 'day' : 'days' },
      { label: 'BEST STREAK', value: String(v.streak.best), note: v.streak.best === 1 ? 'day' : 'days' },
      { label: 'FREEZES HELD', value: `${v.streak.freezes} / ${v.streak.cap}` },
      goal && goal.daysLeft > 0
        ? { label: 'QUESTIONS A DAY', value: String(goal.perDay), note: `${plural(goal.daysLeft, 'day')} left` }
        : { label: 'TRACKS READY', value: `${v.readiness.readyTracks} / ${v.readiness.totalTracks}` },
    ],
    readiness: readinessLine(v.readiness, v.goalDay),
    tracks: v.tracks,
    heatmap: v.heatmap,
    activity: `${plural(act.answers, 'answer')} on ${plural(act.days, 'day')}`,
    focusTitle: 'Work on next',
    focus: v.weakest.length > 0
      ? v.weakest.map((t) => ({ label: t.topic, detail: `${pct(t.share)} retained · ${t.accuracy === undefined ? 'open questions' : `${pct(t.accuracy)} acc.`}` }))
      : [{ label: 'Nothing started yet', detail: 'try /quiz' }],
    footer: `Retained: FSRS recall ≥ 90% (a miss today does not count). A topic is covered at ${Math.round(COVERED_SHARE * 100)}% retained; a track is ready when all its topics are.`,
  };
}

/** The text that goes with the image (embed description, Slack message, console). */
export function progressBody(v: ProgressView): string {
  const act = activityTotals(v.heatmap);
  const lines = [
    `**${readinessLine(v.readiness, v.goalDay)}**`,
    `Streak: **${v.streak.current}** (best ${v.streak.best}) · freezes ${v.streak.freezes}/${v.streak.cap} · last ${HEATMAP_WEEKS} weeks: ${plural(act.answers, 'answer')} on ${plural(act.days, 'day')}`,
    '',
    ...v.tracks.map((t) => `• **${t.track}**: ${pct(t.share)} retained (${t.retained}/${t.total}) · ${pct(t.accuracy)} accuracy${t.ready ? ' · ready ✓' : ''}`),
  ];
  if (v.weakest.length > 0) lines.push('', `Work on next: ${v.weakest.map((t) => `${t.topic} (${pct(t.share)})`).join(', ')}`);
  return lines.join('\n');
}

/** One paragraph for screen readers: what the picture shows. */
export function progressAlt(v: ProgressView): string {
  const act = activityTotals(v.heatmap);
  const retained = v.tracks.reduce((n, t) => n + t.retained, 0);
  const total = v.tracks.reduce((n, t) => n + t.total, 0);
  const tracks = v.tracks.map((t) => `${t.track} ${pct(t.share)} retained, ${pct(t.accuracy)} accuracy`).join('; ');
  const weak = v.weakest.length ? ` Weakest topics: ${v.weakest.map(topicLine).join('; ')}.` : '';
  const text = `${v.self ? 'Your' : `${v.name}'s`} progress chart. ${readinessLine(v.readiness, v.goalDay)}. `
    + `Retains ${retained} of ${total} questions. Streak ${v.streak.current} days, best ${v.streak.best}, ${v.streak.freezes} of ${v.streak.cap} freezes held. `
    + `${plural(act.answers, 'answer')} on ${plural(act.days, 'day')} in the last ${HEATMAP_WEEKS} weeks. By track: ${tracks}.${weak}`;
  return truncate(text, MAX_ALT_TEXT);
}
