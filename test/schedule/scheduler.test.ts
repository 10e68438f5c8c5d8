import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys, globalKeys } from '../../src/store/keys.js';
import type { Schedule } from '../../src/store/schedules.js';
import type { Scheduler } from '../../src/schedule/scheduler.js';
import { testApp, invocationFor, freshCommunity, answerOption } from '../support/app.js';
import { RecordingMessenger } from '../support/recording-messenger.js';

const apps: App[] = [];
async function instance(): Promise<{ app: App; messenger: RecordingMessenger; scheduler: Scheduler }> {
  const app = await testApp({ env: { SCHEDULE_GRACE_MINUTES: '180' }, db: 1 });
  apps.push(app);
  const messenger = new RecordingMessenger('console', `i${apps.length}-`);
  const scheduler = await app.startScheduler([messenger]);
  return { app, messenger, scheduler };
}
let main: App;
beforeAll(async () => { main = await testApp({ db: 1 }); });
afterAll(async () => { for (const a of [...apps, main]) await a.close(); });

function schedule(communityId: string, extra: Partial<Schedule> = {}): Schedule {
  return {
    id: main.services.scheduleRepo.newId(), communityId, channelId: 'console:study', cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC',
    filter: { tracks: [], topics: ['probability'], difficulties: [], kinds: [] }, windowMinutes: 60, answerMode: 'both', recap: false,
    paused: false, createdBy: 'console:admin', createdAt: Date.parse('2026-01-01T00:00:00Z'), ...extra,
  };
}

describe('exactly once across replicas', () => {
  it('three instances running a per-second schedule post each slot once', async () => {
    const c = freshCommunity();
    const s = schedule(c, { cron: '* * * * * *', createdAt: Date.now() });
    const nodes = await Promise.all([instance(), instance(), instance()]);
    await main.services.scheduleRepo.save(s);
    await new Promise((r) => setTimeout(r, 3_300));
    for (const n of nodes) await n.scheduler.stop();
    await main.services.scheduleRepo.remove(c, s.id);
    const k = communityKeys(c);
    const markers: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await main.redis.scan(cursor, 'MATCH', `${k.tag}:fire:${s.id}:*`, 'COUNT', 1000);
      cursor = next;
      markers.push(...keys);
    } while (cursor !== '0');
    const posted = nodes.flatMap((n) => n.messenger.posts.filter((p) => p.reply.postId));
    expect(markers.length).toBeGreaterThanOrEqual(2);
    expect(posted).toHaveLength(markers.length);
    expect(new Set(posted.map((p) => p.reply.postId)).size).toBe(posted.length);
    expect(await main.redis.zcard(k.channelOpen('console:study'))).toBe(posted.length);
  });

  it('many slots claimed concurrently by three coordinators are each won once', async () => {
    const c = freshCommunity();
    const nodes = await Promise.all([instance(), instance(), instance()]);
    const slots = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 0, 1, 9, i)).toISOString());
    const wins = await Promise.all(slots.flatMap((slot) => nodes.map((n) => n.scheduler.coordinator.shouldRun(`${c}|abcd1234:${slot}`, 1000))));
    expect(wins.filter(Boolean)).toHaveLength(60);
    for (let i = 0; i < 60; i++) expect(wins.slice(i * 3, i * 3 + 3).filter(Boolean)).toHaveLength(1);
    for (const n of nodes) await n.scheduler.stop();
  });
});

describe('downtime', () => {
  it('posts the latest missed slot once on restart and skips older ones', async () => {
    const c = freshCommunity();
    const s = schedule(c);
    await main.services.scheduleRepo.save(s);
    const a = await instance();
    const b = await instance();
    expect(await a.scheduler.catchUp(new Date('2026-05-04T09:20:00Z'))).toBe(1);
    expect(await b.scheduler.catchUp(new Date('2026-05-04T09:25:00Z'))).toBe(0);
    // The next day the bot is down until 13:00: 09:00 is outside the 3-hour grace window, so it is skipped.
    expect(await a.scheduler.catchUp(new Date('2026-05-05T13:00:00Z'))).toBe(0);
    const posts = [...a.messenger.posts, ...b.messenger.posts].filter((p) => p.reply.postId);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.reply.title).toMatch(/Question of the day · math · probability/);
    for (const n of [a, b]) await n.scheduler.stop();
  });

  it('reveals on start-up a post whose window ended while the bot was down, and refuses later answers', async () => {
    const c = freshCommunity();
    const created = Date.now() - 2 * 3_600_000;
    const post = await main.services.posts.create({
      communityId: c, questionId: 't-two-children', channelId: 'console:study', audience: '', createdAt: created,
      closesAt: created + 3_600_000, scheduleId: 'x', answerMode: 'both',
    });
    // Two answers came in while the window was open.
    await main.redis.hset(communityKeys(c).post(post.id), 'closes', 0);
    // Options are shuffled per post: press the button that shows 1/3 (correct) for amy and 1/2 for ben.
    await answerOption(main, invocationFor(c, 'amy', { channelId: 'console:study' }), post.id, 1);
    await answerOption(main, invocationFor(c, 'ben', { channelId: 'console:study' }), post.id, 0);
    await main.redis.hset(communityKeys(c).post(post.id), 'closes', created + 3_600_000);
    const a = await instance();
    const reveal = a.messenger.posts.find((p) => p.reply.postId === post.id);
    expect(reveal?.reply.title).toMatch(/Answer revealed/);
    expect(reveal?.reply.body).toMatch(/2 answers · 50% correct/);
    expect(reveal?.reply.body).toMatch(/First correct: \*\*amy\*\*/);
    expect(await main.redis.zscore(globalKeys.reveals, `${c}|${post.id}`)).toBeNull();
    await expect(main.services.quiz.answer(invocationFor(c, 'cy', { channelId: 'console:study' }), post.id, { choice: 1 })).rejects.toThrow(/closed/);
    // A second instance starting later does not reveal it again.
    const b = await instance();
    expect(b.messenger.posts.filter((p) => p.reply.postId === post.id)).toHaveLength(0);
    for (const n of [a, b]) await n.scheduler.stop();
  });
});

