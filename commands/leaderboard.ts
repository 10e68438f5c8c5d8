import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'leaderboard',
  description: 'Show the top learners (or teams) this week, this month or all time',
  options: z.object({
    period: z.enum(['week', 'month', 'all']).default('week').describe('week, month or all'),
    teams: z.boolean().default(false).describe('Rank teams instead of people'),
    image: z.boolean().default(false).describe('Send the board as an image card'),
  }),
  examples: ['/leaderboard', '/leaderboard month', '/leaderboard all teams:true', '/leaderboard week image:yes'],
  run: (ctx, args) => ctx.services.boards.leaderboard(ctx, args.period, args.teams, args.image),
});
