import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'leaderboard',
  description: 'Show the top learners (or teams) this week, this month or all time',
  options: z.object({
    period: z.enum(['week', 'month', 'all']).default('week').describe('week, month or all'),
    teams: z.boolean().default(false).describe('Rank teams instead of people'),
  }),
  examples: ['/leaderboard', '/leaderboard month', '/leaderboard all teams:true'],
  run: (ctx, args) => ctx.services.boards.leaderboard(ctx, args.period, args.teams),
});
