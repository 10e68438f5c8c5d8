import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, type DiscordHarness } from '../../support/fake-discord-harness.js';
import { PERMISSIONS } from '../../support/fake-discord.js';
import { listedIds, manySchedules } from '../../support/schedules.js';
import { isEphemeral, textOf } from './helpers.js';

let h: DiscordHarness;
beforeAll(async () => { h = await startDiscordHarness(); });
afterAll(async () => { await h?.stop(); });

describe('Discord: /schedule show with a full community', () => {
  it('lists 50 schedules ten a page within the embed limits, failing first, each page saying how many more and how to see them', async () => {
    const g = h.fake.addGuild();
    const bob = h.fake.addUser('bob');
    const rooms = Array.from({ length: 5 }, (_, i) => h.fake.addChannel(g, { name: `study-${i}` }));
    const { schedules, failing } = await manySchedules(h.app, `discord:${g.id}`, (i) => `discord:${rooms[i % 5]!.id}`, `discord:${bob.id}`);

    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const reply = await h.fake.reply(h.fake.slash({ guild: g, user: bob, command: 'schedule', sub: 'show', options: page === 1 ? {} : { page } }));
      expect(isEphemeral(reply)).toBe(true);
      const text = textOf(reply);
      const ids = listedIds(text);
      expect(ids, `page ${page}:\n${text}`).toHaveLength(10);
      expect(text).not.toMatch(/more not shown/);
      expect(text).not.toMatch(/[\uE000-\uE003]/);
      if (page < 5) expect(text).toContain(`${50 - page * 10} more: \`/schedule show page:${page + 1}\``);
      else expect(text).toContain('Showing 41–50 of 50 (page 5 of 5)');
      expect(text).toContain('`/schedule show <id>`');
      seen.push(...ids);
      if (page === 1) {
        // The failing schedules come first, their channel as a mention and the reason's channel too.
        expect(new Set(ids.slice(0, failing.length))).toEqual(new Set(failing));
        expect(text).toContain(`**50 schedules** · ⚠️ 7 failing, listed first; then by next post.`);
        expect(text).toMatch(/⚠️ Last post failed \(<t:\d+:f> \(<t:\d+:R>\)\): the bot cannot post in <#\d+> \(missing permission\)/);
        expect(text).toContain('(and 3 more problems)');
      }
    }
    expect(new Set(seen)).toEqual(new Set(schedules.map((s) => s.id)));
    expect(seen).toHaveLength(50);

    // A page that does not exist is explained; one schedule in full tells every problem.
    expect(textOf(await h.fake.reply(h.fake.slash({ guild: g, user: bob, command: 'schedule', sub: 'show', options: { page: 6 } })))).toMatch(/There are 5 pages of schedules \(50\)/);
    const detail = textOf(await h.fake.reply(h.fake.slash({ guild: g, user: bob, command: 'schedule', sub: 'show', options: { id: failing[0]! } })));
    for (const line of [/⚠️ Last post failed/, /⚠️ Last reveal failed/, /⚠️ Last weekly recap failed/, /⚠️ Missed\nthe bot was not running at <t:\d+:f>/, /Next posts/, /Channel: <#\d+>/]) {
      expect(detail).toMatch(line);
    }
  }, 60_000);

  it('keeps the channel\'s name with a schedule set there, for the dashboard', async () => {
    const g = h.fake.addGuild();
    const ada = h.fake.addUser('ada', { permissions: PERMISSIONS.member | PERMISSIONS.manageGuild });
    const room = h.fake.addChannel(g, { name: 'study-hall' });
    const created = await h.fake.reply(h.fake.slash({ guild: g, user: ada, channel: room, command: 'schedule', sub: 'set', options: { when: 'daily 09:00' } }));
    expect(textOf(created)).toMatch(/Schedule [0-9a-f]{8} created/);
    const [s] = await h.app.services.scheduleRepo.list(`discord:${g.id}`);
    expect(s).toMatchObject({ channelId: `discord:${room.id}`, channelName: 'study-hall' });
  });
});
