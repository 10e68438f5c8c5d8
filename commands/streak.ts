import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'streak',
  description: 'Show your (or someone\'s) daily answering streak',
  options: z.object({ user: z.string().optional().meta({ description: 'Whose streak (default: yours)', kind: 'user' }) }),
  examples: ['/streak', '/streak @alice'],
  run: (ctx, args) => ctx.services.boards.streak(ctx, args.user ?? ctx.userId),
});
