import type { Invocation } from '../core/command.js';
import { UserError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import { MAX_TEAMS, type TeamRepository } from '../store/teams.js';
import type { BoardRepository } from '../store/boards.js';
import { communityKeys } from '../store/keys.js';
import { plural } from '../views/words.js';

/** Names shown per team in /team list; the rest are counted. */
const NAMES_SHOWN = 12;

export const TEAM_NAME = /^[a-z0-9][a-z0-9-]{1,23}$/;

export function normaliseTeamName(raw: string): string {
  const name = raw.trim().toLowerCase().replace(/\s+/g, '-');
  if (!TEAM_NAME.test(name)) {
    throw new UserError('Team names are 2-24 characters: letters, digits and hyphens, starting with a letter or digit (e.g. `gradient-descenders`).');
  }
  return name;
}

export class TeamService {
  constructor(private readonly teams: TeamRepository, private readonly boards: BoardRepository) {}

  async join(inv: Invocation, raw: string): Promise<Reply> {
    const team = normaliseTeamName(raw);
    const res = await this.teams.join(inv.communityId, inv.userId, team);
    switch (res.status) {
      case 'already': return { visibility: 'private', tone: 'info', body: `You are already in **${team}**.` };
      case 'other': throw new UserError(`You are in **${res.team}**. Leave it first with \`/team leave\`; a member belongs to one team at a time.`);
      case 'full': throw new UserError(`This community already has ${MAX_TEAMS} teams. Join an existing one (\`/team list\`).`);
      case 'ok':
        await this.boards.setName(inv.communityId, inv.userId, inv.displayName);
        return { visibility: 'channel', tone: 'success', body: `**${inv.displayName}** joined team **${team}**. Points scored from now on count for the team.` };
    }
  }

  async leave(inv: Invocation): Promise<Reply> {
    const res = await this.teams.leave(inv.communityId, inv.userId);
    if (res.status === 'none') throw new UserError('You are not in a team. Join one with `/team join <name>`.');
    return { visibility: 'private', tone: 'success', body: `You left **${res.team}**. Points it already earned stay with the team.` };
  }

  async list(inv: Invocation): Promise<Reply> {
    const teams = await this.teams.list(inv.communityId);
    if (teams.length === 0) return { visibility: 'private', tone: 'info', body: 'No teams yet. Start one with `/team join <name>`.' };
    const k = communityKeys(inv.communityId);
    const lines = await Promise.all(teams.map(async (t) => {
      const [rank, members] = await Promise.all([this.boards.rankOf(k.teamBoard('all'), t.team), this.teams.members(inv.communityId, t.team)]);
      const names = [...(await this.boards.names(inv.communityId, members.slice(0, 100))).values()].sort((a, b) => a.localeCompare(b)).slice(0, NAMES_SHOWN);
      const more = Math.max(members.length, t.members) - names.length;
      const shown = names.join(', ') + (more > 0 ? ` and ${more} more` : '');
      return `**${t.team}** (${plural(t.members, 'member')}, ${rank?.score ?? 0} pts all time): ${shown || 'nobody yet'}`;
    }));
    return { visibility: 'private', tone: 'info', title: '👥 Teams', body: lines.join('\n') };
  }
}
