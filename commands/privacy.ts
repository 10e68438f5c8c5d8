import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'privacy',
  description: 'Hide yourself from the leaderboards and the dashboard, or show yourself again',
  options: z.object({ mode: z.enum(['hide', 'show']).optional().describe('hide or show (leave out to see your setting)') }),
  examples: ['/privacy', '/privacy hide', '/privacy show'],
  run: (ctx, args) => (args.mode ? ctx.services.privacy.set(ctx, args.mode === 'hide') : ctx.services.privacy.status(ctx)),
});
