import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { freshCommunity, testApp } from '../support/app.js';
import { launchChromium } from '../support/browser.js';
import { dashboardEnv, linkFor, seedGroup, startDashboard } from '../support/dashboard.js';

const SHOTS = join(import.meta.dirname, '../../test-results');

let app: App;
let web: Awaited<ReturnType<typeof startDashboard>>;
let origin: string;
let browser: Browser;
let group: Awaited<ReturnType<typeof seedGroup>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await testApp({ env: dashboardEnv() });
  web = await startDashboard(app);
  origin = `http://127.0.0.1:${web.port}`;
  group = await seedGroup(app, freshCommunity());
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await web?.close();
  await app?.close();
});

/** A fresh browser profile (no cookies), like someone opening the link on their own phone or laptop. */
async function freshPage(o: { colorScheme?: 'light' | 'dark'; phone?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    colorScheme: o.colorScheme ?? 'light',
    viewport: o.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    deviceScaleFactor: o.phone ? 2 : 1,
    isMobile: o.phone ?? false,
    javaScriptEnabled: false,
  });
  contexts.push(context);
  return context.newPage();
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `dashboard-${name}.png`), fullPage: true });

describe('the dashboard in a real browser', () => {
  it('a member opens their link, sees their rank and mastery chart, and pages through the board', { timeout: 60_000 }, async () => {
    const page = await freshPage();
    const opened = await page.goto(linkFor(app, origin, group.bob));
    expect(opened?.status()).toBe(200);
    // The redirect leaves no token in the address bar.
    expect(page.url()).toMatch(/\/c\/[A-Za-z0-9_-]{16}\/$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Study group');
    // Bob leads this week; his row is marked.
    const mine = page.locator('#board tr.me');
    expect(await mine.count()).toBe(1);
    expect(await mine.textContent()).toContain('Bob Member');
    await shot(page, 'group');

    await page.getByRole('link', { name: 'All time' }).click();
    expect(await page.locator('.pager').textContent()).toContain('Page 1 of 3');
    const first = await page.locator('#board tbody tr').allTextContents();
    await page.getByRole('link', { name: 'Next →' }).click();
    expect(await page.locator('.pager').textContent()).toContain('Page 2 of 3');
    const second = await page.locator('#board tbody tr').allTextContents();
    expect(second).toHaveLength(10);
    expect(second.some((r) => first.includes(r))).toBe(false);
    await page.getByRole('link', { name: 'Next →' }).click();
    expect(await page.locator('.pager').textContent()).toContain('Page 3 of 3');
    expect(await page.locator('.pager .off').textContent()).toBe('Next →');
    await page.getByRole('link', { name: '← Previous' }).click();
    expect(await page.locator('.pager').textContent()).toContain('Page 2 of 3');

    await page.getByRole('link', { name: 'Me', exact: true }).click();
    expect(await page.locator('h1').textContent()).toBe('Your progress');
    const tiles = await page.locator('#ranks .tile').allTextContents();
    expect(tiles[2]).toMatch(/All time\s*#1/);
    // The /progress charts, inline: Bob retains 2 of the 3 math questions and 1 of the 2 deep ones.
    const chart = page.locator('#mastery-chart > svg');
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.getAttribute('aria-label')).toBe('Mastery by track and topic');
    expect(await chart.locator('rect[data-bar="math"]').getAttribute('data-share')).toBe('0.6667');
    expect(await chart.locator('rect[data-bar="deep"]').getAttribute('data-share')).toBe('0.5000');
    const cells = page.locator('#activity-chart svg rect[data-day]');
    expect(await cells.count()).toBe(84);
    expect(await page.locator('#activity-chart svg rect[data-count="1"]').count()).toBe(3);
    expect(await page.locator('.readiness').textContent()).toMatch(/^Ready in 1 of 2 tracks · 1 topic to cover/);
    // No organiser tab for a member.
    expect(await page.getByRole('link', { name: 'Organiser' }).count()).toBe(0);
    await shot(page, 'me');
  });

  it('an admin sees the organiser view, and a member gets 403 on it', { timeout: 60_000 }, async () => {
    const admin = await freshPage();
    await admin.goto(linkFor(app, origin, group.alice));
    await admin.getByRole('link', { name: 'Organiser' }).click();
    expect(await admin.locator('h1').textContent()).toBe('Organiser');
    expect(await admin.getByRole('heading', { name: /Schedules/ }).isVisible()).toBe(true);
    expect(await admin.locator('section[aria-labelledby=questions-title]').textContent()).toContain('t-two-children');
    expect(await admin.locator('section[aria-labelledby=members-title]').textContent()).toContain('Bob Member');
    await shot(admin, 'organiser');

    const member = await freshPage();
    await member.goto(linkFor(app, origin, group.bob));
    const organiserUrl = admin.url();
    const refused = await member.goto(organiserUrl.replace(/^(.*\/c\/[^/]+\/).*$/, '$1organiser'));
    expect(refused?.status()).toBe(403);
    expect(await member.locator('h1').textContent()).toBe('Only admins can see this page');
  });

  it('refuses an expired link and a forged link, and the browser gets no session', { timeout: 60_000 }, async () => {
    const page = await freshPage();
    const expired = linkFor(app, origin, group.bob, new Date(Date.now() - 25 * 3_600_000));
    const r1 = await page.goto(expired);
    expect(r1?.status()).toBe(403);
    expect(await page.locator('body').textContent()).toContain('/dashboard');
    const good = linkFor(app, origin, group.bob);
    const forged = good.replace(/\.([A-Za-z0-9_-]+)$/, (_, sig: string) => `.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`);
    const r2 = await page.goto(forged);
    expect(r2?.status()).toBe(403);
    expect(await page.context().cookies()).toEqual([]);
    const base = good.replace(/open\/.*$/, '');
    expect((await page.goto(base))?.status()).toBe(403);
  });

  it('a hidden member does not appear, on any page of any board', { timeout: 60_000 }, async () => {
    const page = await freshPage();
    await page.goto(linkFor(app, origin, group.bob));
    for (const board of ['All time', 'This month', 'This week']) {
      await page.getByRole('link', { name: board }).click();
      for (;;) {
        expect(await page.locator('main').textContent()).not.toContain('Hana Hidden');
        const next = page.getByRole('link', { name: 'Next →' });
        if (await next.count() === 0) break;
        await next.click();
      }
    }
    // Hana scored most, so without her Bob is first of everyone shown.
    await page.getByRole('link', { name: 'All time' }).click();
    expect(await page.locator('#board tbody tr').first().textContent()).toContain('Bob Member');
  });

  it('reads on a phone and follows the dark colour scheme', { timeout: 60_000 }, async () => {
    const light = await freshPage({ phone: true });
    await light.goto(linkFor(app, origin, group.alice));
    const dark = await freshPage({ phone: true, colorScheme: 'dark' });
    await dark.goto(linkFor(app, origin, group.alice));
    for (const page of [light, dark]) {
      for (const path of ['', 'me', 'organiser']) {
        await page.goto(page.url().replace(/(\/c\/[^/]+\/).*$/, `$1${path}`));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
    }
    const bg = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg(light)).toBe('rgb(241, 245, 249)');
    // Dark mode is the images' own palette.
    expect(await bg(dark)).toBe('rgb(15, 23, 42)');
    // The page uses the images' font, served with it.
    expect(await light.evaluate(async () => { await document.fonts.ready; return document.fonts.check('16px Inter'); })).toBe(true);
    await dark.goto(dark.url().replace(/(\/c\/[^/]+\/).*$/, '$1me'));
    await shot(dark, 'me-dark-phone');
  });
});
