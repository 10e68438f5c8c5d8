/**
 * What the progress image shows, computed from stored state: mastery by track and topic, the 12-week activity
 * heatmap and readiness. Pure; the service reads the store and the render module draws the result.
 */
import type { Activity, Tally } from './activity.js';
import { accuracy } from './activity.js';
import { dateOfDayNumber, type LocalDate } from './calendar.js';
import { REQUEST_RETENTION, retrievability, utcDay, type Card } from './fsrs.js';
import { TRACKS, type Question, type Track } from './question.js';

/** A question counts as retained while its FSRS retrievability is at least this (the scheduler's own target). */
export const RETAINED_R = REQUEST_RETENTION;
/** A topic is covered (not weak) once this share of its questions is retained. */
export const COVERED_SHARE = 0.6;
export const HEATMAP_WEEKS = 12;
export const HEATMAP_DAYS = HEATMAP_WEEKS * 7;
/** The furthest interview date `/goal` accepts, in days from today. */
export const MAX_GOAL_DAYS = 3 * 366;

/**
 * Retained: recall probability ≥ 0.9, with the day of a review counted as one day later. FSRS gives every card
 * R = 1 on the day it was reviewed, even one just missed; counting that day as a day after means a question
 * is retained only when its memory is stable for at least a day (a miss today is not mastery).
 */
export function isRetained(card: Card, nowMs: number): boolean {
  return retrievability(Math.max(1, utcDay(nowMs) - card.day), card.s) >= RETAINED_R;
}

/** What mastery counts, for a topic or a whole track. */
interface MasteryCounts {
  track: Track;
  /** Questions in the bank. */
  total: number;
  /** Of them, questions the user has a review card for (answered at least once). */
  seen: number;
  retained: number;
  /** retained / total. */
  share: number;
  /** Auto-graded answers and how many were right. */
  tally: Tally;
  /** tally.correct / tally.answered, undefined with no auto-graded answer. */
  accuracy: number | undefined;
}

export interface TopicMastery extends MasteryCounts {
  topic: string;
  /** Retained share ≥ COVERED_SHARE. */
  covered: boolean;
}

export interface TrackMastery extends MasteryCounts {
  /** Every topic of the track is covered. */
  ready: boolean;
  topics: TopicMastery[];
}

/**
 * Mastery per track (in TRACKS order) and topic (alphabetical) over the whole bank. Accuracy counts auto-graded
 * answers (the topic tallies; a track sums its topics), so a track of open questions has none.
 */
export function masteryOf(questions: readonly Question[], cards: ReadonlyMap<string, Card>, tallies: ReadonlyMap<string, Tally>, nowMs: number): TrackMastery[] {
  const topics = new Map<string, TopicMastery>();
  for (const q of questions) {
    let t = topics.get(q.topic);
    if (!t) {
      const tally = tallies.get(q.topic) ?? { answered: 0, correct: 0 };
      t = { track: q.track, topic: q.topic, total: 0, seen: 0, retained: 0, share: 0, tally, accuracy: accuracy(tally), covered: false };
      topics.set(q.topic, t);
    }
    t.total++;
    const card = cards.get(q.id);
    if (card) {
      t.seen++;
      if (isRetained(card, nowMs)) t.retained++;
    }
  }
  const out: TrackMastery[] = [];
  for (const track of TRACKS) {
    const list = [...topics.values()].filter((t) => t.track === track).sort((a, b) => (a.topic < b.topic ? -1 : 1));
    if (list.length === 0) continue;
    for (const t of list) {
      t.share = t.retained / t.total;
      t.covered = t.share >= COVERED_SHARE;
    }
    const sum = (f: (t: TopicMastery) => number) => list.reduce((n, t) => n + f(t), 0);
    const tally = { answered: sum((t) => t.tally.answered), correct: sum((t) => t.tally.correct) };
    const total = sum((t) => t.total);
    const retained = sum((t) => t.retained);
    out.push({
      track, total, seen: sum((t) => t.seen), retained, share: retained / total, tally, accuracy: accuracy(tally),
      ready: list.every((t) => t.covered), topics: list,
    });
  }
  return out;
}

/** The weakest topics the user has started (lowest retained share, then lowest accuracy), for the "work on" list. */
export function weakestTopics(tracks: readonly TrackMastery[], limit: number): TopicMastery[] {
  return tracks.flatMap((t) => t.topics)
    .filter((t) => !t.covered && (t.seen > 0 || t.tally.answered > 0))
    .sort((a, b) => a.share - b.share || (a.accuracy ?? 0) - (b.accuracy ?? 0) || (a.topic < b.topic ? -1 : 1))
    .slice(0, limit);
}

export interface HeatCell {
  day: number;
  date: LocalDate;
  /** 0 = Monday … 6 = Sunday (the row), and the week column, 0 = oldest. */
  weekday: number;
  week: number;
  count: number;
  /** After today: drawn as an outline only. */
  future: boolean;
}

/** Monday = 0 (day number 0, 1970-01-01, was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

/**
 * The 84 cells of the heatmap: 12 week columns from Monday to Sunday, the last one holding today (days after
 * today are `future`). Days are day numbers in the user's zone, as the answer script counted them.
 */
export function heatmapCells(activity: Activity, today: number): HeatCell[] {
  const start = today - weekdayOf(today) - (HEATMAP_WEEKS - 1) * 7;
  return Array.from({ length: HEATMAP_DAYS }, (_, i) => {
    const day = start + i;
    return { day, date: dateOfDayNumber(day), weekday: i % 7, week: Math.floor(i / 7), count: day > today ? 0 : activity.get(day) ?? 0, future: day > today };
  });
}

/** Colour step of a day's count: 0 none, 1 one answer, 2 two or three, 3 four to six, 4 seven or more. */
export function heatLevel(count: number): 0 | 1 | 2 | 3 | 4 {
  return count <= 0 ? 0 : count === 1 ? 1 : count <= 3 ? 2 : count <= 6 ? 3 : 4;
}

export interface Readiness {
  readyTracks: number;
  totalTracks: number;
  weakTopics: number;
  /** Questions still to retain to cover every weak topic. */
  toRetain: number;
  /** With an interview date: days left (today counts, the interview day does not) and questions per day. */
  goal?: { date: string; daysLeft: number; perDay: number };
}

/** "Ready in 5 of 8 tracks", and with a goal date the daily number of questions that covers every weak topic by then. */
export function readinessOf(tracks: readonly TrackMastery[], today: number, goal?: { date: string; day: number }): Readiness {
  const weak = tracks.flatMap((t) => t.topics).filter((t) => !t.covered);
  const toRetain = weak.reduce((n, t) => n + Math.max(0, Math.ceil(COVERED_SHARE * t.total) - t.retained), 0);
  const out: Readiness = { readyTracks: tracks.filter((t) => t.ready).length, totalTracks: tracks.length, weakTopics: weak.length, toRetain };
  if (goal) {
    const daysLeft = Math.max(0, goal.day - today);
    out.goal = { date: goal.date, daysLeft, perDay: daysLeft > 0 ? Math.ceil(toRetain / daysLeft) : toRetain };
  }
  return out;
}

/** "2027-01-15" -> its day number, or undefined if it is not a real calendar date. */
export function parseIsoDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round(ms / 86_400_000);
}
