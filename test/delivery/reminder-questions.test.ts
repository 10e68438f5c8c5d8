import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { PermanentPostError, type DmOptions } from '../../src/core/posting.js';
import type { Reply } from '../../src/core/reply.js';
import { dayNumber } from '../../src/domain/calendar.js';
import { jobIds } from '../../src/delivery/jobs.js';
import { postIdFor } from '../../src/store/posts.js';
import { answerOption, freshCommunity, invocationFor, testApp } from '../support/app.js';
import { mockBank } from '../support/mock-bank.js';
import { RecordingPort } from '../support/recording-port.js';

/**
 * Which question a reminder asks (a due review before a new question, never the last reminder's again) and what
 * becomes of it when the direct message is refused, on real Redis and BullMQ. The bank's probability questions are
 * "math probability question <n>" with the options right / wrong / also wrong.
 */

/** A platform that can refuse a user's DMs for good, and looks at the reminder's question while its DM is in flight. */
class ProbePort extends RecordingPort {
  readonly refuse = new Set<string>();
  probe?: (userId: string, reply: Reply) => Promise<void>;
  override async dm(userId: string, reply: Reply, opts: DmOptions = {}): Promise<void> {
    await this.probe?.(userId, reply);
    if (this.refuse.has(userId)) throw new PermanentPostError('the user does not accept direct messages', 50007);
    return super.dm(userId, reply, opts);
  }
}

let app: App;
const port = new ProbePort('console');
let now = new Date('2030-01-07T10:00:00Z');
const ROUTE = 'console';

beforeAll(async () => {
  app = await testApp({ db: 13, bank: mockBank(), env: { REMINDER_GRACE_MINUTES: '60' } });
  app.delivery.attach(port);
  app.delivery.setClock(() => now);
});
afterAll(async () => { await app?.close(); });

const inv = (community: string, user: string, at = now) => invocationFor(community, user, { now: at });
const remindId = (community: string, user: string, day: number) => jobIds.remind(community, `console:${user}`, day);
const dmsTo = (user: string) => port.dms.filter((d) => d.userId === `console:${user}`);
const seen = async (community: string, user: string) => [...await app.services.questionStates.seen(community, `console:${user}`)];
const day7 = dayNumber(new Date('2030-01-07T12:00:00Z'), 'UTC');

/** Runs a user's reminder for `day` at its time (20:00 UTC) and returns the job's final state. */
async function runOn(community: string, user: string, day: number): Promise<string> {
  now = new Date((day * 86_400 + 20 * 3600 + 5) * 1000);
  const id = remindId(community, user, day);
  const job = await app.delivery.job(ROUTE, id);
  if (!job) throw new Error(`no reminder job ${id}`);
  if ((await job.getState()) === 'delayed') await job.promote();
  return app.delivery.settled(ROUTE, id);
}

/** A wrong answer to one question at `iso`: it comes back for review the next day. */
async function missAt(community: string, user: string, questionId: string, iso: string): Promise<void> {
  const at = new Date(iso);
  const post = await app.services.posts.create({
    communityId: community, questionId, channelId: 'console:main', audience: `console:${user}`, createdAt: at.getTime(), closesAt: 0, scheduleId: '', answerMode: 'buttons',
  });
  await answerOption(app, inv(community, user, at), post.id, 1);
}

