import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { describeOptions, isGroup, type LeafCommand } from '../../../src/core/command.js';
import { registerCommands, type commandJson } from '../../../src/platforms/discord/register.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import { PERMISSIONS } from '../../support/fake-discord.js';
import { snowflake } from '../../support/fake-discord-payloads.js';
import { checkCommands } from '../../support/fake-discord-limits.js';
import { isEphemeral, textOf } from './helpers.js';

const ADMIN_ROLE = snowflake();
let h: DiscordHarness;
beforeAll(async () => { h = await startDiscordHarness({ env: { DISCORD_ADMIN_ROLE: ADMIN_ROLE } }); });
afterAll(async () => { await h?.stop(); });

describe('Discord: registration', () => {
  it('builds one slash command per spec, with choices, subcommands, typed and autocomplete options', async () => {
    const put = h.fake.requests.find((r) => r.method === 'PUT' && r.route === '/applications/:app/commands')!;
    expect(put.status).toBe(200);
    const body = put.body as ReturnType<typeof commandJson>;
    expect(body.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(checkCommands(body)).toEqual([]);
    const byName = Object.fromEntries(body.map((c) => [c.name, c])) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const c of body) expect(c.contexts).toEqual([0]);
    expect(byName.quiz.options).toEqual([
      expect.objectContaining({ name: 'topic', type: 3, autocomplete: true, required: false }),
      expect.objectContaining({ name: 'difficulty', type: 3, choices: ['easy', 'medium', 'hard'].map((v) => ({ name: v, value: v })) }),
    ]);
    expect(byName.leaderboard.options[1]).toMatchObject({ name: 'teams', type: 5 });
    expect(byName.stats.options[0]).toMatchObject({ name: 'user', type: 6, required: false });
    expect(byName.team.options.map((o: { type: number; name: string }) => [o.type, o.name])).toEqual([[1, 'join'], [1, 'leave'], [1, 'list']]);
    expect(byName.team.options[0].options[0]).toMatchObject({ name: 'name', type: 3, required: true, max_length: 24, min_length: 2 });
    expect(byName.settings.options[1].options[0]).toMatchObject({ name: 'zone', type: 3, required: true });
  });

  it('registers to one guild when asked, and the fake refuses invalid command JSON like Discord', async () => {
    const g = h.fake.addGuild();
    const done = await registerCommands(commands, { token: h.fake.token, guildId: g.id, apiUrl: h.fake.apiUrl });
    expect(done).toMatchObject({ appId: h.fake.appId, scope: `guild ${g.id}` });
    expect(h.fake.commands.get(g.id)!.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    const bad = [{ name: 'Quiz', description: '', options: [{ type: 3, name: 'a', description: 'x', required: false }, { type: 3, name: 'b', description: 'y', required: true }] }];
    expect(checkCommands(bad).map((p) => p.code)).toEqual(['APPLICATION_COMMAND_INVALID_NAME', 'BASE_TYPE_BAD_LENGTH', 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID']);
  });
});

describe('Discord: admin commands', () => {
  it('refuses a non-admin with a clear ephemeral message and changes nothing', async () => {
    const g = h.fake.addGuild();
    const bob = h.fake.addUser('bob');
    const refused = await h.fake.reply(h.fake.slash({ guild: g, user: bob, command: 'settings', sub: 'timezone', options: { zone: 'Europe/Berlin' } }));
    expect(isEphemeral(refused)).toBe(true);
    expect(textOf(refused)).toContain('Only admins can use `/settings timezone`');
    const shown = await h.fake.reply(h.fake.slash({ guild: g, user: bob, command: 'settings', sub: 'show' }));
    expect(textOf(shown)).toMatch(/Community time zone\nUTC/);
  });

  it('accepts Manage Server (and Administrator) and the configured admin role', async () => {
    const g = h.fake.addGuild({ roles: [{ id: ADMIN_ROLE, name: 'quizmaster' }] });
    const zones: [string, ReturnType<typeof h.fake.addUser>][] = [
      ['Europe/Berlin', h.fake.addUser('manager', { permissions: PERMISSIONS.member | PERMISSIONS.manageGuild })],
      ['Asia/Tokyo', h.fake.addUser('owner', { permissions: PERMISSIONS.administrator })],
      ['America/New_York', h.fake.addUser('quizmaster', { roles: [ADMIN_ROLE] })],
    ];
    for (const [zone, user] of zones) {
      const ok = await h.fake.reply(h.fake.slash({ guild: g, user, command: 'settings', sub: 'timezone', options: { zone } }));
      expect(isEphemeral(ok), user.username).toBe(false);
      expect(textOf(ok)).toContain(`Time zone set to **${zone}**`);
    }
    expect((await h.app.services.settings.get(`discord:${g.id}`)).timezone).toBe('America/New_York');
    // A role with the same name in another server is a different role.
    const g2 = h.fake.addGuild({ roles: [{ name: 'quizmaster' }] });
    const other = h.fake.addUser('other', { roles: [g2.roles[1]!.id] });
    expect(textOf(await h.fake.reply(h.fake.slash({ guild: g2, user: other, command: 'settings', sub: 'timezone', options: { zone: 'UTC' } })))).toContain('Only admins');
  });
});

describe('Discord: every command', () => {
  it('answers every command in commands/ with a message or a modal that Discord accepts', async () => {
    const g = h.fake.addGuild();
    const admin = h.fake.addUser('admin', { permissions: PERMISSIONS.administrator });
    const samples: Record<string, string> = { name: 'owls', zone: 'UTC' };
    await h.fake.reply(h.fake.slash({ guild: g, user: admin, command: 'quiz' }));
    type Leaf = [command: string, sub: string | undefined, leaf: LeafCommand];
    const leaves = commands.flatMap((c): Leaf[] => (isGroup(c) ? c.subcommands.map((s): Leaf => [c.name, s.name, s]) : [[c.name, undefined, c]]));
    for (const [command, sub, leaf] of leaves) {
      const sample = (o: ReturnType<typeof describeOptions>[number]) => o.choices?.[0] ?? (o.type === 'integer' || o.type === 'number' ? 1 : samples[o.name] ?? 'x');
      const options = Object.fromEntries(describeOptions(leaf).filter((o) => o.required).map((o) => [o.name, sample(o)]));
      const it = h.fake.slash({ guild: g, user: admin, command, sub, options });
      const ack = await h.fake.response(it);
      const label = `/${command}${sub ? ` ${sub}` : ''}`;
      expect([4, 9], label).toContain(ack.type);
      if (ack.type === 4) {
        const text = textOf(await h.fake.reply(it));
        expect(text, label).not.toMatch(/Something went wrong/);
        expect(text.length, label).toBeGreaterThan(0);
      }
    }
    const failed = h.fake.requests.filter((r) => r.status >= 400);
    expect(failed).toEqual([]);
  });
});
