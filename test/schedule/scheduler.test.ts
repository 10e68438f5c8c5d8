import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { jobIds } from '../../src/delivery/jobs.js';
import { postIdFor } from '../../src/store/posts.js';
import { communityKeys, globalKeys } from '../../src/store/keys.js';
import type { Schedule } from '../../src/store/schedules.js';
import type { Scheduler } from '../../src/schedule/scheduler.js';
import { testApp, invocationFor, freshCommunity } from '../support/app.js';
import { RecordingPort } from '../support/recording-port.js';

const apps: App[] = [];
async function instance(env: Record<string, string> = {}): Promise<{ app: App; port: RecordingPort; scheduler: Scheduler }> {
  const app = await testApp({ env: { SCHEDULE_GRACE_MINUTES: '180', DELIVERY_RETRY_BASE_MS: '100', ...env }, db: 1 });
  apps.push(app);
  const port = new RecordingPort('console', `i${apps.length}-`);
  const scheduler = await app.startScheduler([port]);
  return { app, port, scheduler };
}
let main: App;
beforeAll(async () => { main = await testApp({ db: 1 }); });
// Each test's replicas stop with it, so no worker of one test takes another test's jobs.
afterEach(async () => { for (const a of apps.splice(0)) await a.close(); });
afterAll(async () => { await main.close(); });

function schedule(communityId: string, extra: Partial<Schedule> = {}): Schedule {
  return {
    id: main.services.scheduleRepo.newId(), communityId, channelId: 'console:study', cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC',
    filter: { tracks: [], topics: ['probability'], difficulties: [], kinds: [] }, windowMinutes: 60, answerMode: 'both', recap: false,
    paused: false, createdBy: 'console:admin', createdAt: Date.parse('2026-01-01T00:00:00Z'), ...extra,
  };
}

/** A daily cron whose slot today was `minutesAgo` minutes before now (UTC). */
function dailyAt(minutesAgo: number, now = Date.now()): string {
  const t = new Date(now - minutesAgo * 60_000);
  return `${t.getUTCMinutes()} ${t.getUTCHours()} * * *`;
}

const settle = (app: App, c: string, s: Schedule, slot: number) => app.delivery.settled('console', jobIds.post(c, s.id, slot));
const questions = (port: RecordingPort) => port.posts.filter((p) => /Question of the day/.test(p.reply.title ?? ''));
const reveals = (port: RecordingPort) => port.posts.filter((p) => /Answer revealed/.test(p.reply.title ?? ''));

describe('exactly once across replicas', () => {
  it('three replicas whose triggers all fire queue each slot once, and it is posted once', async () => {
    const c = freshCommunity();
    // A per-second schedule (the rules refuse it at /schedule set; stored directly to get many slots quickly).
    const s = schedule(c, { cron: '* * * * * *', createdAt: Date.now() });
    const nodes = await Promise.all([instance(), instance(), instance()]);
    await main.services.scheduleRepo.save(s);
    await new Promise((r) => setTimeout(r, 3_300));
    for (const n of nodes) await n.scheduler.stop();
    await main.services.scheduleRepo.remove(c, s.id);
    await main.delivery.idle('console');
    const posted = nodes.flatMap((n) => questions(n.port));
    expect(posted.length).toBeGreaterThanOrEqual(2);
    expect(new Set(posted.map((p) => p.reply.postId)).size).toBe(posted.length);
    expect(new Set(posted.map((p) => p.key)).size).toBe(posted.length);
    expect(await main.redis.zcard(communityKeys(c).channelOpen('console:study'))).toBe(posted.length);
    const queued = await main.metrics.registry.getSingleMetricAsString('dg_delivery_jobs_total');
    expect(queued).toBeDefined();
  });
});

