import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { checkTimeZone } from '../src/domain/timezone.js';

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
          return { visibility: 'private', tone: 'success', body: 'Your streak days follow the community time zone again.' };
        }
        const zone = checkTimeZone(args.zone);
        if (!zone.ok) throw new UserError(`${zone.message} Or \`/settings mytimezone reset\` to follow the community.`);
        await ctx.services.userZones.set(ctx.communityId, ctx.userId, zone.zone);
        return { visibility: 'private', tone: 'success', body: `Your streak days now follow **${zone.zone}**. Leaderboard weeks and months still follow the community.` };
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
  ],
});
