import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command.js';

const scheduleId = z.string().min(1).max(20).describe('The schedule id shown by /schedule show');

export default defineCommand({
  name: 'schedule',
  description: 'Post a question to this channel on a schedule, then reveal it (admin)',
  subcommands: [
    defineSubcommand({
      name: 'set',
      description: 'Add a schedule to this channel (admin)',
      admin: true,
      options: z.object({
        when: z.string().min(1).max(100).meta({ description: 'daily 09:00, weekdays 18:30, mon,wed 07:15 or a cron expression', kind: 'rest' }),
        tz: z.string().max(64).optional().meta({ description: 'IANA time zone, e.g. Europe/Berlin (default: the community\'s)', kind: 'named' }),
        topics: z.string().max(300).optional().meta({ description: 'Tracks or topics, comma-separated (default: all)', kind: 'named' }),
        difficulty: z.string().max(40).optional().meta({ description: 'easy, medium, hard (comma-separated)', kind: 'named' }),
        kinds: z.string().max(40).optional().meta({ description: 'choice, numeric, open (comma-separated)', kind: 'named' }),
        window: z.string().max(20).optional().meta({ description: 'How long answers are open before the reveal, e.g. 8h (default 8h)', kind: 'named' }),
        mode: z.enum(['buttons', 'reactions', 'both']).optional().meta({ description: 'How choice questions are answered (default both)', kind: 'named' }),
        recap: z.boolean().optional().meta({ description: 'Post a weekly recap with the first question of each week', kind: 'named' }),
      }),
      examples: ['/schedule set daily 09:00 tz:Europe/Berlin', '/schedule set weekdays 18:30 topics:probability,statistics difficulty:medium,hard window:4h mode:reactions recap:yes'],
      run: (ctx, args) => ctx.services.schedules.set(ctx, args),
    }),
    defineSubcommand({
      name: 'show',
      description: 'This community\'s schedules, failing ones first; or one schedule in full by its id',
      options: z.object({
        id: z.string().max(20).optional().describe('A schedule id, for that schedule in full (its next five posts and how its deliveries went)'),
        page: z.number().int().min(1).max(100).optional().meta({ description: 'Which page of the list (10 schedules a page)', kind: 'named' }),
      }),
      examples: ['/schedule show', '/schedule show page:2', '/schedule show 1a2b3c4d'],
      run: (ctx, args) => ctx.services.schedules.show(ctx, args),
    }),
    defineSubcommand({
      name: 'pause', description: 'Pause a schedule (admin)', admin: true,
      options: z.object({ id: scheduleId }),
      examples: ['/schedule pause 1a2b3c4d'],
      run: (ctx, args) => ctx.services.schedules.setPaused(ctx, args.id, true),
    }),
    defineSubcommand({
      name: 'resume', description: 'Resume a paused schedule (admin)', admin: true,
      options: z.object({ id: scheduleId }),
      examples: ['/schedule resume 1a2b3c4d'],
      run: (ctx, args) => ctx.services.schedules.setPaused(ctx, args.id, false),
    }),
    defineSubcommand({
      name: 'remove', description: 'Remove a schedule (admin)', admin: true,
      options: z.object({ id: scheduleId }),
      examples: ['/schedule remove 1a2b3c4d'],
      run: (ctx, args) => ctx.services.schedules.remove(ctx, args.id),
    }),
  ],
});
