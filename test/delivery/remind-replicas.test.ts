import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { dayNumber, localParts } from '../../src/domain/calendar.js';
import { jobIds } from '../../src/delivery/jobs.js';
import { createLogger } from '../../src/ops/logger.js';
import { launchRedis, type LaunchedRedis } from '../../src/ops/redis-launcher.js';
import { invocationFor } from '../support/app.js';
import { testBank } from '../support/bank.js';
import { FakeDiscord, type FakeUser } from '../support/fake-discord.js';
import { Replica, writeTestBank } from '../support/replica.js';

/**
 * Reminders with several bot processes (the real entry point) against one Redis and the fake Discord, one of them
 * killed with SIGKILL while a DM is in flight. The test process only turns reminders on and reads the outcome.
 */
const MESSAGES = '/channels/:channel/messages';
const USERS = 40;
const dir = mkdtempSync(join(tmpdir(), 'dg-remind-replicas-'));
let fake: FakeDiscord;
let redis: LaunchedRedis;
let app: App;
const replicas: Replica[] = [];
const questionsDir = writeTestBank(dir);

beforeAll(async () => {
  fake = await FakeDiscord.start({ globalLimitPerSecond: 50 });
  redis = await launchRedis({ dir, persistence: 'none', binary: process.env.REDIS_SERVER_BIN });
  app = await createApp({ config: loadConfig({}), redisUrl: redis.url, bank: testBank(), log: createLogger('silent') });
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill()));
  await app?.close();
  await fake?.stop();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function replica(name: string): Replica {
  const r = new Replica(name, {
    REDIS_URL: redis.url, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, QUESTIONS_DIR: questionsDir, REMINDER_GRACE_MINUTES: '60',
    DELIVERY_LOCK_MS: '2000', DELIVERY_RETRY_BASE_MS: '300', DELIVERY_RETRY_MAX_MS: '2000',
  });
  replicas.push(r);
  return r;
}

/** A zone where it is not close to midnight now, so the reminder's day is the same from start to end of the test. */
function zoneAwayFromMidnight(): string {
  for (const zone of ['UTC', 'Asia/Tokyo', 'America/New_York', 'Australia/Sydney']) {
    const { hour } = localParts(new Date(), zone);
    if (hour >= 1 && hour <= 21) return zone;
  }
  throw new Error('no zone away from midnight');
}

async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('reminders across replicas', () => {
  it('each user gets exactly one reminder with 3 replicas, even when a replica dies mid-send', async () => {
    const g = fake.addGuild();
    const community = `discord:${g.id}`;
    const zone = zoneAwayFromMidnight();
    const users: FakeUser[] = Array.from({ length: USERS }, (_, i) => fake.addUser(`user${i}`));
    // Each reminder fell due at the start of this minute: its job is waiting before any replica runs.
    const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const { hour, minute } = localParts(due, zone);
    const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    for (const u of users) {
      const inv = invocationFor(community, u.username, { platform: 'discord', userId: `discord:${u.id}`, now: new Date(due.getTime() - 60_000) });
      await app.services.userZones.set(community, inv.userId, zone);
      // Planned more than once, as several replicas and repeated commands would: still one job for the day.
      await Promise.all([app.services.reminders.on(inv, time), app.services.reminders.on(inv, time), app.services.reminders.show(inv)]);
    }
    const day = dayNumber(due, zone);
    const ids = users.map((u) => jobIds.remind(community, `discord:${u.id}`, day));
    expect((await Promise.all(ids.map((id) => app.delivery.job('discord', id)))).every(Boolean)).toBe(true);

    // Discord accepts the first DM but its answer never reaches the sender, which is then killed.
    fake.holdNext(MESSAGES);
    const a = replica('a');
    const held = await fake.waitFor((r) => r.route === MESSAGES && fake.channels.get(r.params.channel!)?.type === 1, 60_000, 'the first DM');
    await a.kill();
    const live = [replica('b'), replica('c'), replica('d')];
    await Promise.all(live.map((r) => r.ready));

    await until(async () => {
      const states = await Promise.all(ids.map(async (id) => (await app.delivery.job('discord', id))?.getState()));
      return states.every((s) => s === 'completed');
    }, 120_000, 'every reminder job completed');
    for (const u of users) expect(fake.dmsTo(u), u.username).toHaveLength(1);
    // The held DM was sent again by another replica with the same nonce, and Discord returned the first message.
    const heldUser = users.find((u) => fake.dmChannel(u).id === held.params.channel)!;
    const sends = fake.requests.filter((r) => r.route === MESSAGES && r.params.channel === held.params.channel);
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sends.map((r) => r.body.nonce)).size).toBe(1);
    expect(fake.dmsTo(heldUser)).toHaveLength(1);
    // Each recorded as sent, and each queued tomorrow's reminder once.
    for (const u of users) expect((await app.services.reminders.state(community, `discord:${u.id}`)).lastSentDay).toBe(day);
    const tomorrow = await Promise.all(users.map((u) => app.delivery.job('discord', jobIds.remind(community, `discord:${u.id}`, day + 1))));
    expect(tomorrow.every((j) => j && j.data.at > Date.now())).toBe(true);
    expect(fake.rateLimited).toBeLessThan(10);
  }, 200_000);
});
