import type { Store } from './redis.js';
import { communityKeys } from './keys.js';

export const MAX_TEAMS = 50;

export class TeamRepository {
  constructor(private readonly redis: Store) {}

  async join(communityId: string, userId: string, team: string): Promise<{ status: 'ok' | 'already' | 'other' | 'full'; team?: string }> {
    const k = communityKeys(communityId);
    const [status, current] = await this.redis.joinTeam(k.user(userId), k.team(team), k.teams, userId, team, String(MAX_TEAMS));
    return { status: status as 'ok' | 'already' | 'other' | 'full', team: current };
  }

  async leave(communityId: string, userId: string): Promise<{ status: 'ok' | 'none'; team?: string }> {
    const k = communityKeys(communityId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const team = await this.redis.hget(k.user(userId), 'team');
      if (!team) return { status: 'none' };
      const [status] = await this.redis.leaveTeam(k.user(userId), k.team(team), k.teams, userId, team);
      if (status === 'ok') return { status: 'ok', team };
    }
    return { status: 'none' };
  }

  async list(communityId: string): Promise<{ team: string; members: number }[]> {
    const h = await this.redis.hgetall(communityKeys(communityId).teams);
    return Object.entries(h).map(([team, n]) => ({ team, members: Number(n) })).sort((a, b) => b.members - a.members || a.team.localeCompare(b.team));
  }

  async members(communityId: string, team: string): Promise<string[]> {
    return this.redis.smembers(communityKeys(communityId).team(team));
  }
}
