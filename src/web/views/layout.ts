import { html } from 'ghtml';

export type Tab = 'group' | 'me' | 'organiser';

export interface Frame {
  /** The public path prefix of the dashboard ("" or a reverse proxy's, e.g. "/dg"). */
  prefix: string;
  /** The community's base path, e.g. "/c/Xa9…" (links are built from it). */
  base: string;
  /** "Discord server", "Slack workspace" or "Console". */
  where: string;
  admin: boolean;
}

const PLACE: Record<string, string> = { discord: 'Discord server', slack: 'Slack workspace', console: 'Console' };
export const placeOf = (communityId: string) => PLACE[communityId.slice(0, communityId.indexOf(':'))] ?? 'Study group';

/** The page around a community's content: header with the three tabs (Organiser for admins only). */
export function page(f: Frame, tab: Tab, title: string, body: string): string {
  const link = (t: Tab, href: string, label: string) => html`<a href="${href}"!${t === tab ? ' aria-current="page"' : ''}>${label}</a>`;
  return document(title, f.prefix, html`<header class="top"><div class="in">
<span class="brand">Daily Gradient<small>${f.where}</small></span>
<nav class="tabs" aria-label="Dashboard">!${link('group', `${f.base}/`, 'Group')}!${link('me', `${f.base}/me`, 'Me')}!${f.admin ? link('organiser', `${f.base}/organiser`, 'Organiser') : ''}</nav>
</div></header>
<main>!${body}</main>
<footer>Private to you: this page signs you in as yourself. Ask for a fresh link with /dashboard.</footer>`);
}

/** A whole HTML document; the stylesheet is served under the public path prefix. */
export function document(title: string, prefix: string, body: string): string {
  const assets = `${prefix}/assets/style.css`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${title} · Daily Gradient</title>
<link rel="stylesheet" href="${assets}">
</head>
<body>!${body}</body>
</html>`;
}

/** A refusal or a missing page, with what to do next. */
export function errorPage(prefix: string, status: number, title: string, message: string): string {
  return document(title, prefix, html`<main class="error"><h1>${title}</h1><p class="lead">${message}</p><p class="muted small">Error ${status}</p></main>`);
}
