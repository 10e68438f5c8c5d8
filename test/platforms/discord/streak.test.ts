import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandJson } from '../../../src/platforms/discord/register.js';
import { commands } from '../../../commands/index.js';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import { PERMISSIONS } from '../../support/fake-discord.js';
import { buttonsOf, isEphemeral, textOf } from './helpers.js';
import { streakFromHash } from '../../../src/store/streak-fields.js';

let h: DiscordHarness;
beforeAll(async () => { h = await startDiscordHarness(); });
afterAll(async () => { await h?.stop(); });

describe('Discord: /streak', () => {
  it('registers action, user, days and reason as typed options', () => {
    const streak = commandJson(commands).find((c) => c.name === 'streak')!;
    expect(streak.options).toEqual([
      expect.objectContaining({ name: 'action', type: 3, required: false, choices: ['show', 'log', 'restore'].map((v) => ({ name: v, value: v })) }),
      expect.objectContaining({ name: 'user', type: 6, required: false }),
      expect.objectContaining({ name: 'days', type: 4, min_value: 1, max_value: 3650 }),
      expect.objectContaining({ name: 'reason', type: 3, max_length: 200 }),
    ]);
  });

  it('refuses a restore by a member, lets a Manage Server admin restore, and shows it', async () => {
    const g = h.fake.addGuild();
    const alice = h.fake.addUser('alice');
    const bob = h.fake.addUser('bob');
    const admin = h.fake.addUser('mod', { permissions: PERMISSIONS.member | PERMISSIONS.manageGuild });
    const card = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'quiz', options: { topic: 'probability', difficulty: 'hard' } }));
    await h.fake.reply(h.fake.click({ guild: g, user: alice, message: card, customId: buttonsOf(card)[0]!.custom_id }));

    const restore = { action: 'restore', user: alice, days: 21, reason: 'lost in the migration' };
    const refused = await h.fake.reply(h.fake.slash({ guild: g, user: bob, command: 'streak', options: restore }));
    expect(isEphemeral(refused)).toBe(true);
    expect(textOf(refused)).toMatch(/Only admins can restore a streak/);
    expect(streakFromHash(await h.app.redis.hgetall(`{c:discord:${g.id}}:u:discord:${alice.id}`)).current).toBe(1);

    const done = await h.fake.reply(h.fake.slash({ guild: g, user: admin, command: 'streak', options: restore }));
    expect(isEphemeral(done)).toBe(true);
    expect(textOf(done)).toContain('Restored Alice\'s streak to **21 days** (it was 1).');

    const mine = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'streak' }));
    expect(isEphemeral(mine)).toBe(true);
    expect(textOf(mine)).toMatch(/Current streak: \*\*21\*\* days · best: \*\*21\*\* · freezes: \*\*0\*\*\/2/);
    expect(textOf(mine)).toContain('Last 30 days: 1 answered');
    const log = await h.fake.reply(h.fake.slash({ guild: g, user: alice, command: 'streak', options: { action: 'log' } }));
    expect(textOf(log)).toMatch(/🛟 restored to 21 days \(was 1\) by Mod: lost in the migration\n.*🌱 started a streak/);
  });
});