describe('a busy process', () => {
  it('queues the slots node-cron woke up too late for, so none goes missing', async () => {
    const c = freshCommunity();
    const s = schedule(c, { cron: '* * * * * *', createdAt: Date.now() });
    const { port, scheduler } = await instance();
    await main.services.scheduleRepo.save(s);
    await new Promise((r) => setTimeout(r, 1_500));
    // Hold the event loop for 2.5 s: node-cron wakes up late and reports the slots in between as missed.
    const until = Date.now() + 2_500;
    while (Date.now() < until) { /* busy */ }
    await new Promise((r) => setTimeout(r, 1_500));
    await scheduler.stop();
    await main.services.scheduleRepo.remove(c, s.id);
    await main.delivery.idle('console');
    const slots = questions(port).map((p) => Number(p.key.split('|').at(-1))).sort((a, b) => a - b);
    expect(slots.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(1000);
  });
});

describe('catch-up', () => {
  it('queues only the latest slot within the grace window, once however often it runs', async () => {
    const c = freshCommunity();
    const now = Date.now();
    const s = schedule(c, { cron: dailyAt(20, now) });
    await main.services.scheduleRepo.save(s);
    const a = await instance();
    const b = await instance();
    const slot = Math.floor((now - 20 * 60_000) / 60_000) * 60_000;
    expect(await b.scheduler.catchUp(new Date(now + 5 * 60_000))).toBe(0);
    expect(await settle(main, c, s, slot)).toBe('completed');
    // The next day the bot is down until four hours after the slot: outside the 3-hour grace window, so skipped.
    expect(await a.scheduler.catchUp(new Date(now + 86_400_000 + 4 * 3_600_000))).toBe(0);
    const posts = [...questions(a.port), ...questions(b.port)];
    expect(posts).toHaveLength(1);
    expect(posts[0]!.reply.postId).toBe(postIdFor(jobIds.post(c, s.id, slot)));
    expect((await main.services.scheduleRepo.state(c, s.id)).lastSlot).toBe(slot);
    await main.services.scheduleRepo.remove(c, s.id);
  });
});

describe('posts and reveals', () => {
  it('opens a post only once the platform accepted it, reveals it after the window, and stops answers at the deadline', async () => {
    const c = freshCommunity();
    const { app, port } = await instance();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const post = port.post.bind(port);
    port.post = async (channelId, reply, key) => { if (/Question of the day/.test(reply.title ?? '')) await gate; return post(channelId, reply, key); };
    const s = schedule(c, { windowMinutes: 0.05, createdAt: Date.now() - 1000, filter: { tracks: [], topics: ['probability'], difficulties: ['medium'], kinds: ['choice'] } });
    const slot = Math.floor(Date.now() / 1000) * 1000;
    await main.services.scheduleRepo.save(s);
    await app.delivery.enqueueSlot(s, new Date(slot));
    const postId = postIdFor(jobIds.post(c, s.id, slot));
    await main.redis.hget(communityKeys(c).post(postId), 'status').then(async function wait(st): Promise<void> {
      if (st !== 'pending') { await new Promise((r) => setTimeout(r, 20)); return wait(await main.redis.hget(communityKeys(c).post(postId), 'status')); }
    });
    // Not yet shown: not answerable, not the channel's open question.
    const amy = invocationFor(c, 'amy', { channelId: 'console:study' });
    await expect(main.services.quiz.answerText(amy, 'B')).rejects.toThrow(/no open question/);
    release();
    expect(await settle(app, c, s, slot)).toBe('completed');
    expect(await main.services.quiz.answerText(amy, 'B')).toMatchObject({ body: expect.stringMatching(/Recorded your answer/) });
    const closesAt = (await main.services.posts.state(c, postId))!.closesAt;
    await expect(main.services.quiz.answer({ ...amy, userId: 'console:ben', now: new Date(closesAt) }, postId, { choice: 1 })).rejects.toThrow(/closed/);
    expect(await app.delivery.settled('console', jobIds.reveal(c, postId))).toBe('completed');
    expect(reveals(port).map((p) => p.reply.postId)).toEqual([postId]);
    expect(reveals(port)[0]!.reply.body).toMatch(/1 answer ·/);
    expect(port.edits.map((e) => e.reply.title)).toEqual([expect.stringMatching(/Closed/)]);
    await main.services.scheduleRepo.remove(c, s.id);
  });

  it('never reveals a post that was never shown', async () => {
    const c = freshCommunity();
    const { app, port } = await instance();
    const pending = await main.services.posts.createPending({
      id: 'neverseen1', communityId: c, questionId: 't-two-children', channelId: 'console:study', createdAt: Date.now() - 5000, closesAt: Date.now() - 1000, scheduleId: 'x', answerMode: 'both',
    });
    await app.delivery.enqueueReveal(c, pending.id, pending.closesAt);
    expect(await app.delivery.settled('console', jobIds.reveal(c, pending.id))).toBe('completed');
    expect(port.posts).toHaveLength(0);
    expect((await main.services.posts.state(c, pending.id))!.status).toBe('pending');
  });
});

describe('upgrading', () => {
  it('gives posts left in the old reveal queue a reveal job, revealed once', async () => {
    const c = freshCommunity();
    const created = Date.now() - 2 * 3_600_000;
    const post = await main.services.posts.create({
      communityId: c, questionId: 't-two-children', channelId: 'console:study', audience: '', createdAt: created, closesAt: created + 3_600_000, scheduleId: 'x', answerMode: 'both',
    });
    await main.redis.zadd(globalKeys.legacyReveals, post.closesAt, `${c}|${post.id}`);
    const a = await instance();
    const b = await instance();
    expect(await main.delivery.settled('console', jobIds.reveal(c, post.id))).toBe('completed');
    expect(await main.redis.zscore(globalKeys.legacyReveals, `${c}|${post.id}`)).toBeNull();
    expect([...reveals(a.port), ...reveals(b.port)].map((p) => p.reply.postId)).toEqual([post.id]);
  });
});

describe('recaps and rotation', () => {
  it('posts a weekly recap once per schedule and week', async () => {
    const c = freshCommunity();
    const k = communityKeys(c);
    const s = schedule(c, { recap: true, windowMinutes: 600 });
    await main.services.scheduleRepo.save(s);
    const week = main.services.scheduledPosts.recapWeek(s, new Date());
    await main.redis.zadd(k.board('week', week), 50, 'console:amy', 30, 'console:ben');
    await main.redis.hset(k.names, 'console:amy', 'amy', 'console:ben', 'ben');
    await main.redis.zadd(k.teamBoard('week', week), 80, 'owls');
    const a = await instance();
    const b = await instance();
    const slot = Math.floor(Date.now() / 1000) * 1000;
    await Promise.all([a.app.delivery.enqueueSlot(s, new Date(slot)), b.app.delivery.enqueueSlot(s, new Date(slot - 1000))]);
    await settle(main, c, s, slot);
    await settle(main, c, s, slot - 1000);
    await main.delivery.idle('console');
    const recaps = [...a.port.posts, ...b.port.posts].filter((p) => /Weekly recap/.test(p.reply.title ?? ''));
    expect(recaps).toHaveLength(1);
    expect(recaps[0]!.reply.title).toBe(`📈 Weekly recap · ${week}`);
    expect(recaps[0]!.reply.fields?.[0]?.value).toMatch(/🥇 \*\*amy\*\*: 50 pts\n🥈 \*\*ben\*\*: 30 pts/);
    expect(recaps[0]!.reply.fields?.[1]?.value).toMatch(/owls/);
    await main.services.scheduleRepo.remove(c, s.id);
  });

  it('never repeats a question in a channel until the filtered pool is exhausted', async () => {
    const c = freshCommunity();
    const s = schedule(c); // topics: probability -> 3 questions in the test bank
    await main.services.scheduleRepo.save(s);
    const { app } = await instance();
    const asked: string[] = [];
    const base = Math.floor(Date.now() / 1000) * 1000;
    for (let i = 0; i < 6; i++) {
      await app.delivery.enqueueSlot(s, new Date(base - i * 1000));
      await settle(app, c, s, base - i * 1000);
      asked.push((await main.services.posts.state(c, postIdFor(jobIds.post(c, s.id, base - i * 1000))))!.questionId);
    }
    expect(new Set(asked.slice(0, 3)).size).toBe(3);
    expect(new Set(asked.slice(3, 6)).size).toBe(3);
    await main.services.scheduleRepo.remove(c, s.id);
  });
});
