import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';

export default defineCommand({
  name: 'progress',
  description: 'Your (or someone\'s) progress as an image: mastery by track and topic, 12-week activity, streak, readiness',
  options: z.object({ user: z.string().optional().meta({ description: 'Whose progress (default: yours)', kind: 'user' }) }),
  examples: ['/progress', '/progress @alice'],
  run: (ctx, args) => ctx.services.progress.show(ctx, args.user ?? ctx.userId),
});
