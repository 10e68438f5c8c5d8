import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIds } from '../../../src/delivery/jobs.js';
import type { Schedule } from '../../../src/store/schedules.js';
import { textOf } from '../../support/fake-slack-blocks.js';
import { listedIds, manySchedules } from '../../support/schedules.js';
import { ADMIN, Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start('http');
  h.app.delivery.attach(h.platform.messenger);
  h.fake.addUser({ id: ADMIN, name: 'adam' });
});
afterAll(async () => { await h?.close(); });

/** What a person reads in a Slack payload, with the checks that Slack would neither refuse nor show raw markup. */
function readable(args: Record<string, unknown>): string {
  const text = textOf(args);
  expect(text).not.toMatch(/[\uE000-\uE003]/);
  expect(text).not.toContain('&lt;#');
  return text;
}

describe('Slack: /schedule show and failure notices', () => {
  it('a channel the bot is not in: no post; /schedule show and the admin\'s direct message link the channel', async () => {
    const room = 'CLOCKED001';
    h.fake.notInChannel.add(room);
    const s: Schedule = {
      id: h.app.services.scheduleRepo.newId(), communityId: h.communityId, channelId: `slack:${room}`, cron: '0 9 * * *', label: 'daily 09:00',
      timezone: 'UTC', filter: { tracks: [], topics: ['probability'], difficulties: [], kinds: [] }, windowMinutes: 60, answerMode: 'both',
      recap: false, paused: false, createdBy: `slack:${ADMIN}`, createdAt: Date.now() - 60_000,
    };
    await h.app.services.scheduleRepo.save(s);
    const slot = Math.floor(Date.now() / 1000) * 1000;
    await h.app.delivery.enqueueSlot(s, new Date(slot));
    expect(await h.app.delivery.settled(h.platform.messenger.route, jobIds.post(s.communityId, s.id, slot))).toBe('failed');
    expect(h.fake.posted.get(room)).toBeUndefined();

    const link = `the bot is not a member of <#${room}>; invite it with /invite`;
    expect(await h.app.delivery.settled(h.platform.messenger.route, jobIds.notice(s.communityId, s.id, slot))).toBe('completed');
    const list = readable((await h.run(ADMIN, '/schedule', 'show')).args);
    expect(list).toContain(`<#${room}> · probability`);
    expect(list).toContain(`: ${link}`);
    const detail = readable((await h.run(ADMIN, '/schedule', `show ${s.id}`)).args);
    expect(detail).toContain(`Channel: <#${room}>`);
    expect(detail).toContain(link);

    const dms = h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === ADMIN);
    expect(dms).toHaveLength(1);
    const dm = readable(dms[0]!.args);
    expect(dm).toContain('A scheduled question could not be posted');
    expect(dm).toContain(link);
    expect(h.fake.problems).toEqual([]);
  });

  it('lists 50 schedules ten a page within Block Kit limits, failing first, each page saying how many more and how to see them', async () => {
    const community = h.communityId;
    for (const s of await h.app.services.scheduleRepo.list(community)) await h.app.services.scheduleRepo.remove(community, s.id);
    const { schedules, failing } = await manySchedules(h.app, community, (i) => `slack:C${String(i % 5).padStart(8, '0')}`, `slack:${ADMIN}`);
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const reply = await h.run(ADMIN, '/schedule', page === 1 ? 'show' : `show page:${page}`);
      expect(reply.args.response_type).toBe('ephemeral');
      const text = readable(reply.args);
      const ids = listedIds(text);
      expect(ids, `page ${page}:\n${text}`).toHaveLength(10);
      expect(text).not.toMatch(/more not shown/);
      if (page < 5) expect(text).toContain(`${50 - page * 10} more: \`/schedule show page:${page + 1}\``);
      else expect(text).toContain('Showing 41–50 of 50 (page 5 of 5)');
      if (page === 1) {
        expect(new Set(ids.slice(0, failing.length))).toEqual(new Set(failing));
        expect(text).toMatch(/⚠️ Last post failed \(<!date\^\d+\^[^|]+\|[^>]+>\): the bot cannot post in <#C0000000\d> \(missing permission\)/);
      }
      seen.push(...ids);
    }
    expect(new Set(seen)).toEqual(new Set(schedules.map((s) => s.id)));
    expect(seen).toHaveLength(50);
    // A bare number is a page too.
    expect(listedIds(readable((await h.run(ADMIN, '/schedule', 'show 3')).args))).toEqual(seen.slice(20, 30));
    expect(h.fake.problems).toEqual([]);
  }, 60_000);

  it('keeps the channel\'s name with a schedule set there, for the dashboard', async () => {
    for (const s of await h.app.services.scheduleRepo.list(h.communityId)) await h.app.services.scheduleRepo.remove(h.communityId, s.id);
    const reply = await h.run(ADMIN, '/schedule', 'set daily 07:00 topics:probability', 'CSTUDY0001');
    const text = textOf(reply.args);
    const id = /Schedule ([0-9a-f]{8}) created/.exec(text)?.[1];
    expect(id, text).toBeDefined();
    expect(await h.app.services.scheduleRepo.get(h.communityId, id!)).toMatchObject({ channelId: 'slack:CSTUDY0001', channelName: 'general' });
  });
});
