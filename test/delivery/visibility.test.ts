import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { PermanentPostError } from '../../src/core/posting.js';
import { channelRef, type Reply } from '../../src/core/reply.js';
import { jobIds } from '../../src/delivery/jobs.js';
import { createLogger } from '../../src/ops/logger.js';
import { renderText } from '../../src/platforms/console/render.js';
import { Scheduler } from '../../src/schedule/scheduler.js';
import { postIdFor } from '../../src/store/posts.js';
import type { Schedule } from '../../src/store/schedules.js';
import { testBank } from '../support/bank.js';
import { freshCommunity, invocationFor } from '../support/app.js';
import { RecordingPort } from '../support/recording-port.js';
import { testRedisUrl } from '../support/redis.js';

/** A console platform whose sends fail the way a test asks: transient errors, or refusals of some messages. */
class TroubledPort extends RecordingPort {
  transient: { error: Error; then?: () => void }[] = [];
  refuse?: (reply: Reply) => PermanentPostError | undefined;

  override async post(channelId: string, reply: Reply, key: string): Promise<string> {
    const next = this.transient.shift();
    if (next) { next.then?.(); throw next.error; }
    const refused = this.refuse?.(reply);
    if (refused) throw refused;
    return super.post(channelId, reply, key);
  }
}

const logs: string[] = [];
let app: App;
const port = new TroubledPort('console');
beforeAll(async () => {
  const config = loadConfig({ DEFAULT_TIMEZONE: 'UTC', DELIVERY_RETRY_BASE_MS: '100', DELIVERY_RETRY_MAX_MS: '200' });
  app = await createApp({ config, redisUrl: testRedisUrl(), bank: testBank(), log: createLogger('info', { write: (l: string) => { logs.push(l); } }), redisDb: 14 });
  app.delivery.attach(port);
});
afterAll(async () => { await app?.close(); });

const metric = async (name: string, labels: Record<string, string>) => {
  const m = (await app.metrics.registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x));
  return m?.value ?? 0;
};

async function schedule(communityId: string, extra: Partial<Schedule> = {}): Promise<Schedule> {
  const s: Schedule = {
    id: app.services.scheduleRepo.newId(), communityId, channelId: 'console:study', cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC',
    filter: { tracks: [], topics: ['probability'], difficulties: [], kinds: ['choice'] }, windowMinutes: 60, answerMode: 'buttons', recap: false,
    paused: false, createdBy: 'console:ada', createdAt: Date.now() - 86_400_000, ...extra,
  };
  await app.services.scheduleRepo.save(s);
  return s;
}

/** What `/schedule show <id>` prints in the terminal. */
const shown = async (s: Schedule) => renderText(await app.router.dispatch(invocationFor(s.communityId, 'bob'), { name: 'schedule', text: `show ${s.id}` }));

async function runSlot(s: Schedule, slot: number): Promise<{ state: string; postId: string }> {
  const id = jobIds.post(s.communityId, s.id, slot);
  await app.delivery.enqueueSlot(s, new Date(slot));
  return { state: await app.delivery.settled('console', id), postId: postIdFor(id) };
}

async function revealNow(communityId: string, postId: string): Promise<string> {
  const [due] = (await app.delivery.dueReveals(Number.MAX_SAFE_INTEGER)).filter((j) => j.data.postId === postId);
  await due!.promote();
  return app.delivery.settled('console', jobIds.reveal(communityId, postId));
}

