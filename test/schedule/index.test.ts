import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { communityKeys, globalKeys, scheduleBucket, SCHEDULE_BUCKETS } from '../../src/store/keys.js';
import type { Schedule } from '../../src/store/schedules.js';
import { testApp, freshCommunity } from '../support/app.js';
import { RecordingPort } from '../support/recording-port.js';

/** Its own database (or cluster): these tests read and rebuild the whole schedule index. */
let app: App;
beforeAll(async () => { app = await testApp({ db: 5 }); });
afterAll(async () => { await app.close(); });

function schedule(communityId: string, extra: Partial<Schedule> = {}): Schedule {
  return {
    id: app.services.scheduleRepo.newId(), communityId, channelId: 'console:study', cron: '0 9 * * *', label: 'daily 09:00', timezone: 'UTC',
    filter: { tracks: [], topics: [], difficulties: [], kinds: [] }, windowMinutes: 60, answerMode: 'buttons', recap: false,
    paused: false, createdBy: 'console:admin', createdAt: Date.now(), ...extra,
  };
}

const bucketOf = (c: string) => globalKeys.scheduledCommunities(scheduleBucket(c));

describe('the index of communities with schedules', () => {
  it('is spread over hash-tagged buckets, and a community leaves it with its last schedule', async () => {
    const communities = Array.from({ length: 40 }, () => freshCommunity());
    expect(new Set(communities.map(scheduleBucket)).size).toBeGreaterThan(8);
    expect(globalKeys.scheduledCommunities(3)).toMatch(/^dg:\{sched-3\}:/);
    const [c] = communities as [string];
    const [s1, s2] = [schedule(c), schedule(c, { cron: '0 18 * * *' })];
    await app.services.scheduleRepo.save(s1);
    await app.services.scheduleRepo.save(s2);
    expect(await app.redis.sismember(bucketOf(c), c)).toBe(1);
    expect(await app.services.scheduleRepo.communities()).toContain(c);
    await app.services.scheduleRepo.remove(c, s1.id);
    expect(await app.redis.sismember(bucketOf(c), c)).toBe(1);
    await app.services.scheduleRepo.remove(c, s2.id);
    expect(await app.redis.sismember(bucketOf(c), c)).toBe(0);
  });

  it('is rebuilt from the communities\' schedule hashes, taking over the single set of earlier versions', async () => {
    const [c1, c2, gone] = [freshCommunity(), freshCommunity(), freshCommunity()];
    await app.services.scheduleRepo.save(schedule(c1));
    await app.redis.hset(communityKeys(c2).schedules, 'abcd0001', JSON.stringify(schedule(c2, { id: 'abcd0001' })));
    await app.redis.sadd(globalKeys.legacyScheduledCommunities, c2, gone);
    for (let b = 0; b < SCHEDULE_BUCKETS; b++) await app.redis.del(globalKeys.scheduledCommunities(b));
    expect(await app.services.scheduleRepo.indexNeedsRebuild()).toBe(true);
    expect(await app.services.scheduleRepo.rebuildIndex()).toBeGreaterThanOrEqual(2);
    const indexed = await app.services.scheduleRepo.communities();
    expect(indexed).toEqual(expect.arrayContaining([c1, c2]));
    expect(indexed).not.toContain(gone);
    expect(await app.redis.exists(globalKeys.legacyScheduledCommunities)).toBe(0);
    expect(await app.services.scheduleRepo.indexNeedsRebuild()).toBe(false);
  });
});

describe('a change notice', () => {
  it('makes every replica reload the schedules of the community it names, and only those', async () => {
    const other = await testApp({ db: 5 });
    try {
      const scheduler = await other.startScheduler([new RecordingPort('console', 'r-')]);
      const [named, unnamed] = [freshCommunity(), freshCommunity()];
      // Stored without a notice (as if its notice were lost): only a full reload would find it.
      const quiet = schedule(unnamed, { cron: '7 7 * * *' });
      await app.redis.hset(communityKeys(unnamed).schedules, quiet.id, JSON.stringify(quiet));
      await app.redis.sadd(bucketOf(unnamed), unnamed);
      await app.services.scheduleRepo.save(schedule(named, { cron: '5 5 * * *' }));
      const tasks = () => scheduler.runningCrons();
      const deadline = Date.now() + 5000;
      while (!tasks().includes('5 5 * * * UTC')) {
        if (Date.now() > deadline) throw new Error('the other replica did not reload the named community');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(tasks()).not.toContain('7 7 * * * UTC');
      await scheduler.sync();
      expect(tasks()).toContain('7 7 * * * UTC');
    } finally {
      await other.close();
    }
  });
});
