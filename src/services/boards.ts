import type { Invocation } from '../core/command.js';
import type { Field, Reply } from '../core/reply.js';
import { calendarAt, dayNumber } from '../domain/calendar.js';
import { liveStreak } from '../domain/streak.js';
import { TRACKS } from '../domain/question.js';
import type { BoardEntry, BoardRepository } from '../store/boards.js';
import { communityKeys } from '../store/keys.js';
import { plural } from '../views/words.js';
import type { SettingsRepository } from '../store/settings.js';
import type { PrivacyRepository } from '../store/privacy.js';
import { leaderboardCardSvg } from '../render/leaderboard-card.js';
import { svgToPng } from '../render/png.js';
import { leaderboardAlt, leaderboardCard } from '../views/leaderboard.js';

export type Period = 'week' | 'month' | 'all';
const PERIOD_TITLE: Record<Period, string> = { week: 'this week', month: 'this month', all: 'all time' };
const MEDALS = ['🥇', '🥈', '🥉'];
const TOP = 10;

/** Boards and streak leaders leave out the members who hide themselves (`/privacy hide`); teams are always shown. */
export class BoardService {
  constructor(private readonly boards: BoardRepository, private readonly settings: SettingsRepository, readonly privacy: PrivacyRepository) {}

  async boardKey(communityId: string, period: Period, teams: boolean, now: Date): Promise<{ key: string; label: string }> {
    const { timezone } = await this.settings.get(communityId);
    const p = calendarAt(now, timezone).periods;
    const k = communityKeys(communityId);
    const id = period === 'week' ? p.week : period === 'month' ? p.month : undefined;
    const key = teams ? k.teamBoard(period, id) : k.board(period, id);
    return { key, label: `${PERIOD_TITLE[period]}${id ? ` (${id})` : ''}` };
  }

  async topEntries(communityId: string, period: Period, teams: boolean, now: Date, limit = TOP): Promise<{ entries: BoardEntry[]; label: string; key: string; hidden: ReadonlySet<string> }> {
    const { key, label } = await this.boardKey(communityId, period, teams, now);
    const hidden = teams ? new Set<string>() : await this.privacy.hidden(communityId);
    return { entries: await this.entries(communityId, key, teams, 0, limit, hidden), label, key, hidden };
  }

  /** A page of a board (people or teams) with names, hidden members left out. */
  async entries(communityId: string, key: string, teams: boolean, offset: number, count: number, hidden: ReadonlySet<string>): Promise<BoardEntry[]> {
    const entries = await this.boards.page(key, offset, count, hidden);
    if (!teams) {
      const names = await this.boards.names(communityId, entries.map((e) => e.member));
      for (const e of entries) e.name = names.get(e.member);
    } else for (const e of entries) e.name = e.member;
    return entries;
  }

  async leaderboard(inv: Invocation, period: Period, teams: boolean, image = false): Promise<Reply> {
    const { key, label } = await this.boardKey(inv.communityId, period, teams, inv.now);
    // The caller's place: their own rank, or (for the image of a team board) their team's.
    const member = teams ? (image ? await this.boards.teamOf(inv.communityId, inv.userId) : undefined) : inv.userId;
    // One round trip: top entries with names, the caller's rank and the board's size, hidden members left out.
    const k = communityKeys(inv.communityId);
    const view = await this.boards.view(key, TOP, teams ? { member } : { names: k.names, member, hidden: k.hidden });
    const entries = view.entries;
    if (teams) for (const e of entries) e.name = e.member;
    const title = `🏆 ${teams ? 'Team' : ''}${teams ? ' leaderboard' : 'Leaderboard'}: ${label}`;
    const hiddenNote = !teams && view.memberHidden ? 'You are hidden from the boards (`/privacy show` to appear).' : undefined;
    if (entries.length === 0) {
      return { visibility: 'channel', tone: 'info', title, body: 'Nobody has scored yet. Be the first: `/quiz`.', footer: hiddenNote };
    }
    const lines = entries.map(formatEntry);
    let footer: string | undefined;
    if (hiddenNote) footer = hiddenNote;
    else if (!teams && !entries.some((e) => e.member === inv.userId)) {
      const mine = view.own;
      footer = mine ? `You: #${mine.rank} with ${plural(mine.score, 'point')}.` : period === 'all' ? 'You have no points yet.' : `You have no points ${PERIOD_TITLE[period]} yet.`;
    }
    if (view.total > entries.length) footer = `${footer ? `${footer} ` : ''}${plural(view.total, teams ? 'team' : 'player')} in all.`;
    const reply: Reply = { visibility: 'channel', tone: 'info', title, body: lines.join('\n'), footer };
    if (!image) return reply;
    const tags = teams ? new Map<string, string>() : await this.boards.teamsOf(inv.communityId, entries.map((e) => e.member));
    const card = leaderboardCard({ teams, label, entries, tags, member, mine: view.own, total: view.total, period: PERIOD_TITLE[period] });
    const png = await svgToPng(leaderboardCardSvg(card));
    return { ...reply, image: { png: png.png, width: png.width, height: png.height, fileName: 'leaderboard.png', alt: leaderboardAlt(card) } };
  }

