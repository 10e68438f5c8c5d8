/**
 * Fan-out benchmark: many scheduled questions due in the same minute, posted by 3 bot processes (the real
 * src/main.ts) that share one private redis-server.
 * - Discord: 10,000 channels, to a local fake Discord that answers 429 (with retry_after, counted) beyond 50
 *   requests in any second.
 * - Slack: channels with 10 schedules each, to a local fake Slack that answers 429 beyond one post per channel
 *   in any second.
 * Prints posts/s, the 429 count, the time from the slot to the last post, duplicates and missing posts.
 * Usage: npm run bench:fanout -- [discordPosts=10000] [slackChannels=30] [replicas=3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadBank } from '../src/load-bank.js';
import { createLogger } from '../src/ops/logger.js';
import { launchRedis } from '../src/ops/redis-launcher.js';
import type { Schedule } from '../src/store/schedules.js';
import { FakeDiscord } from '../test/support/fake-discord.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { Replica } from '../test/support/replica.js';

const [DISCORD_POSTS = 10_000, SLACK_CHANNELS = 30, REPLICAS = 3] = process.argv.slice(2).map(Number);
const SLACK_PER_CHANNEL = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome { posts: { channel: string; at: number }[]; rateLimited: number }

/** Schedules whose slot is the next whole minute at least `leadMs` away; saved in parallel batches. */
async function scheduleAll(app: App, targets: { communityId: string; channelId: string }[], leadMs: number): Promise<number> {
  const slot = Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
  const at = new Date(slot);
  const batch = 200;
  for (let i = 0; i < targets.length; i += batch) {
    await Promise.all(targets.slice(i, i + batch).map(({ communityId, channelId }, j) => {
      const s: Schedule = {
        id: `${(i + j).toString(16).padStart(8, '0')}`, communityId, channelId, cron: `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`, label: 'bench',
        timezone: 'UTC', filter: { tracks: [], topics: [], difficulties: [], kinds: [] }, windowMinutes: 600, answerMode: 'buttons', recap: false,
        paused: false, createdBy: `${communityId.split(':')[0]}:1`, createdAt: Date.now(),
      };
      return app.services.scheduleRepo.save(s);
    }));
  }
  return slot;
}

/** Waits until `expected` posts arrived, or nothing new came for 60 s after the slot (checking a cheap count). */
async function collect(count: () => number, expected: number, slot: number): Promise<void> {
  let last = -1;
  let stillSince = slot;
  for (;;) {
    await sleep(1000);
    const n = count();
    if (n >= expected) return;
    if (n !== last) { last = n; stillSince = Math.max(slot, Date.now()); }
    if (Date.now() - stillSince > 60_000) return;
  }
}

function report(name: string, o: Outcome, channels: string[], perChannel: number, slot: number): void {
  const counts = new Map<string, number>();
  for (const p of o.posts) counts.set(p.channel, (counts.get(p.channel) ?? 0) + 1);
  const duplicates = [...counts.values()].reduce((n, c) => n + Math.max(0, c - perChannel), 0);
  const missing = channels.reduce((n, c) => n + Math.max(0, perChannel - (counts.get(c) ?? 0)), 0);
  const times = o.posts.map((p) => p.at).sort((a, b) => a - b);
  const first = times[0] ?? slot;
  const lastPost = times.at(-1) ?? slot;
  const spanS = Math.max(0.001, (lastPost - first) / 1000);
  console.log(`\n${name}`);
  console.log(`  posts                ${o.posts.length} of ${channels.length * perChannel} (${channels.length} channels × ${perChannel})`);
  console.log(`  posts/s              ${(o.posts.length / spanS).toFixed(1)} (first to last post), ${(o.posts.length / Math.max(0.001, (lastPost - slot) / 1000)).toFixed(1)} (slot to last post)`);
  console.log(`  429s                 ${o.rateLimited}`);
  console.log(`  slot -> first post   ${((first - slot) / 1000).toFixed(1)} s`);
  console.log(`  slot -> last post    ${((lastPost - slot) / 1000).toFixed(1)} s`);
  console.log(`  duplicates           ${duplicates}`);
  console.log(`  missing              ${missing}`);
}

