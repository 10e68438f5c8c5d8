import { describe, expect, it } from 'vitest';
import { dayNumber, localParts } from '../../src/domain/calendar.js';
import { jobIds } from '../../src/delivery/jobs.js';
import { invocationFor } from '../support/app.js';
import { type FakeUser } from '../support/fake-discord.js';
import { replicaStand } from '../support/replica-stand.js';
import { until } from '../support/until.js';

/**
 * Reminders with several bot processes (the real entry point) against one Redis and the fake Discord, one of them
 * killed with SIGKILL while a DM is in flight. The test process only turns reminders on and reads the outcome.
 */
const MESSAGES = '/channels/:channel/messages';
const USERS = 40;
const stand = replicaStand('remind-replicas', { REMINDER_GRACE_MINUTES: '60' });

/** A zone where it is not close to midnight now, so the reminder's day is the same from start to end of the test. */
function zoneAwayFromMidnight(): string {
  for (const zone of ['UTC', 'Asia/Tokyo', 'America/New_York', 'Australia/Sydney']) {
    const { hour } = localParts(new Date(), zone);
    if (hour >= 1 && hour <= 21) return zone;
  }
  throw new Error('no zone away from midnight');
}

describe('reminders across replicas', () => {
  it('each user gets exactly one reminder with 3 replicas, even when a replica dies mid-send', async () => {
    const g = stand.fake.addGuild();
    const community = `discord:${g.id}`;
    const zone = zoneAwayFromMidnight();
    const users: FakeUser[] = Array.from({ length: USERS }, (_, i) => stand.fake.addUser(`user${i}`));
    // Each reminder fell due at the start of this minute: its job is waiting before any replica runs.
    const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const { hour, minute } = localParts(due, zone);
    const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    for (const u of users) {
      const inv = invocationFor(community, u.username, { platform: 'discord', userId: `discord:${u.id}`, now: new Date(due.getTime() - 60_000) });
      await stand.app.services.userZones.set(community, inv.userId, zone);
      // Planned more than once, as several replicas and repeated commands would: still one job for the day.
      await Promise.all([stand.app.services.reminders.on(inv, time), stand.app.services.reminders.on(inv, time), stand.app.services.reminders.show(inv)]);
    }
    const day = dayNumber(due, zone);
    const ids = users.map((u) => jobIds.remind(community, `discord:${u.id}`, day));
    expect((await Promise.all(ids.map((id) => stand.app.delivery.job('discord', id)))).every(Boolean)).toBe(true);

    // Discord accepts the first DM but its answer never reaches the sender, which is then killed.
    stand.fake.holdNext(MESSAGES);
    const a = stand.replica('a');
    const held = await stand.fake.waitFor((r) => r.route === MESSAGES && stand.fake.channels.get(r.params.channel!)?.type === 1, 60_000, 'the first DM');
    await a.kill();
    const live = [stand.replica('b'), stand.replica('c'), stand.replica('d')];
    await Promise.all(live.map((r) => r.ready));

    await until(async () => {
      const states = await Promise.all(ids.map(async (id) => (await stand.app.delivery.job('discord', id))?.getState()));
      return states.every((s) => s === 'completed');
    }, 120_000, 'every reminder job completed');
    for (const u of users) expect(stand.fake.dmsTo(u), u.username).toHaveLength(1);
    // The held DM was sent again by another replica with the same nonce, and Discord returned the first message.
    const heldUser = users.find((u) => stand.fake.dmChannel(u).id === held.params.channel)!;
    const sends = stand.fake.requests.filter((r) => r.route === MESSAGES && r.params.channel === held.params.channel);
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sends.map((r) => r.body.nonce)).size).toBe(1);
    expect(stand.fake.dmsTo(heldUser)).toHaveLength(1);
    // Each recorded as sent, and each queued tomorrow's reminder once.
    for (const u of users) expect((await stand.app.services.reminders.state(community, `discord:${u.id}`)).lastSentDay).toBe(day);
    const tomorrow = await Promise.all(users.map((u) => stand.app.delivery.job('discord', jobIds.remind(community, `discord:${u.id}`, day + 1))));
    expect(tomorrow.every((j) => j && j.data.at > Date.now())).toBe(true);
    expect(stand.fake.rateLimited).toBeLessThan(10);
  }, 200_000);
});
