import type { Invocation } from '../core/command.js';
import type { Field, Reply } from '../core/reply.js';
import { calendarAt, dayNumber } from '../domain/calendar.js';
import { liveStreak } from '../domain/streak.js';
import { TRACKS } from '../domain/question.js';
import type { BoardEntry, BoardRepository } from '../store/boards.js';
import { communityKeys } from '../store/keys.js';
import { plural } from '../views/words.js';
import type { SettingsRepository } from '../store/settings.js';
import { leaderboardCardSvg } from '../render/leaderboard-card.js';
import { svgToPng } from '../render/png.js';
import { leaderboardAlt, leaderboardCard } from '../views/leaderboard.js';

export type Period = 'week' | 'month' | 'all';
const PERIOD_TITLE: Record<Period, string> = { week: 'this week', month: 'this month', all: 'all time' };
const MEDALS = ['🥇', '🥈', '🥉'];
const TOP = 10;

export class BoardService {
  constructor(private readonly boards: BoardRepository, private readonly settings: SettingsRepository) {}

  async boardKey(communityId: string, period: Period, teams: boolean, now: Date): Promise<{ key: string; label: string }> {
    const { timezone } = await this.settings.get(communityId);
    const p = calendarAt(now, timezone).periods;
    const k = communityKeys(communityId);
    const id = period === 'week' ? p.week : period === 'month' ? p.month : undefined;
    const key = teams ? k.teamBoard(period, id) : k.board(period, id);
    return { key, label: `${PERIOD_TITLE[period]}${id ? ` (${id})` : ''}` };
  }

  async topEntries(communityId: string, period: Period, teams: boolean, now: Date, limit = TOP): Promise<{ entries: BoardEntry[]; label: string; key: string }> {
    const { key, label } = await this.boardKey(communityId, period, teams, now);
    const entries = await this.boards.top(key, limit);
    if (!teams) {
      const names = await this.boards.names(communityId, entries.map((e) => e.member));
      for (const e of entries) e.name = names.get(e.member);
    } else for (const e of entries) e.name = e.member;
    return { entries, label, key };
  }

  async leaderboard(inv: Invocation, period: Period, teams: boolean, image = false): Promise<Reply> {
    const { key, label } = await this.boardKey(inv.communityId, period, teams, inv.now);
    // The caller's place: their own rank, or (for the image of a team board) their team's.
    const member = teams ? (image ? await this.boards.teamOf(inv.communityId, inv.userId) : undefined) : inv.userId;
    // One round trip: top entries, names, the caller's rank and the board's size.
    const view = await this.boards.view(key, TOP, { ...(teams ? {} : { names: communityKeys(inv.communityId).names }), member });
    const entries = view.entries;
    if (teams) for (const e of entries) e.name = e.member;
    const title = `🏆 ${teams ? 'Team' : ''}${teams ? ' leaderboard' : 'Leaderboard'}: ${label}`;
    if (entries.length === 0) {
      return { visibility: 'channel', tone: 'info', title, body: 'Nobody has scored yet. Be the first: `/quiz`.' };
    }
    const lines = entries.map(formatEntry);
    let footer: string | undefined;
    if (!teams && !entries.some((e) => e.member === inv.userId)) {
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

  /** Live streak leaders (streaks that are still alive today), ties sharing a rank. */
  async streakLeaders(communityId: string, now: Date, limit = 3): Promise<{ name: string; streak: number }[]> {
    const { timezone } = await this.settings.get(communityId);
    const candidates = await this.boards.streakCandidates(communityId, 50);
    // Each streak is judged on the day in its owner's zone; kept alive by a freeze counts.
    const live = candidates
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
