import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { channelRef } from '../../src/core/reply.js';
import { communityKeys } from '../../src/store/keys.js';
import { TokenSigner } from '../../src/web/token.js';
import { freshCommunity, invocationFor, testApp } from '../support/app.js';
import { dashboardEnv, HOSTILE, linkFor, SECRET, seedGroup, startDashboard } from '../support/dashboard.js';

let app: App;
let web: Awaited<ReturnType<typeof startDashboard>>;
let origin: string;
let c: string;
let group: Awaited<ReturnType<typeof seedGroup>>;

beforeAll(async () => {
  app = await testApp({ env: dashboardEnv() });
  web = await startDashboard(app);
  origin = `http://127.0.0.1:${web.port}`;
  c = freshCommunity();
  group = await seedGroup(app, c);
}, 60_000);
afterAll(async () => { await web?.close(); await app?.close(); });

/** Opens a link and returns the session cookie the server set (name=value), with the raw response. */
async function open(link: string): Promise<{ res: Response; cookie?: string }> {
  const res = await fetch(link, { redirect: 'manual' });
  const set = res.headers.get('set-cookie') ?? undefined;
  return { res, cookie: set?.split(';')[0] };
}

async function signIn(inv: Parameters<typeof linkFor>[2]): Promise<{ cookie: string; base: string }> {
  const { res, cookie } = await open(linkFor(app, origin, inv));
  expect(res.status).toBe(303);
  return { cookie: cookie!, base: res.headers.get('location')! };
}

