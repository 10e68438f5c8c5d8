import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'stats',
  description: 'Show answered questions, accuracy by track and points',
  options: z.object({ user: z.string().optional().meta({ description: 'Whose stats (default: yours)', kind: 'user' }) }),
  examples: ['/stats', '/stats @alice'],
  run: (ctx, args) => ctx.services.boards.stats(ctx, args.user ?? ctx.userId),
});
