import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { isValidTimeZone } from '../src/domain/timezone.js';

export default defineCommand({
  name: 'settings',
  description: 'Community settings',
  subcommands: [
    defineSubcommand({
      name: 'show',
      description: 'Show this community\'s settings',
      run: async (ctx) => {
        const s = await ctx.services.settings.get(ctx.communityId);
        return { visibility: 'private', tone: 'info', title: '⚙️ Settings', body: '', fields: [{ name: 'Time zone', value: `${s.timezone} (streak days, weeks and months follow it)` }] };
      },
    }),
    defineSubcommand({
      name: 'timezone',
      description: 'Set the community time zone (admin)',
      admin: true,
      options: z.object({ zone: z.string().min(1).max(64).describe('An IANA time zone, e.g. Europe/Berlin or America/New_York') }),
      examples: ['/settings timezone Europe/Berlin'],
      run: async (ctx, args) => {
        if (!isValidTimeZone(args.zone)) throw new UserError(`"${args.zone.slice(0, 64)}" is not a time zone I know. Use an IANA name such as Europe/Berlin, America/New_York or UTC.`);
        await ctx.services.settings.set(ctx.communityId, { timezone: args.zone });
        return { visibility: 'channel', tone: 'success', body: `Time zone set to **${args.zone}**. Streak days, weeks and months now follow it.` };
      },
    }),
  ],
});