const get = (path: string, cookie?: string) => fetch(origin + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

describe('dashboard links and sessions', () => {
  it('a valid link sets an HttpOnly, SameSite=Lax session cookie for its community only, and redirects to the group page', async () => {
    const { res } = await open(linkFor(app, origin, group.bob));
    expect(res.status).toBe(303);
    const base = app.services.dashboard!.communityPath(c);
    expect(res.headers.get('location')).toBe(`${base}/`);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^dg_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/);
    expect(cookie).toContain(`Path=${base}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toMatch(/Max-Age=86400/);
    expect(cookie).not.toContain('Secure'); // plain http here; https URLs get Secure
  });

  it('refuses forged, tampered, expired and cross-community links with 403 and sets nothing', async () => {
    const good = linkFor(app, origin, group.bob);
    const [prefix, token] = [good.slice(0, good.lastIndexOf('/') + 1), good.slice(good.lastIndexOf('/') + 1)];
    const [payload, sig] = token.split('.') as [string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ c, u: 'console:bob', a: 1, e: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    const otherSecret = new TokenSigner('another-secret-that-is-long-enough-0000').sign('link', { communityId: c, userId: 'console:bob', admin: true, expiresAt: Date.now() + 3_600_000 });
    const expired = linkFor(app, origin, group.bob, new Date(Date.now() - 25 * 3_600_000));
    const elsewhere = freshCommunity();
    const cross = linkFor(app, origin, invocationFor(elsewhere, 'bob'));
    const crossToken = cross.slice(cross.lastIndexOf('/') + 1);
    const cases = {
      tampered: `${prefix}${forgedPayload}.${sig}`,
      'signed with another secret': `${prefix}${otherSecret}`,
      'bad signature': `${prefix}${payload}.${sig.slice(0, -2)}AA`,
      garbage: `${prefix}not-a-token`,
      expired,
      'another community\'s token at this address': `${prefix}${crossToken}`,
      'a session cookie value used as a link': `${prefix}${app.services.dashboard!.signer.sign('session', { communityId: c, userId: 'console:bob', admin: false, expiresAt: Date.now() + 3_600_000 })}`,
    };
    for (const [what, link] of Object.entries(cases)) {
      const { res, cookie } = await open(link);
      expect(res.status, what).toBe(403);
      expect(cookie, what).toBeUndefined();
      expect(await res.text(), what).toContain('/dashboard');
    }
  });

  it('pages need the session cookie of their own community', async () => {
    const bob = await signIn(group.bob);
    expect((await get(bob.base, bob.cookie)).status).toBe(200);
    expect((await get(bob.base)).status).toBe(403);
    expect((await get(`${bob.base}me`, 'dg_session=forged.value')).status).toBe(403);
    // The same browser signed in elsewhere: that cookie does not open this community's pages.
    const other = freshCommunity();
    const there = await signIn(invocationFor(other, 'bob'));
    expect((await get(bob.base, there.cookie)).status).toBe(403);
    expect((await get(there.base, there.cookie)).status).toBe(200);
  });

  it('an expired session is refused', async () => {
    const links = app.services.dashboard!;
    const stale = links.signer.sign('session', { communityId: c, userId: 'console:bob', admin: false, expiresAt: Date.now() - 1000 });
    expect((await get(`${links.communityPath(c)}/`, `dg_session=${stale}`)).status).toBe(403);
  });

  it('the organiser page is for admins only', async () => {
    const bob = await signIn(group.bob);
    const refused = await get(`${bob.base}organiser`, bob.cookie);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only admins can see this page');
    const alice = await signIn(group.alice);
    const ok = await get(`${alice.base}organiser`, alice.cookie);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Schedules');
  });
});

describe('dashboard responses', () => {
  it('carry the security headers: CSP without scripts, frame-ancestors none, nosniff, no referrer, no caching of private pages', async () => {
    const bob = await signIn(group.bob);
    for (const path of [bob.base, `${bob.base}me`, '/', '/nope']) {
      const res = await get(path, bob.cookie);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).not.toMatch(/script-src|unsafe-inline/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    expect((await get(bob.base, bob.cookie)).headers.get('cache-control')).toBe('private, no-store');
    const font = await get('/assets/fonts/inter-600.ttf');
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/ttf');
    expect((await font.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await get('/assets/fonts/inter-900.ttf')).status).toBe(404);
    const css = await get('/assets/style.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('prefers-color-scheme:dark');
  });

  it('escape hostile names and never show user ids or tokens', async () => {
    const alice = await signIn(group.alice);
    for (const path of [`${alice.base}?board=all`, `${alice.base}?board=all&page=3`, `${alice.base}organiser`, `${alice.base}me`]) {
      const body = await (await get(path, alice.cookie)).text();
      expect(body, path).not.toContain('<script>');
      expect(body, path).not.toContain('<img src=x');
      expect(body, path).not.toMatch(/console:[a-z]/);
      expect(body, path).not.toContain(c);
      expect(body, path).not.toContain(alice.cookie.split('=')[1]!);
    }
    const pages = await Promise.all([1, 2, 3].map(async (n) => (await get(`${alice.base}?board=all&page=${n}`, alice.cookie)).text()));
    const organiser = await (await get(`${alice.base}organiser`, alice.cookie)).text();
    const escaped = '&#60;script&#62;alert(&#34;pwned&#34;)&#60;/script&#62;&#60;img src&#61;x onerror&#61;alert(1)&#62;';
    expect(pages.join('')).toContain(escaped);
    expect(organiser).toContain(escaped);
    // A report's note is user text too; a hidden reporter's note is shown without their name.
    expect(organiser).toContain(`&#34;At least one&#34; is ambiguous ${escaped}`);
    expect(organiser).toContain('I think the key is wrong” <span>— someone who keeps their name private');
  });

  it('leave hidden members out of the group page, the organiser page and the ranks', async () => {
    const alice = await signIn(group.alice);
    const pages = await Promise.all([1, 2, 3].map(async (n) => (await get(`${alice.base}?board=all&page=${n}`, alice.cookie)).text()));
    const organiser = await (await get(`${alice.base}organiser`, alice.cookie)).text();
    for (const body of [...pages, organiser]) expect(body).not.toContain('Hana Hidden');
    expect(organiser).toContain('1 member chose to hide');
    // Each member's opt-outs: reminders on, opted out, stopped by the bot, never set up.
    const row = (name: string) => new RegExp(`<tr><td>${name}</td>.*?</tr>`).exec(organiser)?.[0] ?? '';
    expect(row('Bob Member')).toContain('<span class="badge good">on</span> <span class="small muted">07:30</span>');
    expect(row('Player 00')).toContain('opted out');
    expect(row('Player 01')).toContain('stopped</span> <span class="small muted">the bot cannot send you direct messages');
    expect(row('Player 02')).toContain('not set up');
    expect(pages.join('')).toContain('Bob Member');
    expect(pages[0]).toContain('Page 1 of 3');
    expect(pages[0]).toContain('someone who keeps their name off the boards');
    // Hana scored most; with her hidden, Bob leads the all-time board.
    expect(pages[0]).toContain('<span class="place p1">1</span></td><td>Bob Member');
    const hana = await signIn(group.hana);
    const own = await (await get(`${hana.base}me`, hana.cookie)).text();
    expect(own).toContain('Signed in as <strong>Hana Hidden</strong>');
    expect(own).toContain('not on the boards');
  });

  it('refuse bad query values with 400 and clamp pages past the end', async () => {
    const bob = await signIn(group.bob);
    expect((await get(`${bob.base}?board=year`, bob.cookie)).status).toBe(400);
    expect((await get(`${bob.base}?page=-1`, bob.cookie)).status).toBe(400);
    const last = await (await get(`${bob.base}?board=all&page=99`, bob.cookie)).text();
    expect(last).toContain('Page 3 of 3');
  });
});

describe('the organiser\'s schedules', () => {
  it('name channels readably (#name, linked to the channel) and show delivery problems as plain text', async () => {
    const guild = String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
    const community = `discord:${guild}`;
    const base = { communityId: community, cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC', windowMinutes: 60, answerMode: 'both' as const, recap: false, paused: false, createdBy: 'discord:1', createdAt: Date.now() };
    const filter = { tracks: [], topics: ['probability'], difficulties: [], kinds: [] };
    const repo = app.services.scheduleRepo;
    const named = { ...base, id: repo.newId(), channelId: 'discord:111222333444', channelName: 'study-hall', filter };
    const unnamed = { ...base, id: repo.newId(), channelId: 'discord:555666777888', filter };
    await repo.save(named);
    await repo.save(unnamed);
    await repo.recordFailure(community, named.id, `the bot cannot post in ${channelRef(named.channelId)} (missing permission)`, Date.now(), { slot: Date.now() });
    await repo.recordFailure(community, unnamed.id, `the bot cannot see ${channelRef(unnamed.channelId)}`, Date.now(), { kind: 'reveal' });
    await repo.recordMissed(community, unnamed.id, Date.parse('2031-03-04T09:00:00Z'), 'down');
    // A reason stored before channel references existed, in Discord markup.
    await app.redis.hset(communityKeys(community).scheduleState(unnamed.id), 'recapError', '<#111222333444> is not a text channel');

    const admin = await signIn({ communityId: community, userId: 'discord:1', isAdmin: true, displayName: 'Ada' });
    const page = await (await get(`${admin.base}organiser`, admin.cookie)).text();
    expect(page).toContain(`<a href="https://discord.com/channels/${guild}/111222333444" rel="noreferrer">#study-hall</a>`);
    expect(page).toContain(`<a href="https://discord.com/channels/${guild}/555666777888" rel="noreferrer">#555666777888</a>`);
    expect(page).toContain('Post failed (');
    expect(page).toContain('): the bot cannot post in #study-hall (missing permission)');
    expect(page).toContain('Reveal failed (');
    expect(page).toContain('): the bot cannot see #555666777888');
    expect(page).toContain('Weekly recap failed: #study-hall is not a text channel');
    expect(page).toContain('Missed: the bot was not running at Tue 4 Mar, 09:00 UTC');
    expect(page).not.toMatch(/[\uE000-\uE003]|&#60;#|&lt;#/);
  });
});

describe('export of my own data', () => {
  it('JSON has my profile, stats, streak and questions, named without ids; CSV has one row per question', async () => {
    const bob = await signIn(group.bob);
    const res = await get(`${bob.base}me/export.json`, bob.cookie);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const text = await res.text();
    expect(text).not.toContain('console:');
    const data = JSON.parse(text);
    expect(data.profile).toMatchObject({ name: 'Bob Member', team: 'night-owls', hiddenFromBoards: false });
    expect(data.stats).toMatchObject({ answered: 3, correct: 3, points: 40 });
    expect(data.streak.current).toBeGreaterThanOrEqual(1);
    expect(data.reviews.map((r: { question: string }) => r.question).sort()).toEqual(['t-conv-params', 't-dice-sum', 't-two-children']);
    expect(data.reviews[0]).toMatchObject({ seen: true, scored: true, reps: 1, lapses: 0 });
    expect(data.profile.reminders).toEqual({ time: '07:30', on: true });
    expect(data.activity.map((a: { answers: number }) => a.answers)).toEqual([1, 1, 1]);
    expect(data.topics).toEqual([{ topic: 'cnns', answered: 1, correct: 1 }, { topic: 'probability', answered: 2, correct: 2 }]);
    expect(Object.values(data.boards)).toContainEqual({ rank: 1, points: 40 });
    const csv = await (await get(`${bob.base}me/export.csv`, bob.cookie)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('question,track,topic,difficulty,seen,scored,due,stability,difficultyRating,lastReview,reps,lapses,recall');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith('t-dice-sum,math,probability,easy,true,true,'))).toBeDefined();
  });

  it('is only ever my own: another member\'s session exports theirs', async () => {
    const evil = await signIn(group.evil);
    const data = await (await get(`${evil.base}me/export.json`, evil.cookie)).json();
    expect(data.profile.name).toBe(HOSTILE);
    expect(data.stats).toMatchObject({ answered: 2, correct: 1, points: 10 });
  });
});

describe('rate limit', () => {
  it('answers 429 once an address has made too many requests in a minute, and the page says to wait', async () => {
    const limited = await startDashboard(app, { rateLimit: 10 });
    try {
      const url = `http://127.0.0.1:${limited.port}/assets/style.css`;
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await fetch(url)).status);
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      const refused = await fetch(`http://127.0.0.1:${limited.port}/`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await refused.text()).toContain('Too many requests');
    } finally {
      await limited.close();
    }
  });
});

it('the secret is long enough to sign', () => {
  expect(SECRET.length).toBeGreaterThanOrEqual(32);
});
