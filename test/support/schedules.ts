import type { App } from '../../src/app.js';
import { channelRef } from '../../src/core/reply.js';
import type { Schedule } from '../../src/store/schedules.js';

export interface ManySchedules {
  schedules: Schedule[];
  /** The ids of the schedules recorded as failing, in the order `/schedule show` lists them (by next post). */
  failing: string[];
}

const ZONES = ['America/Argentina/ComodRivadavia', 'Europe/Berlin', 'Pacific/Chatham', 'UTC', 'America/North_Dakota/New_Salem'];

/**
 * `count` schedules in a community, the longest a listing can get: long labels and zones, every seventh one failing
 * with a long reason naming its channel, and its reveal and recap failed and a slot missed as well. Channels are
 * `channels(i)` (namespaced ids); the admin is `createdBy`.
 */
export async function manySchedules(app: App, communityId: string, channels: (i: number) => string, createdBy: string, count = 50): Promise<ManySchedules> {
  const schedules: Schedule[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const hour = i % 24;
    const minute = (i * 7) % 60;
    const s: Schedule = {
      id: app.services.scheduleRepo.newId(), communityId, channelId: channels(i), cron: `${minute} ${hour} * * 1,2,3,4,5`,
      label: `mon,tue,wed,thu,fri ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} for the whole study group`,
      timezone: ZONES[i % ZONES.length]!, filter: { tracks: ['math', 'classical'], topics: ['probability', 'statistics', 'cnns'], difficulties: ['medium', 'hard'], kinds: ['choice'] },
      windowMinutes: 480, answerMode: 'both', recap: true, paused: i % 11 === 5, createdBy, createdAt: now - 86_400_000,
    };
    await app.services.scheduleRepo.save(s);
    schedules.push(s);
    if (i % 7 === 3) {
      const repo = app.services.scheduleRepo;
      const long = `the bot cannot post in ${channelRef(s.channelId)} (missing permission); ${'an admin has to give it Send Messages and Embed Links there, '.repeat(5)}`;
      await repo.recordFailure(communityId, s.id, long, now - 3_600_000, { slot: now - 3_600_000 });
      await repo.recordFailure(communityId, s.id, long, now - 1_800_000, { kind: 'reveal' });
      await repo.recordFailure(communityId, s.id, long, now - 900_000, { kind: 'recap' });
      await repo.recordMissed(communityId, s.id, now - 7_200_000, 'down');
    } else if (i % 5 === 0) {
      await app.services.scheduleRepo.recordSuccess(communityId, s.id, now - 3_600_000, now - 3_599_000);
    }
  }
  const failing = schedules.filter((_, i) => i % 7 === 3);
  return { schedules, failing: failing.map((s) => s.id) };
}

/** The schedule ids a listing shows, in order (each entry's heading starts with its id). */
export const listedIds = (text: string): string[] => [...text.matchAll(/(?:^|\n)(?:[*_]*)(?:⚠️ |⏸ )?([0-9a-f]{8}) · /g)].map((m) => m[1]!);
