/** Words for the leaderboard card and its text alternative. */
import { MAX_ALT_TEXT, truncate } from '../core/reply.js';
import type { LeaderboardCardData } from '../render/leaderboard-card.js';
import type { BoardEntry } from '../store/boards.js';
import { plural } from './words.js';

export interface LeaderboardCardInput {
  teams: boolean;
  /** "this week (2026-W48)" */
  label: string;
  period: string;
  entries: BoardEntry[];
  /** Each listed person's team. */
  tags: ReadonlyMap<string, string>;
  /** The caller's board member (themselves, or their team on a team board), and its place. */
  member: string | undefined;
  mine: BoardEntry | undefined;
  total: number;
}

export function leaderboardCard(i: LeaderboardCardInput): LeaderboardCardData {
  const when = i.period === 'all time' ? 'yet' : `${i.period} yet`;
  let you: string;
  if (i.teams && !i.member) you = 'You are not in a team yet: /team join <name>.';
  else if (i.teams) you = i.mine ? `Your team (${i.member}): #${i.mine.rank} with ${plural(i.mine.score, 'point')}` : `Your team (${i.member}) has no points ${when}.`;
  else you = i.mine ? `You: #${i.mine.rank} with ${plural(i.mine.score, 'point')}` : `You have no points ${when}.`;
  return {
    title: i.teams ? 'Team leaderboard' : 'Leaderboard',
    period: `${i.label[0]!.toUpperCase()}${i.label.slice(1)}`,
    rows: i.entries.map((e) => ({ rank: e.rank, name: e.name ?? e.member, score: e.score, tag: i.tags.get(e.member), highlight: e.member === i.member })),
    you,
    footer: `${plural(i.total, i.teams ? 'team' : 'player')} on this board · Daily Gradient`,
  };
}

export function leaderboardAlt(d: LeaderboardCardData): string {
  const rows = d.rows.map((r) => `${r.rank}. ${r.name}${r.tag ? ` (${r.tag})` : ''} ${plural(r.score, 'point')}`).join('; ');
  return truncate(`${d.title}, ${d.period}: ${rows || 'nobody has scored yet'}.${d.you ? ` ${d.you}` : ''}`, MAX_ALT_TEXT);
}