describe('what admins see when delivery fails', () => {
  it('a slot that runs out of time while the platform cannot be reached: the reason in plain words, the raw error only in the log', async () => {
    const s = await schedule(freshCommunity());
    const slot = Math.floor(Date.now() / 1000) * 1000;
    // The first send fails with a network error, and by the retry the slot's grace window (3 hours) is over.
    let clock = new Date(slot + 60_000);
    app.delivery.setClock(() => clock);
    port.transient.push({ error: Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443'), { code: 'ECONNREFUSED' }), then: () => { clock = new Date(slot + 4 * 3_600_000); } });
    try {
      expect((await runSlot(s, slot)).state).toBe('failed');
    } finally {
      app.delivery.setClock(() => new Date());
    }
    const reason = 'the question could not be posted within 3h of its time: the platform could not be reached';
    expect((await app.services.scheduleRepo.state(s.communityId, s.id)).lastError).toBe(reason);
    expect(await shown(s)).toMatch(new RegExp(`⚠️ Last post failed: On .*: ${reason}`));
    expect(await app.delivery.settled('console', jobIds.notice(s.communityId, s.id, slot))).toBe('completed');
    const dm = port.dms.filter((d) => d.userId === 'console:ada').map((d) => renderText(d.reply));
    expect(dm).toHaveLength(1);
    expect(dm[0]).toContain(reason);
    for (const text of [dm[0]!, await shown(s)]) expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0\.7/);
    expect(logs.some((l) => l.includes('scheduled post failed for good') && l.includes('ECONNREFUSED 10.0.0.7:443'))).toBe(true);
  });

  it('a reveal refused for good: recorded on the schedule, counted, the admin told once; the next reveal that works clears it', async () => {
    const s = await schedule(freshCommunity());
    const locked = (r: Reply) => (/Answer revealed/.test(r.title ?? '') ? new PermanentPostError(`the bot cannot post in ${channelRef('console:study')}`, 'locked') : undefined);
    port.refuse = locked;
    const before = await metric('dg_delivery_failures_total', { kind: 'reveal', code: 'locked' });
    const base = Math.floor(Date.now() / 1000) * 1000;
    try {
      for (const slot of [base - 2000, base - 1000]) {
        const { state, postId } = await runSlot(s, slot);
        expect(state).toBe('completed');
        expect(await revealNow(s.communityId, postId)).toBe('failed');
      }
    } finally {
      port.refuse = undefined;
    }
    expect(await metric('dg_delivery_failures_total', { kind: 'reveal', code: 'locked' })).toBe(before + 2);
    const text = await shown(s);
    expect(text).toMatch(/⚠️ Last reveal failed: On .*: the bot cannot post in #study\n/);
    expect(text).not.toMatch(/[\uE000-\uE003]/);
    await app.delivery.idle('console');
    const told = port.dms.filter((d) => d.reply.title?.includes('answer could not be revealed') && d.reply.body.includes(s.id));
    expect(told).toHaveLength(1);
    expect(renderText(told[0]!.reply)).toContain('failed: the bot cannot post in #study.');

    const { postId } = await runSlot(s, base);
    expect(await revealNow(s.communityId, postId)).toBe('completed');
    expect((await app.services.scheduleRepo.state(s.communityId, s.id)).revealError).toBeUndefined();
    expect(await shown(s)).not.toMatch(/reveal failed/);
  });

  it('a weekly recap refused for good: recorded on the schedule, counted, the admin told once', async () => {
    const s = await schedule(freshCommunity());
    const slot = new Date();
    const week = app.services.scheduledPosts.recapWeek(s, slot);
    // Something happened that week, so there is a recap to post.
    const { postId } = await runSlot(s, Math.floor(slot.getTime() / 1000) * 1000 - 5000);
    await app.services.scheduleRepo.recordDifficulty(s.communityId, week, postId, 0.25, Math.floor(Date.now() / 1000) + 86_400);
    await app.delivery.idle('console');
    const before = await metric('dg_delivery_failures_total', { kind: 'recap', code: 'archived' });
    port.refuse = (r) => (/Weekly recap/.test(r.title ?? '') ? new PermanentPostError(`${channelRef('console:study')} is archived`, 'archived') : undefined);
    try {
      await app.delivery.enqueueRecap(s, slot);
      expect(await app.delivery.settled('console', jobIds.recap(s.communityId, s.id, week))).toBe('failed');
    } finally {
      port.refuse = undefined;
    }
    expect(await metric('dg_delivery_failures_total', { kind: 'recap', code: 'archived' })).toBe(before + 1);
    expect(await shown(s)).toMatch(/⚠️ Last weekly recap failed: On .*: #study is archived\n/);
    await app.delivery.idle('console');
    const told = port.dms.filter((d) => d.reply.title?.includes('weekly recap could not be posted') && d.reply.body.includes(s.id));
    expect(told).toHaveLength(1);
  });
});

describe('slots missed beyond the grace window', () => {
  it('are recorded once on the schedules that missed them, shown by /schedule show, and told to nobody', async () => {
    const c = freshCommunity();
    const now = new Date('2031-03-04T15:00:00Z');
    const slot = Date.parse('2031-03-04T09:00:00Z');
    const created = Date.parse('2031-03-01T00:00:00Z');
    const missed = await schedule(c, { createdAt: created });
    const posted = await schedule(c, { createdAt: created });
    await app.services.scheduleRepo.recordSuccess(c, posted.id, slot, slot + 2000);
    const newer = await schedule(c, { createdAt: Date.parse('2031-03-04T12:00:00Z') });
    const resumed = await schedule(c, { createdAt: created, resumedAt: Date.parse('2031-03-04T10:00:00Z') });
    const paused = await schedule(c, { createdAt: created, paused: true });
    const dmsBefore = port.dms.length;

    const scheduler = new Scheduler({ redis: app.redis, repo: app.services.scheduleRepo, service: app.services.schedules, delivery: app.delivery, changes: app.changes, log: app.log, graceMs: 3 * 3_600_000 });
    await scheduler.sync();
    expect(await scheduler.catchUp(now)).toBe(0);
    const state = (s: Schedule) => app.services.scheduleRepo.state(c, s.id);
    expect(await state(missed)).toMatchObject({ missedSlot: slot, missedWhy: 'down' });
    for (const s of [posted, newer, resumed, paused]) expect((await state(s)).missedSlot, s.id).toBeUndefined();
    // A second start changes nothing and tells nobody.
    expect(await scheduler.catchUp(new Date(now.getTime() + 60_000))).toBe(0);
    expect(await state(missed)).toMatchObject({ missedSlot: slot, missedWhy: 'down' });
    await app.delivery.idle('console');
    expect(port.dms.length).toBe(dmsBefore);

    expect(await shown(missed)).toContain('⚠️ Missed: the bot was not running at Tue 4 Mar, 09:00 UTC, beyond the grace window');
    const list = renderText(await app.router.dispatch(invocationFor(c, 'bob', { channelId: 'console:study' }), { name: 'schedule', text: 'show' }));
    expect(list).toContain(`${missed.id} · daily 09:00 · UTC: this channel · probability`);
    expect(list).toContain('⚠️ Missed: the bot was not running at Tue 4 Mar, 09:00 UTC');

    // After Redis was unreachable across a slot, the reason says so; the next post clears the note.
    const next = Date.parse('2031-03-05T09:00:00Z');
    await scheduler.catchUp(new Date(next + 4 * 3_600_000), 'redis');
    expect(await state(missed)).toMatchObject({ missedSlot: next, missedWhy: 'redis' });
    expect(await shown(missed)).toContain('the bot could not reach its database at Wed 5 Mar, 09:00 UTC');
    await app.services.scheduleRepo.recordSuccess(c, missed.id, next + 86_400_000, next + 86_400_000);
    expect((await state(missed)).missedSlot).toBeUndefined();
    await scheduler.stop();
  });
});