async function startReplicas(env: Record<string, string>): Promise<Replica[]> {
  const replicas = Array.from({ length: REPLICAS }, (_, i) => new Replica(`bench-${i + 1}`, { LOG_LEVEL: 'info', ...env }));
  await Promise.all(replicas.map((r) => r.ready));
  return replicas;
}

async function discordCase(app: App, redisUrl: string): Promise<void> {
  const fake = await FakeDiscord.start({ globalLimitPerSecond: 50, record: false });
  const targets: { communityId: string; channelId: string }[] = [];
  for (let g = 0; targets.length < DISCORD_POSTS; g++) {
    const guild = fake.addGuild();
    targets.push({ communityId: `discord:${guild.id}`, channelId: `discord:${guild.channel.id}` });
    for (let c = 1; c < 50 && targets.length < DISCORD_POSTS; c++) targets.push({ communityId: `discord:${guild.id}`, channelId: `discord:${fake.addChannel(guild).id}` });
  }
  const replicas = await startReplicas({ REDIS_URL: redisUrl, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
  try {
    const slot = await scheduleAll(app, targets, 40_000);
    console.log(`Discord: ${targets.length} schedules due at ${new Date(slot).toISOString()}, ${REPLICAS} replicas running`);
    const before = fake.messages.size;
    await collect(() => fake.messages.size - before, targets.length, slot);
    const posts = [...fake.messages.values()].filter((m) => !m.interactionId && m.guildId).map((m) => ({ channel: `discord:${m.channelId}`, at: m.createdAt }));
    report('Discord (global limit 50 requests/s)', { posts, rateLimited: fake.rateLimited }, targets.map((t) => t.channelId), 1, slot);
  } finally {
    await Promise.all(replicas.map((r) => r.kill()));
    await fake.stop();
  }
}

async function slackCase(app: App, redisUrl: string): Promise<void> {
  const fake = await FakeSlack.start({ channelPostsPerSecond: 1, record: false });
  const channels = Array.from({ length: SLACK_CHANNELS }, (_, i) => `slack:C${String(i).padStart(8, '0')}`);
  const communityId = `slack:${fake.teamId}`;
  const replicas = await startReplicas({ REDIS_URL: redisUrl, SLACK_BOT_TOKEN: fake.botToken, SLACK_APP_TOKEN: fake.appToken, SLACK_API_URL: fake.apiUrl });
  try {
    const slot = await scheduleAll(app, channels.flatMap((channelId) => Array.from({ length: SLACK_PER_CHANNEL }, () => ({ communityId, channelId }))), 40_000);
    console.log(`Slack: ${channels.length * SLACK_PER_CHANNEL} schedules (${SLACK_PER_CHANNEL} per channel) due at ${new Date(slot).toISOString()}`);
    const posts = () => [...fake.posted].flatMap(([channel, ts]) => ts.map((t) => ({ channel: `slack:${channel}`, at: t.at })));
    await collect(() => posts().length, channels.length * SLACK_PER_CHANNEL, slot);
    report('Slack (one post per channel per second)', { posts: posts(), rateLimited: fake.rateLimited }, channels, SLACK_PER_CHANNEL, slot);
  } finally {
    await Promise.all(replicas.map((r) => r.kill()));
    await fake.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-fanout-'));
  const server = await launchRedis({ dir, persistence: 'none' });
  const app = await createApp({ config: loadConfig({}), redisUrl: server.url, bank: loadBank('questions'), log: createLogger('silent') });
  try {
    if (DISCORD_POSTS > 0) await discordCase(app, server.url);
    await app.redis.flushdb();
    if (SLACK_CHANNELS > 0) await slackCase(app, server.url);
  } finally {
    await app.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
