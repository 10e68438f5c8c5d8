import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import type { Bank } from '../domain/bank.js';
import { dayNumber } from '../domain/calendar.js';
import {
  heatmapCells, masteryOf, MAX_GOAL_DAYS, parseIsoDate, readinessOf, weakestTopics, type HeatCell, type Readiness, type TrackMastery,
} from '../domain/progress.js';
import { liveStreak } from '../domain/streak.js';
import { progressCardSvg } from '../render/progress-card.js';
import { svgToPng } from '../render/png.js';
import type { BoardRepository } from '../store/boards.js';
import type { ProgressRepository } from '../store/progress.js';
import type { SettingsRepository, UserZoneRepository } from '../store/settings.js';
import { streakFromHash } from '../store/streak-fields.js';
import { dayLabel, progressAlt, progressBody, progressCard, type ProgressView } from '../views/progress.js';

export interface ProgressDeps {
  bank: Bank;
  progress: ProgressRepository;
  boards: BoardRepository;
  settings: SettingsRepository;
  userZones: UserZoneRepository;
}

/** Everything behind a progress image, computed from the store (tests assert on this model). */
export interface ProgressModel {
  today: number;
  zone: string;
  tracks: TrackMastery[];
  heatmap: HeatCell[];
  readiness: Readiness;
  streak: { current: number; best: number; freezes: number; cap: number };
  goal?: { date: string; day: number };
  /** The user has answered something here. */
  active: boolean;
}

const WEAKEST_SHOWN = 5;
const GOAL_USAGE = '`/goal 2027-01-15` (YYYY-MM-DD), `/goal clear`, or `/goal` to see it';

/** `/progress` (the image and its text) and `/goal` (the interview date readiness counts down to). */
export class ProgressService {
  constructor(private readonly d: ProgressDeps) {}

  private async zoneOf(communityId: string, userId: string): Promise<string> {
    return (await this.d.userZones.get(communityId, userId)) ?? (await this.d.settings.get(communityId)).timezone;
  }

  async model(communityId: string, userId: string, now: Date): Promise<ProgressModel> {
    const [zone, settings] = await Promise.all([this.zoneOf(communityId, userId), this.d.settings.get(communityId)]);
    const stored = await this.d.progress.read(communityId, userId, now.getTime());
    const today = dayNumber(now, zone);
    const tracks = masteryOf(this.d.bank.questions, stored.cards, stored.topics, now.getTime());
    const goalDay = stored.user.goal ? parseIsoDate(stored.user.goal) : undefined;
    const goal = goalDay !== undefined ? { date: stored.user.goal!, day: goalDay } : undefined;
    const streak = streakFromHash(stored.user);
    const live = liveStreak(streak, today);
    return {
      today, zone, tracks, heatmap: heatmapCells(stored.activity, today), readiness: readinessOf(tracks, today, goal), goal,
      streak: { current: live.current, best: streak.best, freezes: live.freezes, cap: settings.freezeCap },
      active: Number(stored.user.answered ?? 0) > 0 || stored.cards.size > 0,
    };
  }

  async show(inv: Invocation, userId: string): Promise<Reply> {
    const self = userId === inv.userId;
    const [m, name] = await Promise.all([
      this.model(inv.communityId, userId, inv.now),
      this.d.boards.names(inv.communityId, [userId]).then((names) => names.get(userId)!),
    ]);
    if (!m.active) {
      return { visibility: 'private', tone: 'info', body: `${self ? 'You have' : `${name} has`} not answered any question here yet.${self ? ' Try `/quiz`, then come back for your chart.' : ''}` };
    }
    const view: ProgressView = {
      who: self ? 'Your' : name, name, self, today: m.today, zone: m.zone, tracks: m.tracks, weakest: weakestTopics(m.tracks, WEAKEST_SHOWN),
      heatmap: m.heatmap, streak: m.streak, readiness: m.readiness, goalDay: m.goal?.day,
    };
    const image = await svgToPng(progressCardSvg(progressCard(view)));
    return {
      visibility: self ? 'private' : 'channel', tone: 'info', title: `📈 ${self ? 'Your' : `${name}'s`} progress`,
      body: progressBody(view),
      footer: self && !m.goal ? 'Interview coming up? `/goal 2027-01-15` turns readiness into questions a day.' : undefined,
      image: { png: image.png, width: image.width, height: image.height, fileName: 'progress.png', alt: progressAlt(view) },
    };
  }

  /** `/goal [date|clear]`: shows, sets or clears the caller's interview date. */
  async goal(inv: Invocation, raw: string | undefined): Promise<Reply> {
    const arg = raw?.trim().toLowerCase() ?? '';
    const zone = await this.zoneOf(inv.communityId, inv.userId);
    const today = dayNumber(inv.now, zone);
    if (arg === '') {
      const date = await this.d.progress.goal(inv.communityId, inv.userId);
      const day = date ? parseIsoDate(date) : undefined;
      if (!date || day === undefined) {
        return { visibility: 'private', tone: 'info', body: `No interview date set. ${GOAL_USAGE.split(', `/goal` ')[0]} sets one; \`/progress\` then shows how many questions a day cover your weak topics by then.` };
      }
      const left = day - today;
      const when = left > 0 ? `${left} day${left === 1 ? '' : 's'} from today` : left === 0 ? 'today' : 'passed';
      return { visibility: 'private', tone: 'info', body: `Your interview date: **${dayLabel(day)}** (${when}). Change it with \`/goal YYYY-MM-DD\` or remove it with \`/goal clear\`.` };
    }
    if (['clear', 'none', 'reset', 'off'].includes(arg)) {
      await this.d.progress.setGoal(inv.communityId, inv.userId, undefined);
      return { visibility: 'private', tone: 'success', body: 'Interview date cleared. `/progress` shows how many tracks you are ready in.' };
    }
    const day = parseIsoDate(arg);
    if (day === undefined) throw new UserError(`"${arg.slice(0, 40)}" is not a date. Use ${GOAL_USAGE}.`);
    if (day <= today) throw new UserError(`The interview date must be after today (${dayLabel(today)} in ${zone}). Nothing was changed.`);
    if (day - today > MAX_GOAL_DAYS) throw new UserError(`That is more than three years away; pick a date before ${dayLabel(today + MAX_GOAL_DAYS + 1)}. Nothing was changed.`);
    await this.d.progress.setGoal(inv.communityId, inv.userId, arg);
    const left = day - today;
    return {
      visibility: 'private', tone: 'success',
      body: `Interview date set: **${dayLabel(day)}**, ${left} day${left === 1 ? '' : 's'} from today. \`/progress\` now shows how many questions a day cover your weak topics by then.`,
    };
  }
}
