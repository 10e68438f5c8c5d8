import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../src/core/command.js';

export default defineCommand({
  name: 'team',
  description: 'Join, leave or list teams',
  subcommands: [
    defineSubcommand({
      name: 'join',
      description: 'Join a team (or start one); you can be in one team at a time',
      options: z.object({ name: z.string().min(2).max(24).meta({ description: 'Team name, e.g. gradient-descenders', kind: 'rest' }) }),
      examples: ['/team join gradient-descenders'],
      run: (ctx, args) => ctx.services.teams.join(ctx, args.name),
    }),
    defineSubcommand({ name: 'leave', description: 'Leave your team', run: (ctx) => ctx.services.teams.leave(ctx) }),
    defineSubcommand({ name: 'list', description: 'List the teams and their members', run: (ctx) => ctx.services.teams.list(ctx) }),
  ],
});
