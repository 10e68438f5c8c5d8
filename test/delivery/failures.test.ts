import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { channelRef } from '../../src/core/reply.js';
import { jobIds } from '../../src/delivery/jobs.js';
import { DiscordPoster, deliveryRest } from '../../src/platforms/discord/poster.js';
import { postIdFor } from '../../src/store/posts.js';
import type { Schedule } from '../../src/store/schedules.js';
import { testApp, invocationFor } from '../support/app.js';
import { FakeDiscord, type FakeChannel, type FakeGuild } from '../support/fake-discord.js';

/**
 * Failures on the way to Discord, with the real REST poster against the fake Discord (no gateway needed: delivery
 * posts through REST only).
 */
let fake: FakeDiscord;
let app: App;
beforeAll(async () => {
  fake = await FakeDiscord.start();
  app = await testApp({ db: 6, env: { DELIVERY_RETRY_BASE_MS: '1000', SCHEDULE_GRACE_MINUTES: '30' } });
  app.delivery.attach(new DiscordPoster(deliveryRest(fake.token, fake.apiUrl)));
});
afterAll(async () => {
  await app?.close();
  await fake?.stop();
});

const MESSAGES = '/channels/:channel/messages';

async function scheduleIn(guild: FakeGuild, channel: FakeChannel, createdBy: string, windowMinutes = 0.05): Promise<Schedule> {
  const s: Schedule = {
    id: app.services.scheduleRepo.newId(), communityId: `discord:${guild.id}`, channelId: `discord:${channel.id}`, cron: '0 9 * * *', label: 'daily 09:00',
    timezone: 'UTC', filter: { tracks: [], topics: ['probability'], difficulties: ['medium'], kinds: ['choice'] }, windowMinutes, answerMode: 'buttons',
    recap: false, paused: false, createdBy, createdAt: Date.now() - 60_000,
  };
  await app.services.scheduleRepo.save(s);
  return s;
}

async function runSlot(s: Schedule, slot = Math.floor(Date.now() / 1000) * 1000): Promise<{ state: string; postId: string; jobId: string }> {
  const jobId = jobIds.post(s.communityId, s.id, slot);
  await app.delivery.enqueueSlot(s, new Date(slot));
  return { state: await app.delivery.settled('discord', jobId), postId: postIdFor(jobId), jobId };
}

const metric = async (name: string, labels: Record<string, string>) => {
  const m = (await app.metrics.registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x));
  return m?.value ?? 0;
};

