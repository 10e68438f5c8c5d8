import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardLinks } from './links.js';
import type { Grant } from './token.js';

export const SESSION_COOKIE = 'dg_session';
const SLUG = /^[A-Za-z0-9_-]{16}$/;

/** A refusal: a missing, forged, expired or other community's link or session. Nothing is changed. */
export class Forbidden extends Error {
  readonly statusCode = 403;
  constructor(readonly why: string, readonly title = 'This link does not open the dashboard') {
    super(why);
  }
}

export const FORBIDDEN_LINK = 'It may have expired, or be incomplete. Ask the bot for a fresh one with /dashboard in your study group.';

/** The grant behind a community page: the session cookie, checked and bound to this community's address. */
export function sessionOf(links: DashboardLinks, req: FastifyRequest<{ Params: { slug: string } }>, now: number): Grant {
  const { slug } = req.params;
  const raw = req.cookies[SESSION_COOKIE];
  if (!SLUG.test(slug) || !raw) throw new Forbidden('Open the dashboard with the private link the bot gives you: type /dashboard in your study group.', 'Please sign in with your link');
  const v = links.signer.verify('session', raw, now);
  if (!v.ok || links.signer.slug(v.grant.communityId) !== slug) throw new Forbidden(FORBIDDEN_LINK, 'Your session has ended');
  return v.grant;
}

/** A valid link opens a session for its community (the cookie only goes to that community's pages). */
export function openSession(links: DashboardLinks, req: FastifyRequest<{ Params: { slug: string; token: string } }>, reply: FastifyReply, now: number): string {
  const v = links.signer.verify('link', req.params.token, now);
  if (!v.ok || links.signer.slug(v.grant.communityId) !== req.params.slug) throw new Forbidden(FORBIDDEN_LINK);
  const base = links.communityPath(v.grant.communityId);
  // The session lasts as long as a fresh link would, from now.
  const expiresAt = now + links.config.linkHours * 3_600_000;
  reply.setCookie(SESSION_COOKIE, links.signer.sign('session', { ...v.grant, expiresAt }), {
    path: base, httpOnly: true, sameSite: 'lax', secure: links.config.url.startsWith('https:'), maxAge: Math.floor((expiresAt - now) / 1000),
  });
  return `${base}/`;
}
