import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { PermanentPostError, type DmOptions } from '../../src/core/posting.js';
import type { Reply } from '../../src/core/reply.js';
import { dayNumber } from '../../src/domain/calendar.js';
import { jobIds, type RemindJob } from '../../src/delivery/jobs.js';
import { answerOption, freshCommunity, invocationFor, testApp } from '../support/app.js';
import { RecordingPort } from '../support/recording-port.js';

/**
 * Streak reminders as delivery jobs on real Redis and BullMQ, through a recording platform. The delivery clock is
 * set by the test, so each reminder runs "at" its time when its delayed job is promoted.
 */

/** A platform whose direct messages fail: for good for some users, or once (a network error) for others. */
class DmPort extends RecordingPort {
  readonly refuse = new Set<string>();
  readonly flaky = new Set<string>();
  override async dm(userId: string, reply: Reply, opts: DmOptions = {}): Promise<void> {
    if (this.refuse.has(userId)) throw new PermanentPostError('the user does not accept direct messages', 50007);
    if (this.flaky.delete(userId)) throw new Error('socket hang up');
    return super.dm(userId, reply, opts);
  }
}

let app: App;
const port = new DmPort('console');
let now = new Date('2030-01-07T10:00:00Z');
const ROUTE = 'console';

beforeAll(async () => {
  app = await testApp({ db: 12, env: { REMINDER_GRACE_MINUTES: '60', DELIVERY_RETRY_BASE_MS: '100', DELIVERY_RETRY_MAX_MS: '200' } });
  app.delivery.attach(port);
  app.delivery.setClock(() => now);
});
afterAll(async () => { await app?.close(); });

const inv = (community: string, user: string, at = now) => invocationFor(community, user, { now: at });
const remindId = (community: string, user: string, day: number) => jobIds.remind(community, `console:${user}`, day);
const job = async (id: string) => (await app.delivery.job(ROUTE, id)) as Job<RemindJob> | undefined;
const dmsTo = (user: string) => port.dms.filter((d) => d.userId === `console:${user}`);

/** Runs a user's reminder job for `day` with the clock at `at`, as if its time had come; returns its final state. */
async function runAt(community: string, user: string, day: number, at: Date): Promise<string> {
  now = at;
  const id = remindId(community, user, day);
  const j = await job(id);
  if (!j) throw new Error(`no reminder job ${id}`);
  if ((await j.getState()) === 'delayed') await j.promote();
  return app.delivery.settled(ROUTE, id);
}

/** An answer to a personal question at `at`, which counts for the streak that day. */
async function answerAt(community: string, user: string, at: Date): Promise<void> {
  const q = await app.services.quiz.ask(inv(community, user, at), 'probability', 'medium');
  await answerOption(app, inv(community, user, at), q.postId!, 1);
}

const metric = async (labels: Record<string, string>) => {
  const m = (await app.metrics.registry.getSingleMetric('dg_reminders_total')!.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x));
  return m?.value ?? 0;
};

const day7 = dayNumber(new Date('2030-01-07T12:00:00Z'), 'UTC');

