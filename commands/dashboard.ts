import { defineCommand } from '../src/core/command.js';
import { instant } from '../src/core/reply.js';

/** How whoever runs the bot turns the dashboard on (shown while it is off). */
const ENABLE = [
  'The web dashboard is not switched on for this bot.',
  'Whoever runs the bot can turn it on by setting `DASHBOARD_SECRET` (at least 32 random characters, e.g. from `openssl rand -hex 32`), `WEB_PORT` (the port the dashboard listens on) and `DASHBOARD_URL` (the address people open, e.g. `https://study.example.com`), then restarting it.',
].join('\n');

export default defineCommand({
  name: 'dashboard',
  description: 'Get a private link to this study group\'s web dashboard: standings, your progress, and for admins the organiser view',
  examples: ['/dashboard'],
  run: async (ctx) => {
    const links = ctx.services.dashboard;
    if (!links) return { visibility: 'private', tone: 'info', title: '📊 Dashboard', body: ENABLE };
    // Links expire by the wall clock, whatever time a console session plays at.
    const link = links.linkFor({ communityId: ctx.communityId, userId: ctx.userId, admin: ctx.isAdmin, now: new Date(), name: ctx.displayName });
    const { timezone } = await ctx.services.settings.get(ctx.communityId);
    return {
      visibility: 'private', tone: 'info', title: '📊 Your dashboard',
      body: `${link.url}\n\nThis link is yours alone: it signs you in as you${ctx.isAdmin ? ', with the organiser view' : ''}. Do not share it.`,
      footer: `Valid until ${instant(link.expiresAt, timezone)}. Ask again with /dashboard for a fresh one.`,
    };
  },
});
