import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { App } from '../app.js';
import type { Logger } from '../ops/logger.js';
import { FONT_FILES } from '../render/font.js';
import { webData } from './model/context.js';
import type { DashboardLinks } from './links.js';
import { pageRoutes } from './routes.js';
import { Forbidden, openSession } from './session.js';
import { STYLESHEET } from './style.js';
import { errorPage } from './views/layout.js';

export interface WebOptions {
  app: Pick<App, 'redis' | 'bank' | 'services' | 'log'>;
  links: DashboardLinks;
  /** Requests per minute one IP address may make (per process). */
  rateLimit: number;
  /** Reverse proxies in front of the server whose X-Forwarded-For is believed (0: none). */
  trustProxy: number;
  now?: () => Date;
}

const POLICY = {
  defaultSrc: ["'none'"], styleSrc: ["'self'"], fontSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"],
};

/** Inter, the images' font, for the page and its inline charts: weight -> the TrueType file render/font.ts uses. */
const FONTS = new Map(FONT_FILES.map((file) => [/_(\d00)[A-Za-z]+\.ttf$/.exec(file)?.[1] ?? '', file]));

/** The dashboard: server-rendered pages, no JavaScript; security headers on every response, rate-limited per IP. */
export async function buildWebServer(o: WebOptions): Promise<FastifyInstance> {
  const now = o.now ?? (() => new Date());
  const log: Logger = o.app.log;
  const prefix = new URL(o.links.config.url).pathname.replace(/\/+$/, '');
  const https = o.links.config.url.startsWith('https:');
  // Behind N reverse proxies the client is the address N hops back in X-Forwarded-For.
  const trustProxy = o.trustProxy > 0 ? (_address: string, hop: number) => hop < o.trustProxy : false;
  const server = Fastify({ logger: false, trustProxy, routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1100 }, return503OnClosing: true });

  await server.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: https ? { maxAge: 15_552_000 } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  await server.register(rateLimit, { global: true, max: o.rateLimit, timeWindow: 60_000 });
  await server.register(cookie);

  const send = (status: number, title: string, message: string) => ({ status, body: errorPage(prefix, status, title, message) });
  server.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    let page;
    if (err instanceof Forbidden) page = send(403, err.title, err.why);
    else if (err.statusCode === 429) page = send(429, 'Too many requests', 'Please wait a minute before loading more pages.');
    else if (err.validation || err.statusCode === 400) page = send(400, 'That address is not valid', 'Use the links on the dashboard pages.');
    else {
      log.error({ err, path: routeOf(req) }, 'dashboard request failed');
      page = send(500, 'Something went wrong', 'The page could not be built. Please try again in a moment.');
    }
    return reply.code(page.status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.body);
  });
  server.setNotFoundHandler({ preHandler: server.rateLimit() }, (_req, reply) => {
    const page = send(404, 'Page not found', 'Open the dashboard with the link from /dashboard.');
    return reply.code(404).type('text/html; charset=utf-8').send(page.body);
  });

  const fontCache = new Map<string, Buffer>();
  server.get<{ Params: { weight: string } }>('/assets/fonts/inter-:weight.ttf', async (req, reply) => {
    const file = FONTS.get(req.params.weight);
    if (!file) return reply.callNotFound();
    let data = fontCache.get(file);
    if (!data) fontCache.set(file, data = await readFile(file));
    return reply.header('cache-control', 'public, max-age=604800, immutable').type('font/ttf').send(data);
  });
  server.get('/assets/style.css', (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(STYLESHEET));
  server.get('/', (_req, reply) => reply.type('text/html; charset=utf-8').send(errorPage(prefix, 200, 'Daily Gradient dashboard', 'Each study group has its own dashboard. Type /dashboard in yours to get your private link.')));

  server.get<{ Params: { slug: string; token: string } }>('/c/:slug/open/:token', (req, reply) => {
    const to = openSession(o.links, req, reply, now().getTime());
    return reply.header('cache-control', 'no-store').redirect(to, 303);
  });
  pageRoutes(server, { data: webData(o.app), links: o.links, prefix, now });
  return server;
}

/** The route pattern, never the URL: a link's token must not reach the log. */
const routeOf = (req: FastifyRequest) => req.routeOptions.url ?? 'unknown';

export async function startWebServer(o: WebOptions & { port: number; host?: string }): Promise<{ server: FastifyInstance; port: number; close(): Promise<void> }> {
  const server = await buildWebServer(o);
  await server.listen({ port: o.port, host: o.host ?? '0.0.0.0' });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  return { server, port, close: () => server.close() };
}