describe('reveal queue', () => {
  it('drops a due reveal whose post no longer exists instead of retrying it', async () => {
    const c = freshCommunity();
    const member = `${c}|gone000000`;
    await main.redis.zadd(globalKeys.reveals, Date.now() - 1000, member);
    const a = await instance();
    expect(await main.redis.zscore(globalKeys.reveals, member)).toBeNull();
    expect(a.messenger.posts).toHaveLength(0);
    await a.scheduler.stop();
  });
});

describe('open questions and recaps', () => {
  it('lets members self-assess an open question after the reveal, once, for a small credit', async () => {
    const c = freshCommunity();
    const a = await instance();
    const created = Date.now() - 60_000;
    const post = await main.services.posts.create({ communityId: c, questionId: 't-why-pool', channelId: 'console:study', audience: '', createdAt: created, closesAt: created + 3_600_000, scheduleId: 'x', answerMode: 'both' });
    const amy = invocationFor(c, 'amy', { channelId: 'console:study' });
    const receipt = await main.services.quiz.answer(amy, post.id, { text: 'It shrinks maps and adds some shift invariance.' });
    expect(receipt.body).toMatch(/Recorded your answer/);
    expect(await a.app.services.schedules.reveal(c, post.id)).toBe(true);
    const reveal = a.messenger.posts.find((p) => p.reply.postId === post.id)!.reply;
    expect(reveal.fields?.map((f) => f.name)).toEqual(['Key points', 'Model answer']);
    expect(reveal.buttons?.map((b) => b.actionId)).toEqual([`sa:${post.id}:got`, `sa:${post.id}:partly`, `sa:${post.id}:missed`]);
    expect(reveal.reactions).toEqual(['✅', '🤔', '❌']);
    const first = await main.router.action(amy, `sa:${post.id}:partly`);
    expect(first.body).toMatch(/Noted: \*\*partly\*\*\. \+2 participation points/);
    const again = await main.router.action(amy, `sa:${post.id}:got`);
    expect(again.body).toMatch(/already marked this one as \*\*partly\*\*/);
    expect(await main.redis.ttl(communityKeys(c).postAssessments(post.id))).toBeGreaterThan(0);
    const lurker = await main.router.action(invocationFor(c, 'lou', { channelId: 'console:study' }), `sa:${post.id}:got`);
    expect(lurker.body).toMatch(/Answer the question first/);
    expect(await main.redis.zscore(communityKeys(c).board('all'), 'console:amy')).toBe('2');
    expect(await main.redis.hget(communityKeys(c).userMastery('console:amy'), 't-why-pool')).toBe('partly');
    await a.scheduler.stop();
  });

  it('posts a weekly recap once, with the first question of a new week', async () => {
    const c = freshCommunity();
    const s = schedule(c, { recap: true, cron: '0 9 * * *' });
    await main.services.scheduleRepo.save(s);
    const k = communityKeys(c);
    await main.redis.zadd(k.board('week', '2026-W18'), 50, 'console:amy', 30, 'console:ben');
    await main.redis.hset(k.names, 'console:amy', 'amy', 'console:ben', 'ben');
    await main.redis.zadd(k.teamBoard('week', '2026-W18'), 80, 'owls');
    const a = await instance();
    const b = await instance();
    // Monday 2026-05-04 is in W19: its first post brings the recap of W18, once across both instances.
    await a.scheduler.catchUp(new Date('2026-05-04T09:05:00Z'));
    await b.app.services.schedules.fire(s, new Date('2026-05-05T09:00:00Z'), new Date('2026-05-05T09:00:00Z'));
    const recaps = [...a.messenger.posts, ...b.messenger.posts].filter((p) => /Weekly recap/.test(p.reply.title ?? ''));
    expect(recaps).toHaveLength(1);
    expect(recaps[0]!.reply.title).toBe('📈 Weekly recap · 2026-W18');
    expect(recaps[0]!.reply.fields?.[0]?.value).toMatch(/🥇 \*\*amy\*\*: 50 pts\n🥈 \*\*ben\*\*: 30 pts/);
    expect(recaps[0]!.reply.fields?.[1]?.value).toMatch(/owls/);
    await main.services.scheduleRepo.remove(c, s.id);
    for (const n of [a, b]) await n.scheduler.stop();
  });
});

describe('question rotation', () => {
  it('never repeats a question in a channel until the filtered pool is exhausted', async () => {
    const c = freshCommunity();
    const s = schedule(c); // topics: probability -> 3 questions in the test bank
    const a = await instance();
    const asked: string[] = [];
    for (let i = 0; i < 6; i++) {
      const postId = await a.app.services.schedules.fire(s, new Date(), new Date());
      asked.push((await main.services.posts.state(c, postId!))!.questionId);
    }
    expect(new Set(asked.slice(0, 3)).size).toBe(3);
    expect(new Set(asked.slice(3, 6)).size).toBe(3);
    await a.scheduler.stop();
  });
});
