import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { checkTimeZone } from '../src/domain/timezone.js';
import { checkFreezeCap, checkPointsPatch, FREEZE_LIMITS, POINTS_LIMITS } from '../src/domain/game-settings.js';
import { hintedPoints } from '../src/domain/hints.js';
import { reminderMovedLine } from '../src/views/reminder.js';

const points = (description: string) => z.number().optional().meta({ description });

export default defineCommand({
  name: 'settings',
  description: 'Community settings',
  subcommands: [
    defineSubcommand({
      name: 'show',
      description: 'Show this community\'s settings',
      run: async (ctx) => {
        const s = await ctx.services.settings.get(ctx.communityId);
        const mine = await ctx.services.userZones.get(ctx.communityId, ctx.userId);
        return {
          visibility: 'private', tone: 'info', title: '⚙️ Settings', body: '',
          fields: [
            { name: 'Community time zone', value: `${s.timezone} (weeks, months and streak days follow it)` },
            { name: 'Your time zone', value: mine ? `${mine} (your streak days follow it)` : 'not set: you follow the community (`/settings mytimezone <zone>`)' },
            { name: 'Points', value: `easy ${s.points.easy} · medium ${s.points.medium} · hard ${s.points.hard} (half after a hint)` },
            { name: 'Hints in channel questions', value: s.channelHints ? 'on' : 'off (practice questions always offer theirs)', inline: true },
            { name: 'Streak freezes', value: `up to ${s.freezeCap} held at once`, inline: true },
          ],
        };
      },
    }),
    defineSubcommand({
      name: 'mytimezone',
      description: 'Set your own time zone for streak days (or "reset")',
      options: z.object({ zone: z.string().min(1).max(64).describe('An IANA time zone, e.g. Asia/Tokyo, or reset') }),
      examples: ['/settings mytimezone Asia/Tokyo', '/settings mytimezone reset'],
      run: async (ctx, args) => {
        if (args.zone.toLowerCase() === 'reset') {
          await ctx.services.userZones.set(ctx.communityId, ctx.userId, undefined);
          const moved = reminderMovedLine(await ctx.services.reminders.replan(ctx));
          return { visibility: 'private', tone: 'success', body: `Your streak days follow the community time zone again.${moved}` };
        }
        const zone = checkTimeZone(args.zone);
        if (!zone.ok) throw new UserError(`${zone.message} Or \`/settings mytimezone reset\` to follow the community.`);
        await ctx.services.userZones.set(ctx.communityId, ctx.userId, zone.zone);
        // A queued reminder follows the new zone at once, so today's is neither skipped nor sent at the old hour.
        const moved = reminderMovedLine(await ctx.services.reminders.replan(ctx));
        return { visibility: 'private', tone: 'success', body: `Your streak days now follow **${zone.zone}**. Leaderboard weeks and months still follow the community.${moved}` };
      },
    }),
    defineSubcommand({
      name: 'timezone',
      description: 'Set the community time zone (admin)',
      admin: true,
      options: z.object({ zone: z.string().min(1).max(64).describe('An IANA time zone, e.g. Europe/Berlin or America/New_York') }),
      examples: ['/settings timezone Europe/Berlin'],
      run: async (ctx, args) => {
        const zone = checkTimeZone(args.zone);
        if (!zone.ok) throw new UserError(zone.message);
        await ctx.services.settings.set(ctx.communityId, { timezone: zone.zone });
        return { visibility: 'channel', tone: 'success', body: `Time zone set to **${zone.zone}**. Streak days, weeks and months now follow it.` };
      },
    }),
    defineSubcommand({
      name: 'points',
      description: 'Set the points a correct answer scores, per difficulty (admin)',
      admin: true,
      options: z.object({
        easy: points(`Points for easy questions (${POINTS_LIMITS.min}-${POINTS_LIMITS.max}, default 10)`),
        medium: points(`Points for medium questions (${POINTS_LIMITS.min}-${POINTS_LIMITS.max}, default 20)`),
        hard: points(`Points for hard questions (${POINTS_LIMITS.min}-${POINTS_LIMITS.max}, default 30)`),
      }),
      examples: ['/settings points easy:5 medium:15 hard:40', '/settings points 10 20 30'],
      run: async (ctx, args) => {
        const checked = checkPointsPatch(args);
        if (!checked.ok) throw new UserError(checked.message);
        await ctx.services.settings.setGame(ctx.communityId, { points: checked.value });
        const p = (await ctx.services.settings.get(ctx.communityId)).points;
        return {
          visibility: 'channel', tone: 'success',
          body: `Points now: easy **${p.easy}** · medium **${p.medium}** · hard **${p.hard}** (${hintedPoints(p.easy)}/${hintedPoints(p.medium)}/${hintedPoints(p.hard)} after a hint). Points already scored stay as they are.`,
        };
      },
    }),
    defineSubcommand({
      name: 'hints',
      description: 'Whether channel questions offer a hint (admin)',
      admin: true,
      options: z.object({ channel: z.enum(['on', 'off']).describe('on: channel questions get a Hint button; off: only practice questions do') }),
      examples: ['/settings hints off', '/settings hints on'],
      run: async (ctx, args) => {
        await ctx.services.settings.setGame(ctx.communityId, { channelHints: args.channel === 'on' });
        return {
          visibility: 'channel', tone: 'success',
          body: args.channel === 'on'
            ? 'Channel questions now offer a hint (taking it halves the points).'
            : 'Channel questions no longer offer a hint. Practice questions (`/quiz`) still do.',
        };
      },
    }),
    defineSubcommand({
      name: 'freezes',
      description: 'How many streak freezes a user may hold at once (admin)',
      admin: true,
      options: z.object({ count: z.number().describe(`${FREEZE_LIMITS.min}-${FREEZE_LIMITS.max}, default 2; 0 turns freezes off`) }),
      examples: ['/settings freezes 3'],
      run: async (ctx, args) => {
        const checked = checkFreezeCap(args.count);
        if (!checked.ok) throw new UserError(checked.message);
        await ctx.services.settings.setGame(ctx.communityId, { freezeCap: checked.value });
        return {
          visibility: 'channel', tone: 'success',
          body: checked.value === 0 ? 'Streak freezes are off: a missed day ends a streak.' : `Users may now hold up to **${checked.value}** streak freeze${checked.value === 1 ? '' : 's'}.`,
        };
      },
    }),
  ],
});