describe('delivery failures', () => {
  it('a send that gets one 503, then succeeds: posted once, revealed once', async () => {
    const g = fake.addGuild();
    const s = await scheduleIn(g, g.channel, 'discord:1');
    fake.failNext(MESSAGES, 503, { message: 'Service Unavailable', code: 0 });
    const retriedBefore = await metric('dg_delivery_jobs_total', { kind: 'post', outcome: 'retried' });
    const { state, postId, jobId } = await runSlot(s);
    expect(state).toBe('completed');
    expect((await app.delivery.job('discord', jobId))!.attemptsMade).toBe(2);
    expect(await metric('dg_delivery_jobs_total', { kind: 'post', outcome: 'retried' })).toBe(retriedBefore + 1);
    const sends = fake.requests.filter((r) => r.route === MESSAGES && r.params.channel === g.channel.id);
    expect(sends.map((r) => r.status)).toEqual([503, 200]);
    expect(fake.channelMessages(g.channel.id)).toHaveLength(1);
    expect((await app.services.posts.state(s.communityId, postId))!.status).toBe('open');

    expect(await app.delivery.settled('discord', jobIds.reveal(s.communityId, postId))).toBe('completed');
    const [question, reveal, ...more] = fake.channelMessages(g.channel.id);
    expect(more).toEqual([]);
    expect(question!.embeds[0].title).toMatch(/Closed/);
    expect(reveal!.embeds[0].title).toMatch(/Answer revealed/);
    expect((await app.services.posts.state(s.communityId, postId))!.revealRef).toBe(reveal!.id);
  });

  it('a platform that permanently refuses: no post, no reveal, the error in /schedule show and the metrics, the admin told once', async () => {
    const g = fake.addGuild();
    const admin = fake.addUser('ada');
    const denied = fake.addChannel(g, { name: 'locked', denied: true });
    const s = await scheduleIn(g, denied, `discord:${admin.id}`);
    const failedBefore = await metric('dg_delivery_failures_total', { kind: 'post', code: '50013' });
    const base = Math.floor(Date.now() / 1000) * 1000;
    const first = await runSlot(s, base - 1000);
    const second = await runSlot(s, base);
    expect([first.state, second.state]).toEqual(['failed', 'failed']);
    expect((await app.delivery.job('discord', first.jobId))!.attemptsMade).toBe(1);
    expect(fake.channelMessages(denied.id)).toEqual([]);
    expect((await app.services.posts.state(s.communityId, first.postId))!.status).toBe('pending');
    expect((await app.delivery.dueReveals(Number.MAX_SAFE_INTEGER)).filter((j) => j.data.communityId === s.communityId)).toEqual([]);
    expect(await app.delivery.job('discord', jobIds.reveal(s.communityId, first.postId))).toBeUndefined();

    const reason = `the bot cannot post in ${channelRef(`discord:${denied.id}`)} (missing permission)`;
    const shown = await app.router.dispatch(invocationFor(s.communityId, 'bob', { channelId: `discord:${g.channel.id}` }), { name: 'schedule', text: 'show' });
    expect(shown.fields?.[0]?.value).toContain(`⚠️ Last post failed`);
    expect(shown.fields?.[0]?.value).toContain(reason);
    expect(await metric('dg_delivery_failures_total', { kind: 'post', code: '50013' })).toBe(failedBefore + 2);

    await app.delivery.settled('discord', jobIds.notice(s.communityId, s.id, base - 1000));
    const dms = fake.dmsTo(admin);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.embeds[0].title).toMatch(/could not be posted/);
    expect(dms[0]!.embeds[0].description).toContain(`the bot cannot post in <#${denied.id}> (missing permission)`);
    expect(await app.delivery.job('discord', jobIds.notice(s.communityId, s.id, base))).toBeUndefined();
  });

  it('a reveal that fails twice, then succeeds: revealed once, and the post is closed at its deadline meanwhile', async () => {
    const g = fake.addGuild();
    const s = await scheduleIn(g, g.channel, 'discord:1');
    const { state, postId } = await runSlot(s);
    expect(state).toBe('completed');
    const post = (await app.services.posts.state(s.communityId, postId))!;
    fake.failNext(MESSAGES, 502, { message: 'Bad Gateway', code: 0 });
    fake.failNext(MESSAGES, 503, { message: 'Service Unavailable', code: 0 });
    // The first reveal attempt failed: the reveal is late, but answers stop at the deadline all the same.
    await fake.waitFor((r) => r.route === MESSAGES && r.params.channel === g.channel.id && r.status === 502, 10_000, 'the failed reveal');
    expect(Date.now()).toBeGreaterThanOrEqual(post.closesAt);
    const late = invocationFor(s.communityId, 'cy', { channelId: s.channelId });
    await expect(app.services.quiz.answer(late, postId, { choice: 1 })).rejects.toThrow(/closed/);
    expect((await app.services.posts.state(s.communityId, postId))!.status).toBe('closed');
    expect(fake.channelMessages(g.channel.id)).toHaveLength(1);

    expect(await app.delivery.settled('discord', jobIds.reveal(s.communityId, postId))).toBe('completed');
    const sends = fake.requests.filter((r) => r.route === MESSAGES && r.params.channel === g.channel.id).map((r) => r.status);
    expect(sends).toEqual([200, 502, 503, 200]);
    const reveals = fake.channelMessages(g.channel.id).filter((m) => /Answer revealed/.test(m.embeds[0]?.title ?? ''));
    expect(reveals).toHaveLength(1);
  });
});