  async stats(inv: Invocation, userId: string): Promise<Reply> {
    const stats = await this.boards.userStats(inv.communityId, userId);
    const self = userId === inv.userId;
    const who = self ? 'You' : await this.nameOf(inv.communityId, userId);
    if (!stats || stats.answered === 0) {
      return { visibility: 'private', tone: 'info', body: `${self ? 'You have' : `${who} has`} not answered any question here yet.${self ? ' Try `/quiz`.' : ''}` };
    }
    const graded = stats.answered - stats.open;
    const accuracy = graded > 0 ? `${Math.round((100 * stats.correct) / graded)}%` : 'n/a';
    const fields: Field[] = [
      { name: 'Answered', value: String(stats.answered), inline: true },
      { name: 'Accuracy', value: `${accuracy} (${stats.correct}/${graded} auto-graded)`, inline: true },
      { name: 'Points', value: String(stats.points), inline: true },
    ];
    const rows = TRACKS.filter((t) => stats.byTrack[t]).map((t) => {
      const s = stats.byTrack[t]!;
      return `• **${t}**: ${s.answered} answered, ${s.correct} correct`;
    });
    if (rows.length) fields.push({ name: 'By track', value: rows.join('\n') });
    const sa = stats.selfAssessed;
    if (sa.got + sa.partly + sa.missed > 0) fields.push({ name: 'Open questions (self-assessed)', value: `✅ ${sa.got} · 🤔 ${sa.partly} · ❌ ${sa.missed}` });
    const hints = stats.hints;
    fields.push({
      name: 'Hints',
      value: hints.taken === 0 ? 'none taken' : `${hints.taken} taken · ${hints.answered} answer${hints.answered === 1 ? '' : 's'} after a hint, ${hints.correct} correct`,
      inline: true,
    });
    if (stats.team) fields.push({ name: 'Team', value: stats.team, inline: true });
    fields.push({ name: 'Best streak', value: plural(stats.streak.best, 'day'), inline: true });
    const chart = self ? '`/progress`' : `\`/progress @${who}\``;
    return {
      visibility: self ? 'private' : 'channel', tone: 'info', title: `📊 ${self ? 'Your' : `${who}'s`} stats`, body: '', fields,
      footer: `See ${chart} for the chart: mastery by track and topic, 12 weeks of activity and readiness.`,
    };
  }

  /** Live streak leaders (streaks that are still alive today), hidden members left out. */
  async streakLeaders(communityId: string, now: Date, limit = 3): Promise<{ name: string; streak: number }[]> {
    const [{ timezone }, hidden] = await Promise.all([this.settings.get(communityId), this.privacy.hidden(communityId)]);
    const candidates = await this.boards.streakCandidates(communityId, 50 + hidden.size);
    // Each streak is judged on the day in its owner's zone; kept alive by a freeze counts.
    const live = candidates
      .filter((c) => !hidden.has(c.userId))
      .map((c) => ({ userId: c.userId, streak: liveStreak(c.state, dayNumber(now, c.tz ?? timezone)).current }))
      .filter((c) => c.streak > 0)
      .slice(0, limit);
    const names = await this.boards.names(communityId, live.map((c) => c.userId));
    return live.map((c) => ({ name: names.get(c.userId)!, streak: c.streak }));
  }

  async nameOf(communityId: string, userId: string): Promise<string> {
    return (await this.boards.names(communityId, [userId])).get(userId)!;
  }
}

export function formatEntry(e: BoardEntry): string {
  const badge = e.rank <= 3 ? MEDALS[e.rank - 1] : `#${e.rank}`;
  return `${badge} **${e.name ?? e.member}**: ${e.score} pts`;
}