describe('streak reminders', () => {
  it('a user who has not answered gets one DM with a one-tap question and their streak at stake; it counts from the DM', async () => {
    const c = freshCommunity();
    await answerAt(c, 'ann', new Date('2030-01-06T09:00:00Z'));
    now = new Date('2030-01-07T10:00:00Z');
    const on = await app.router.dispatch(inv(c, 'ann'), { name: 'remind', text: 'on 20:00' });
    expect(on.body).toContain('At **20:00** (UTC)');
    const planned = (await job(remindId(c, 'ann', day7)))!;
    expect(await planned.getState()).toBe('delayed');
    expect(planned.data.at).toBe(Date.parse('2030-01-07T20:00:00Z'));
    // Planned again (another /remind, another replica): still one job for the day.
    await Promise.all([1, 2, 3].map(() => app.router.dispatch(inv(c, 'ann'), { name: 'remind', text: '' })));
    const sentBefore = await metric({ outcome: 'sent' });

    expect(await runAt(c, 'ann', day7, new Date('2030-01-07T20:00:05Z'))).toBe('completed');
    const dms = dmsTo('ann');
    expect(dms).toHaveLength(1);
    const dm = dms[0]!;
    expect(dm.opts).toEqual({ communityId: c, idempotencyKey: remindId(c, 'ann', day7) });
    expect(dm.reply.title).toBe('⏰ Keep your 1-day streak');
    expect(dm.reply.body).toMatch(/1-day streak ends tonight without an answer today: you have no freeze left/);
    expect(dm.reply.body).toContain('Which is larger'); // the choice question ann has not seen yet
    expect(dm.reply.buttons!.map((b) => b.actionId)).toEqual([0, 1].map((i) => `ans:${dm.reply.postId}:${i}`).concat(`hint:${dm.reply.postId}`));
    expect(await metric({ outcome: 'sent' })).toBe(sentBefore + 1);

    // The next day's reminder was queued by this one; today's, planned again, is not sent again.
    const next = (await job(remindId(c, 'ann', day7 + 1)))!;
    expect(next.data.at).toBe(Date.parse('2030-01-08T20:00:00Z'));
    await app.services.reminders.planner!.plan({ communityId: c, userId: 'console:ann', time: '20:00', zone: 'UTC', after: new Date('2030-01-07T19:00:00Z') });
    expect(await app.delivery.settled(ROUTE, remindId(c, 'ann', day7))).toBe('completed');
    expect(dmsTo('ann')).toHaveLength(1);

    // One tap from the DM answers the question and keeps the streak.
    now = new Date('2030-01-07T20:10:00Z');
    const result = await app.router.action(inv(c, 'ann'), dm.reply.buttons![0]!.actionId);
    expect(result.body).toMatch(/Streak: 2 days/);
    const shown = await app.router.dispatch(inv(c, 'ann'), { name: 'remind', text: '' });
    expect(shown.body).toContain('You have answered today, so nothing is sent today.');
  });

  it('is not sent when the user already answered that day; the next day is still planned', async () => {
    const c = freshCommunity();
    now = new Date('2030-01-07T08:00:00Z');
    await app.services.reminders.on(inv(c, 'bea'), '20:00');
    await answerAt(c, 'bea', new Date('2030-01-07T12:00:00Z'));
    const skipped = await metric({ outcome: 'skipped', reason: 'answered' });
    expect(await runAt(c, 'bea', day7, new Date('2030-01-07T20:00:01Z'))).toBe('completed');
    expect(dmsTo('bea')).toEqual([]);
    expect(await metric({ outcome: 'skipped', reason: 'answered' })).toBe(skipped + 1);
    expect(await (await job(remindId(c, 'bea', day7 + 1)))!.getState()).toBe('delayed');
    // The next day she has not answered: it is sent.
    expect(await runAt(c, 'bea', day7 + 1, new Date('2030-01-08T20:00:01Z'))).toBe('completed');
    expect(dmsTo('bea')).toHaveLength(1);
  });

  it('days follow the user\'s zone, DST-safe: an answer at 00:30 on the day counts, one at 23:30 the evening before does not', async () => {
    // Auckland leaves daylight saving at 03:00 on Sunday 5 April 2026. Both answer on 4 April in UTC.
    const c = freshCommunity();
    const zone = 'Pacific/Auckland';
    now = new Date('2026-04-04T09:00:00Z'); // 22:00 on Saturday 4 April in Auckland
    for (const user of ['kiri', 'tama']) {
      await app.services.userZones.set(c, `console:${user}`, zone);
      await app.services.reminders.on(inv(c, user), '20:00');
    }
    const sunday = dayNumber(new Date('2026-04-05T00:00:00Z'), zone);
    await answerAt(c, 'kiri', new Date('2026-04-04T11:30:00Z')); // 00:30 Sunday (NZDT)
    await answerAt(c, 'tama', new Date('2026-04-04T10:30:00Z')); // 23:30 Saturday (NZDT)
    // Saturday's reminders (20:00 NZDT, before either answer) were planned for today already, Sunday's come next.
    expect((await job(remindId(c, 'kiri', sunday - 1)))).toBeUndefined();
    expect((await job(remindId(c, 'kiri', sunday)))!.data.at).toBe(Date.parse('2026-04-05T08:00:00Z')); // 20:00 NZST
    for (const user of ['kiri', 'tama']) expect(await runAt(c, user, sunday, new Date('2026-04-05T08:00:02Z'))).toBe('completed');
    expect(dmsTo('kiri')).toEqual([]);
    expect(dmsTo('tama')).toHaveLength(1);
    expect(dmsTo('tama')[0]!.reply.footer).toContain('Reminders come at 20:00 (Pacific/Auckland)');
  });

  it('respects opt-out: a queued reminder of a user who turned them off sends nothing and queues no more', async () => {
    const c = freshCommunity();
    now = new Date('2030-01-07T08:00:00Z');
    await app.services.reminders.on(inv(c, 'cid'), '20:00');
    const off = await app.router.dispatch(inv(c, 'cid'), { name: 'remind', text: 'off' });
    expect(off.body).toMatch(/^⏰ Reminders off\./);
    expect(await runAt(c, 'cid', day7, new Date('2030-01-07T20:00:01Z'))).toBe('completed');
    expect(dmsTo('cid')).toEqual([]);
    expect(await job(remindId(c, 'cid', day7 + 1))).toBeUndefined();
    const shown = await app.router.dispatch(inv(c, 'cid'), { name: 'remind', text: '' });
    expect(shown.title).toBe('⏰ Reminders are off');
    expect(shown.body).toContain('They were at 20:00');
  });

  it('a permanent refusal turns reminders off for the user, with the reason /remind shows; a network error is retried', async () => {
    const c = freshCommunity();
    now = new Date('2030-01-07T08:00:00Z');
    await app.services.reminders.on(inv(c, 'dan'), '20:00');
    await app.services.reminders.on(inv(c, 'eli'), '20:00');
    port.refuse.add('console:dan');
    port.flaky.add('console:eli');
    const failed = await metric({ outcome: 'failed', reason: 'refused' });
    expect(await runAt(c, 'dan', day7, new Date('2030-01-07T20:00:01Z'))).toBe('failed');
    expect(await metric({ outcome: 'failed', reason: 'refused' })).toBe(failed + 1);
    const state = await app.services.reminders.state(c, 'console:dan');
    expect(state).toMatchObject({ on: false, stopped: { reason: 'the user does not accept direct messages', at: Date.parse('2030-01-07T20:00:01Z') } });
    const shown = await app.router.dispatch(inv(c, 'dan'), { name: 'remind', text: 'show' });
    expect(shown.title).toBe('⏰ Reminders are off');
    expect(shown.body).toContain('The bot turned them off on 2030-01-07 because it could not send you a direct message: the user does not accept direct messages.');
    // The next day's job (queued before the send) finds them off.
    expect(await runAt(c, 'dan', day7 + 1, new Date('2030-01-08T20:00:01Z'))).toBe('completed');
    expect(dmsTo('dan')).toEqual([]);
    // Turning them on again clears the reason.
    port.refuse.delete('console:dan');
    await app.services.reminders.on(inv(c, 'dan', new Date('2030-01-08T21:00:00Z')), '20:00');
    expect((await app.services.reminders.state(c, 'console:dan')).stopped).toBeUndefined();

    expect(await runAt(c, 'eli', day7, new Date('2030-01-07T20:00:01Z'))).toBe('completed');
    expect((await job(remindId(c, 'eli', day7)))!.attemptsMade).toBe(2);
    expect(dmsTo('eli')).toHaveLength(1);
  });

  it('after downtime, a reminder more than the grace window late is skipped, not sent at noon the next day', async () => {
    const c = freshCommunity();
    now = new Date('2030-01-07T08:00:00Z');
    await app.services.reminders.on(inv(c, 'fay'), '20:00');
    await app.services.reminders.on(inv(c, 'gus'), '20:00');
    const late = await metric({ outcome: 'skipped', reason: 'late' });
    // fay's runs 50 minutes late (within the hour of grace): sent. gus's runs the next day at noon: skipped.
    expect(await runAt(c, 'fay', day7, new Date('2030-01-07T20:50:00Z'))).toBe('completed');
    expect(await runAt(c, 'gus', day7, new Date('2030-01-08T12:00:00Z'))).toBe('completed');
    expect(dmsTo('fay')).toHaveLength(1);
    expect(dmsTo('gus')).toEqual([]);
    expect(await metric({ outcome: 'skipped', reason: 'late' })).toBe(late + 1);
    // gus's chain goes on from now: the next reminder is that evening's.
    expect((await job(remindId(c, 'gus', day7 + 1)))!.data.at).toBe(Date.parse('2030-01-08T20:00:00Z'));
  });

  it('a new time moves the queued reminder; a job that runs before its new time waits for it', async () => {
    const c = freshCommunity();
    now = new Date('2030-01-07T08:00:00Z');
    await app.services.reminders.on(inv(c, 'hal'), '20:00');
    const reply = await app.services.reminders.on(inv(c, 'hal'), '21:30');
    expect(reply.body).toContain('At **21:30** (UTC)');
    const j = (await job(remindId(c, 'hal', day7)))!;
    expect(j.data.at).toBe(Date.parse('2030-01-07T21:30:00Z'));
    // Run at 20:00 anyway (as a worker that took it just before the move would): it goes back to wait.
    now = new Date('2030-01-07T20:00:00Z');
    await j.promote();
    for (let i = 0; i < 100 && (await j.getState()) !== 'delayed'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await j.getState()).toBe('delayed');
    expect(dmsTo('hal')).toEqual([]);
    expect(await runAt(c, 'hal', day7, new Date('2030-01-07T21:30:01Z'))).toBe('completed');
    expect(dmsTo('hal')).toHaveLength(1);
  });

  it('a change of the user\'s own zone moves the queued reminder to their time in the new zone the same day', async () => {
    // 07:00 in New York: today's 20:00 reminder is queued for 01:00 UTC tomorrow. At 13:00 in Berlin she moves there.
    const c = freshCommunity();
    now = new Date('2030-01-07T12:00:00Z');
    await app.services.userZones.set(c, 'console:nia', 'America/New_York');
    await app.services.reminders.on(inv(c, 'nia'), '20:00');
    expect((await job(remindId(c, 'nia', day7)))!.data.at).toBe(Date.parse('2030-01-08T01:00:00Z'));
    const moved = await app.router.dispatch(inv(c, 'nia'), { name: 'settings', sub: 'mytimezone', text: 'Europe/Berlin' });
    expect(moved.body).toContain('Your reminder now comes at 20:00 in Europe/Berlin');
    // Planned for 20:00 in Berlin (19:00 UTC), and sent then: not skipped as late at the New York hour.
    const at = (await job(remindId(c, 'nia', day7)))!.data.at;
    expect(at).toBe(Date.parse('2030-01-07T19:00:00Z'));
    expect(await runAt(c, 'nia', day7, new Date(at + 1000))).toBe('completed');
    expect(dmsTo('nia')).toHaveLength(1);
    expect(dmsTo('nia')[0]!.reply.footer).toContain('Reminders come at 20:00 (Europe/Berlin)');
    // Back to the community zone (UTC): the next one moves again; with reminders off nothing is said about them.
    now = new Date('2030-01-08T10:00:00Z');
    const reset = await app.router.dispatch(inv(c, 'nia'), { name: 'settings', sub: 'mytimezone', text: 'reset' });
    expect(reset.body).toContain('Your reminder now comes at 20:00 in UTC');
    expect((await job(remindId(c, 'nia', day7 + 1)))!.data.at).toBe(Date.parse('2030-01-08T20:00:00Z'));
    const quiet = await app.router.dispatch(inv(c, 'noa'), { name: 'settings', sub: 'mytimezone', text: 'Asia/Tokyo' });
    expect(quiet.body).not.toContain('reminder');
  });

  it('refuses a bad time or a time with off, and changes nothing', async () => {
    const c = freshCommunity();
    for (const text of ['on 25:00', 'on 8pm', 'on 12:60']) {
      const r = await app.router.dispatch(inv(c, 'ivy'), { name: 'remind', text });
      expect(r.tone, text).toBe('error');
      expect(r.body).toMatch(/is not a time (of day|I understand).*Nothing was changed\./);
    }
    expect((await app.router.dispatch(inv(c, 'ivy'), { name: 'remind', text: 'off 20:00' })).body).toMatch(/A time is only for `\/remind on`/);
    expect((await app.router.dispatch(inv(c, 'ivy'), { name: 'remind', text: '7:30' })).body).toMatch(/A time is only for `\/remind on`, e\.g\. `\/remind on 07:30`/);
    expect((await app.router.dispatch(inv(c, 'ivy'), { name: 'remind', text: 'later' })).body).toMatch(/"later" is not something \/remind understands/);
    expect(await app.services.reminders.state(c, 'console:ivy')).toMatchObject({ time: undefined, on: false });
    expect(await app.services.reminders.known(c, 'console:ivy')).toBe(false);
  });
});
