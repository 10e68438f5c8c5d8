import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Period } from '../services/boards.js';
import type { WebData } from './model/context.js';
import { groupView } from './model/group.js';
import { meView } from './model/me.js';
import { organiserView } from './model/organiser.js';
import { exportMine, reviewsCsv } from './export.js';
import type { DashboardLinks } from './links.js';
import { Forbidden, sessionOf } from './session.js';
import type { Grant } from './token.js';
import { groupPage } from './views/group.js';
import { placeOf, type Frame } from './views/layout.js';
import { mePage } from './views/me.js';
import { organiserPage } from './views/organiser.js';

interface Deps { data: WebData; links: DashboardLinks; prefix: string; now: () => Date }

type PageRequest = FastifyRequest<{ Params: { slug: string }; Querystring: { board: Period; teams?: '0' | '1'; page: number } }>;

const GROUP_QUERY = {
  type: 'object',
  properties: {
    board: { type: 'string', enum: ['week', 'month', 'all'], default: 'week' },
    teams: { type: 'string', enum: ['0', '1'] },
    page: { type: 'integer', minimum: 1, maximum: 10_000, default: 1 },
  },
  additionalProperties: false,
} as const;

/** The community's pages; each checks the session cookie first and shows only that community's data. */
export function pageRoutes(server: FastifyInstance, d: Deps): void {
  const frame = (g: Grant): Frame => ({ prefix: d.prefix, base: d.links.communityPath(g.communityId), where: placeOf(g.communityId), admin: g.admin });
  const html = (reply: FastifyReply, body: string) => reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(body);

  server.get('/c/:slug', { schema: { querystring: GROUP_QUERY } }, async (req: PageRequest, reply) => {
    const g = sessionOf(d.links, req, d.now().getTime());
    const view = await groupView(d.data, g.communityId, g.userId, { period: req.query.board, teams: req.query.teams === '1', page: req.query.page }, d.now());
    return html(reply, groupPage(frame(g), view));
  });

  server.get('/c/:slug/me', async (req: FastifyRequest<{ Params: { slug: string } }>, reply) => {
    const g = sessionOf(d.links, req, d.now().getTime());
    return html(reply, mePage(frame(g), await meView(d.data, g.communityId, g.userId, d.now(), g.name)));
  });

  server.get('/c/:slug/me/export.json', async (req: FastifyRequest<{ Params: { slug: string } }>, reply) => {
    const g = sessionOf(d.links, req, d.now().getTime());
    const data = await exportMine(d.data, g.communityId, g.userId, d.now(), g.name);
    return reply.header('cache-control', 'private, no-store').header('content-disposition', 'attachment; filename="daily-gradient-my-data.json"')
      .type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
  });

  server.get('/c/:slug/me/export.csv', async (req: FastifyRequest<{ Params: { slug: string } }>, reply) => {
    const g = sessionOf(d.links, req, d.now().getTime());
    const data = await exportMine(d.data, g.communityId, g.userId, d.now());
    return reply.header('cache-control', 'private, no-store').header('content-disposition', 'attachment; filename="daily-gradient-my-questions.csv"')
      .type('text/csv; charset=utf-8').send(reviewsCsv(data.reviews));
  });

  server.get('/c/:slug/organiser', async (req: FastifyRequest<{ Params: { slug: string } }>, reply) => {
    const g = sessionOf(d.links, req, d.now().getTime());
    if (!g.admin) throw new Forbidden('The organiser view is for the group\'s admins. Your Group and Me pages are open to you.', 'Only admins can see this page');
    return html(reply, organiserPage(frame(g), await organiserView(d.data, g.communityId, d.now())));
  });
}
