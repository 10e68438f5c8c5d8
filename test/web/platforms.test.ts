import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, type DiscordHarness } from '../support/fake-discord-harness.js';
import { PERMISSIONS } from '../support/fake-discord.js';
import { textOf as slackText } from '../support/fake-slack-blocks.js';
import { dashboardEnv, startDashboard } from '../support/dashboard.js';
import { isEphemeral, textOf } from '../platforms/discord/helpers.js';
import { ADMIN, Harness } from '../platforms/slack/harness.js';

const PUBLIC = 'https://study.example.com';

/** Follows a link as a browser would, at the test server instead of the public address; returns the session's pages. */
async function signIn(origin: string, text: string): Promise<{ base: string; cookie: string }> {
  const link = new RegExp(`${PUBLIC}(/c/[A-Za-z0-9_-]{16}/open/[A-Za-z0-9_.-]+)`).exec(text)?.[1];
  expect(link, text).toBeDefined();
  const res = await fetch(origin + link, { redirect: 'manual' });
  expect(res.status).toBe(303);
  // An https address gets a Secure cookie.
  expect(res.headers.get('set-cookie')).toContain('Secure');
  return { base: origin + res.headers.get('location'), cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

const status = async (url: string, cookie: string) => (await fetch(url, { headers: { cookie }, redirect: 'manual' })).status;

describe('/dashboard on Discord', () => {
  let h: DiscordHarness;
  let web: Awaited<ReturnType<typeof startDashboard>>;
  beforeAll(async () => {
    h = await startDiscordHarness({ env: dashboardEnv(PUBLIC) });
    web = await startDashboard(h.app);
  });
  afterAll(async () => { await web?.close(); await h?.stop(); });

  it('replies privately with a link; Manage Server opens the organiser view, a member gets 403 there', async () => {
    const g = h.fake.addGuild();
    const origin = `http://127.0.0.1:${web.port}`;
    const admin = h.fake.addUser('admin', { permissions: PERMISSIONS.member | PERMISSIONS.manageGuild });
    const member = h.fake.addUser('member');
    const mine = await h.fake.reply(h.fake.slash({ guild: g, user: admin, command: 'dashboard' }));
    expect(isEphemeral(mine)).toBe(true);
    expect(textOf(mine)).toContain('with the organiser view');
    const a = await signIn(origin, textOf(mine));
    expect(await status(`${a.base}organiser`, a.cookie)).toBe(200);
    const theirs = await h.fake.reply(h.fake.slash({ guild: g, user: member, command: 'dashboard' }));
    expect(isEphemeral(theirs)).toBe(true);
    const m = await signIn(origin, textOf(theirs));
    expect(m.base).toBe(a.base);
    expect(await status(m.base, m.cookie)).toBe(200);
    expect(await status(`${m.base}organiser`, m.cookie)).toBe(403);
    // Another server is another community: another address, and this cookie does not open it.
    const other = await h.fake.reply(h.fake.slash({ guild: h.fake.addGuild(), user: member, command: 'dashboard' }));
    const o = await signIn(origin, textOf(other));
    expect(o.base).not.toBe(m.base);
    expect(await status(o.base, m.cookie)).toBe(403);
  });

  it('/privacy hide keeps a member off /leaderboard', async () => {
    const g = h.fake.addGuild();
    const shy = h.fake.addUser('shy');
    await h.fake.reply(h.fake.slash({ guild: g, user: shy, command: 'quiz', options: { topic: 'cnns', difficulty: 'easy' } }));
    // t-conv-params is the only easy cnns question.
    await h.fake.reply(h.fake.slash({ guild: g, user: shy, command: 'answer', options: { text: '216' } }));
    expect(textOf(await h.fake.reply(h.fake.slash({ guild: g, user: shy, command: 'leaderboard', options: { period: 'all' } })))).toContain('**Shy**');
    const hidden = await h.fake.reply(h.fake.slash({ guild: g, user: shy, command: 'privacy', options: { mode: 'hide' } }));
    expect(isEphemeral(hidden)).toBe(true);
    expect(textOf(hidden)).toContain('you are now hidden');
    const board = textOf(await h.fake.reply(h.fake.slash({ guild: g, user: shy, command: 'leaderboard', options: { period: 'all' } })));
    expect(board).not.toContain('**Shy**');
    expect(board).toContain('You are hidden from the boards');
  });
});

describe('/dashboard on Slack', () => {
  let h: Harness;
  let web: Awaited<ReturnType<typeof startDashboard>>;
  beforeAll(async () => {
    h = await Harness.start('http', dashboardEnv(PUBLIC));
    web = await startDashboard(h.app);
    h.fake.addUser({ id: 'UBOB00001', name: 'bob', displayName: 'Bob' });
  });
  afterAll(async () => { await web?.close(); await h?.close(); });

  it('replies ephemerally with a link; an admin listed in SLACK_ADMIN_USERS opens the organiser view, a member gets 403', async () => {
    const origin = `http://127.0.0.1:${web.port}`;
    const mine = await h.run(ADMIN, '/dashboard');
    expect(mine.args.response_type).toBe('ephemeral');
    const a = await signIn(origin, slackText(mine.args));
    expect(await status(`${a.base}organiser`, a.cookie)).toBe(200);
    const bob = await h.run('UBOB00001', '/dashboard');
    expect(bob.args.response_type).toBe('ephemeral');
    const b = await signIn(origin, slackText(bob.args));
    expect(await status(`${b.base}me`, b.cookie)).toBe(200);
    expect(await status(`${b.base}organiser`, b.cookie)).toBe(403);
  });
});