describe('the reminder\'s question', () => {
  it('is the due review the user is most likely to have forgotten, as /review picks it, and the DM says so', async () => {
    const c = freshCommunity();
    await missAt(c, 'rae', 'm-probability-0', '2030-01-01T09:00:00Z');
    await missAt(c, 'rae', 'm-probability-1', '2030-01-05T09:00:00Z');
    now = new Date('2030-01-07T08:00:00Z');
    await app.services.reminders.on(inv(c, 'rae'), '20:00');

    expect(await runOn(c, 'rae', day7)).toBe('completed');
    const first = dmsTo('rae')[0]!.reply;
    expect(first.body).toContain('🔁 **A review due today**');
    expect(first.body).toContain('math probability question 0');
    expect(first.body).not.toContain('A new question');
    const review = await app.router.dispatch(inv(c, 'rae'), { name: 'review', text: '' });
    expect(review.body).toContain('math probability question 0');

    // Not answered: the next day that card is still the most forgotten, but the reminder asks the other due one.
    expect(await runOn(c, 'rae', day7 + 1)).toBe('completed');
    const second = dmsTo('rae')[1]!.reply;
    expect(second.body).toContain('🔁 **A review due today**');
    expect(second.body).toContain('math probability question 1');
    // Answered from the DM, it rates the review; its next question is the next review.
    const done = await app.router.action(inv(c, 'rae'), second.buttons![0]!.actionId);
    expect(done.buttons?.some((b) => b.actionId === 'rev')).toBe(true);
  });

  it('is a new question when no review is due, and never the last reminder\'s question while another is available', async () => {
    const c = freshCommunity();
    now = new Date('2030-01-07T08:00:00Z');
    await app.services.reminders.on(inv(c, 'ned'), '20:00');
    expect(await runOn(c, 'ned', day7)).toBe('completed');
    const fresh = dmsTo('ned')[0]!.reply;
    expect(fresh.body).toContain('✨ **A new question**');
    expect(fresh.body).not.toContain('A review due today');
    expect(fresh.title).toBe('⏰ Time for today\'s question');

    // sol's only due review was yesterday's reminder question: today's is a new one instead.
    await missAt(c, 'sol', 'm-probability-0', '2030-01-01T09:00:00Z');
    await app.services.reminders.on(inv(c, 'sol', new Date('2030-01-07T08:00:00Z')), '20:00');
    expect(await runOn(c, 'sol', day7)).toBe('completed');
    expect(dmsTo('sol')[0]!.reply.body).toContain('math probability question 0');
    expect(await runOn(c, 'sol', day7 + 1)).toBe('completed');
    const next = dmsTo('sol')[1]!.reply;
    expect(next.body).toContain('✨ **A new question**');
    expect(next.body).not.toContain('math probability question 0');
    // The day after, another day later, the review comes back (it is only kept from two reminders in a row).
    expect(await runOn(c, 'sol', day7 + 2)).toBe('completed');
    expect(dmsTo('sol')[2]!.reply.body).toContain('math probability question 0');
  });

  it('stays unanswerable and unseen until the DM is accepted; a DM refused for good leaves no question behind', async () => {
    const c = freshCommunity();
    now = new Date('2030-01-07T08:00:00Z');
    await app.services.reminders.on(inv(c, 'tia'), '20:00');
    await app.services.reminders.on(inv(c, 'uma'), '20:00');
    const during: { status?: string; seen: string[] }[] = [];
    port.probe = async (userId, reply) => {
      const post = await app.services.posts.state(c, reply.postId!);
      during.push({ status: post?.status, seen: [...await app.services.questionStates.seen(c, userId)] });
    };
    try {
      expect(await runOn(c, 'tia', day7)).toBe('completed');
      expect(during).toEqual([{ status: 'pending', seen: [] }]);
      const postId = dmsTo('tia')[0]!.reply.postId!;
      const post = (await app.services.posts.state(c, postId))!;
      expect(post.status).toBe('open');
      expect(await seen(c, 'tia')).toEqual([post.questionId]);
      expect(await app.services.reminders.state(c, 'console:tia')).toMatchObject({ lastSentDay: day7, lastQuestion: post.questionId });

      port.refuse.add('console:uma');
      expect(await runOn(c, 'uma', day7)).toBe('failed');
      expect(during[1]).toEqual({ status: 'pending', seen: [] });
      expect(await app.services.posts.state(c, postIdFor(remindId(c, 'uma', day7)))).toBeUndefined();
      expect(await seen(c, 'uma')).toEqual([]);
      expect(await app.services.reminders.state(c, 'console:uma')).toMatchObject({ on: false, lastSentDay: undefined, lastQuestion: undefined });
    } finally {
      port.probe = undefined;
      port.refuse.clear();
    }
  });
});
