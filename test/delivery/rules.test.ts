import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Reply } from '../../src/core/reply.js';
import { minGapMinutes, parseWhen } from '../../src/schedule/when.js';
import { testApp, invocationFor, freshCommunity } from '../support/app.js';

let app: App;
beforeAll(async () => { app = await testApp(); });
afterAll(async () => { await app.close(); });

const admin = (communityId: string, channel = 'console:study') => invocationFor(communityId, 'admin', { channelId: channel, isAdmin: true });
const set = (communityId: string, text: string, channel?: string): Promise<Reply> =>
  app.router.dispatch(admin(communityId, channel), { name: 'schedule', text: `set ${text}` });

describe('schedule rules, enforced atomically', () => {
  it('20 concurrent /schedule set in one channel leave exactly 10 schedules', async () => {
    const c = freshCommunity();
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => set(c, `daily ${String(i).padStart(2, '0')}:00`)));
    expect(await app.services.scheduleRepo.list(c)).toHaveLength(10);
    expect(replies.filter((r) => /created/.test(r.title ?? ''))).toHaveLength(10);
    const refused = replies.filter((r) => r.tone === 'error');
    expect(refused).toHaveLength(10);
    for (const r of refused) expect(r.body).toMatch(/already has 10 schedules, the limit/);
  });

  it('a community holds at most 50 schedules, however many channels ask at once', async () => {
    const c = freshCommunity();
    const asks = Array.from({ length: 6 }, (_, ch) => Array.from({ length: 10 }, (_, i) => set(c, `daily ${String(i).padStart(2, '0')}:15`, `console:ch${ch}`))).flat();
    const replies = await Promise.all(asks);
    expect(await app.services.scheduleRepo.list(c)).toHaveLength(50);
    expect(replies.filter((r) => /already has 50 schedules/.test(r.body))).toHaveLength(10);
  });

  it('refuses `* * * * *` and anything under an hour apart, with a clear message, and saves nothing', async () => {
    const c = freshCommunity();
    for (const [when, gap] of [['* * * * *', 'every 1 minute'], ['*/30 * * * *', 'every 30 minutes'], ['0,45 9 * * *', 'every 45 minutes'], ['0 0,30 9 * * *', 'every 30 minutes']] as const) {
      const r = await set(c, when);
      expect(r.tone).toBe('error');
      expect(r.body).toContain(gap);
      expect(r.body).toMatch(/at least an hour apart/);
    }
    // Across midnight counts too.
    expect(minGapMinutes('30 23 * * *')).toBe(1440);
    expect(minGapMinutes('50 0,23 * * *')).toBe(60);
    expect(minGapMinutes('0 0,23 * * *')).toBe(60);
    expect(() => parseWhen('10 0,23 * * *')).not.toThrow();
    expect(() => parseWhen('10 23 * * *')).not.toThrow();
    expect(() => parseWhen('@hourly')).toThrow(/5-field cron/);
    expect(() => parseWhen('0 9 1 * 1')).toThrow(/not both/);
    expect((await set(c, 'hourly')).title).toMatch(/created/);
    expect(await app.services.scheduleRepo.list(c)).toHaveLength(1);
  });

  it('refuses an identical schedule in the same channel, however it is spelled', async () => {
    const c = freshCommunity();
    const first = await set(c, 'weekdays 09:00 tz:Europe/Berlin topics:probability');
    expect(first.title).toMatch(/created/);
    const id = (await app.services.scheduleRepo.list(c))[0]!.id;
    for (const again of ['weekdays 09:00 tz:Europe/Berlin topics:probability', '0 0 9 * * mon-fri tz:Europe/Berlin topics:probability', '0 9 * * 1,2,3,4,5 tz:Europe/Berlin topics:probability']) {
      const r = await set(c, again);
      expect(r.tone).toBe('error');
      expect(r.body).toContain(`same schedule (**${id}**)`);
    }
    // Other times, zones, topics or channels are different schedules.
    expect((await set(c, 'weekdays 10:00 tz:Europe/Berlin topics:probability')).title).toMatch(/created/);
    expect((await set(c, 'weekdays 09:00 tz:UTC topics:probability')).title).toMatch(/created/);
    expect((await set(c, 'weekdays 09:00 tz:Europe/Berlin topics:cnns')).title).toMatch(/created/);
    expect((await set(c, 'weekdays 09:00 tz:Europe/Berlin topics:probability', 'console:other')).title).toMatch(/created/);
    expect(await app.services.scheduleRepo.list(c)).toHaveLength(5);
  });
});
