import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { MAX_RESTORE_DAYS, MAX_RESTORE_REASON } from '../src/domain/streak.js';

export default defineCommand({
  name: 'streak',
  description: 'Your (or someone\'s) daily streak, freezes and last 30 days; its log; admins can restore it',
  options: z.object({
    action: z.enum(['show', 'log', 'restore']).default('show').describe('show (default), log of changes, or restore (admin)'),
    user: z.string().optional().meta({ description: 'Whose streak (default: yours)', kind: 'user' }),
    days: z.number().int().min(1).max(MAX_RESTORE_DAYS).optional().describe('restore: the streak to set, in days'),
    reason: z.string().max(MAX_RESTORE_REASON).optional().meta({ description: 'restore: why (required; kept in the log)', kind: 'rest' }),
  }),
  examples: ['/streak', '/streak @alice', '/streak log', '/streak restore @alice 12 the bot was down on Monday'],
  run: (ctx, args) => {
    const s = ctx.services.streaks;
    if (args.action === 'restore') return s.restore(ctx, args.user, args.days, args.reason);
    if (args.days !== undefined || args.reason !== undefined) {
      throw new UserError('Days and a reason are only for `/streak restore @user <days> <reason>` (admin).');
    }
    return args.action === 'log' ? s.log(ctx, args.user ?? ctx.userId) : s.show(ctx, args.user ?? ctx.userId);
  },
});
