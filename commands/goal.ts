import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'goal',
  description: 'Set, show or clear your interview date; /progress then counts the questions a day you need',
  options: z.object({
    date: z.string().max(40).optional().meta({ description: 'Interview date as YYYY-MM-DD, or clear', kind: 'rest' }),
  }),
  examples: ['/goal', '/goal 2027-01-15', '/goal clear'],
  run: (ctx, args) => ctx.services.progress.goal(ctx, args.date),
});
