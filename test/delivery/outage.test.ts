import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { jobIds } from '../../src/delivery/jobs.js';
import { createLogger } from '../../src/ops/logger.js';
import type { Schedule } from '../../src/store/schedules.js';
import { RecordingPort } from '../support/recording-port.js';
import { stoppableRedis } from '../support/stoppable-redis.js';
import { until } from '../support/until.js';

/** This test stops its own redis-server; the suite's one stays up. */
const own = stoppableRedis('outage');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a Redis outage across the slot time', () => {
  it('Redis stopped for 15 s across the slot: the slot is posted once after it returns', async () => {
    await own.start();
    const config = loadConfig({ DEFAULT_TIMEZONE: 'UTC', SCHEDULE_GRACE_MINUTES: '60', DELIVERY_RETRY_BASE_MS: '200', DELIVERY_LOCK_MS: '5000' });
    const app = await own.app(config, createLogger('silent'));
    const port = new RecordingPort('console');
    await app.startScheduler([port]);

    const slot = new Date(Math.ceil((Date.now() + 6_000) / 1000) * 1000);
    const s: Schedule = {
      id: app.services.scheduleRepo.newId(), communityId: 'console:outage', channelId: 'console:study', label: 'daily',
      cron: `${slot.getUTCSeconds()} ${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`, timezone: 'UTC',
      filter: { tracks: [], topics: ['probability'], difficulties: [], kinds: [] }, windowMinutes: 60, answerMode: 'both', recap: false,
      paused: false, createdBy: 'console:admin', createdAt: Date.now() - 60_000,
    };
    await app.services.scheduleRepo.save(s);
    await sleep(slot.getTime() - 3_000 - Date.now());
    await own.stop();
    const downAt = Date.now();
    await sleep(15_000);
    expect(Date.now() - downAt).toBeGreaterThanOrEqual(15_000);
    expect(port.posts).toHaveLength(0);
    await own.start();

    // The catch-up that runs on reconnect queues the slot (the trigger at the slot time found Redis unreachable).
    const jobId = jobIds.post(s.communityId, s.id, slot.getTime());
    await until(async () => Boolean(await app.delivery.job('console', jobId)), 30_000, 'the slot queued after the outage');
    expect(await app.delivery.settled('console', jobId, 30_000)).toBe('completed');
    await sleep(500);
    const questions = port.posts.filter((p) => /Question of the day/.test(p.reply.title ?? ''));
    expect(questions).toHaveLength(1);
    expect(questions[0]!.at).toBeGreaterThan(downAt + 15_000);
    expect((await app.services.posts.state(s.communityId, questions[0]!.reply.postId!))!.status).toBe('open');
  }, 90_000);
});
