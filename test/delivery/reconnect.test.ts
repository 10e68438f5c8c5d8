import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { jobIds } from '../../src/delivery/jobs.js';
import { createLogger } from '../../src/ops/logger.js';
import type { Schedule } from '../../src/store/schedules.js';
import { RecordingPort } from '../support/recording-port.js';
import { stoppableRedis } from '../support/stoppable-redis.js';
import { until } from '../support/until.js';

/** This test stops its own redis-server; the suite's one stays up. */
const own = stoppableRedis('reconnect');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('catch-up after Redis reconnects', () => {
  it('a slot whose trigger fired while Redis was down is queued when Redis is back, and posted once within its grace window', async () => {
    await own.start();
    const logs: string[] = [];
    const config = loadConfig({ DEFAULT_TIMEZONE: 'UTC', SCHEDULE_GRACE_MINUTES: '30', DELIVERY_RETRY_BASE_MS: '200', DELIVERY_LOCK_MS: '5000' });
    const app = await own.app(config, createLogger('info', { write: (l: string) => { logs.push(l); } }));
    const port = new RecordingPort('console');
    await app.startScheduler([port]);

    const slot = new Date(Math.ceil((Date.now() + 5_000) / 1000) * 1000);
    const s: Schedule = {
      id: app.services.scheduleRepo.newId(), communityId: 'console:reconnect', channelId: 'console:study', label: 'daily',
      cron: `${slot.getUTCSeconds()} ${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`, timezone: 'UTC',
      filter: { tracks: [], topics: ['probability'], difficulties: [], kinds: [] }, windowMinutes: 60, answerMode: 'both', recap: false,
      paused: false, createdBy: 'console:admin', createdAt: Date.now() - 60_000,
    };
    await app.services.scheduleRepo.save(s);
    // The schedule change reaches the scheduler through pub/sub; wait until its timer is set.
    await sleep(1_000);
    await sleep(slot.getTime() - 2_000 - Date.now());
    await own.stop();
    // The slot comes and goes while Redis is down: this process's trigger fires and gives the slot up.
    await sleep(slot.getTime() + 3_000 - Date.now());
    expect(logs.some((l) => l.includes('redis is unreachable at a slot'))).toBe(true);
    expect(port.posts).toHaveLength(0);
    const backAt = Date.now();
    await own.start();

    // Nothing else will add the slot: only the catch-up that runs on reconnect can queue it.
    const jobId = jobIds.post(s.communityId, s.id, slot.getTime());
    await until(async () => Boolean(await app.delivery.job('console', jobId)), 30_000, 'the slot queued after the reconnect');
    expect(await app.delivery.settled('console', jobId, 30_000)).toBe('completed');
    await sleep(500);
    const questions = port.posts.filter((p) => /Question of the day/.test(p.reply.title ?? ''));
    expect(questions).toHaveLength(1);
    expect(questions[0]!.at).toBeGreaterThanOrEqual(backAt);
    expect(questions[0]!.at - slot.getTime()).toBeLessThan(30 * 60_000);
    expect(logs.some((l) => l.includes('redis is back; catching up on missed slots'))).toBe(true);
    expect((await app.services.scheduleRepo.state(s.communityId, s.id)).lastSlot).toBe(slot.getTime());
  }, 90_000);
});
