import { z } from 'zod';
import { defineCommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { checkReminderTime, DEFAULT_REMINDER_TIME } from '../src/domain/reminder.js';

export default defineCommand({
  name: 'remind',
  description: 'A direct message before your streak breaks, on days you have not answered yet',
  options: z.object({
    action: z.enum(['on', 'off', 'show']).default('show').describe('on (with a time), off, or show (default)'),
    time: z.string().max(20).optional().describe(`on: the time in your time zone, 24-hour HH:MM (default ${DEFAULT_REMINDER_TIME})`),
  }),
  examples: ['/remind on', '/remind on 07:30', '/remind off', '/remind'],
  run: (ctx, args) => {
    const r = ctx.services.reminders;
    if (args.action === 'on') return r.on(ctx, args.time);
    if (args.time !== undefined) {
      const time = checkReminderTime(args.time);
      throw new UserError(time.ok
        ? `A time is only for \`/remind on\`, e.g. \`/remind on ${time.time}\`. Nothing was changed.`
        : `"${args.time.slice(0, 20)}" is not something /remind understands. Use \`/remind on [HH:MM]\`, \`/remind off\` or \`/remind\`. Nothing was changed.`);
    }
    return args.action === 'off' ? r.off(ctx) : r.show(ctx);
  },
});
