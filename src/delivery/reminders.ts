import { UnrecoverableError, type Job } from 'bullmq';
import { PermanentPostError, routeOf } from '../core/posting.js';
import { dayNumber } from '../domain/calendar.js';
import { reminderDecision, type SkipReason } from '../domain/reminder.js';
import { liveStreak } from '../domain/streak.js';
import { nextReminderAt, reminderOn } from '../schedule/reminder-times.js';
import type { ReminderPlanner } from '../services/reminders.js';
import { postIdFor } from '../store/posts.js';
import { reminderCard } from '../views/reminder.js';
import type { JobContext, JobResult } from './handlers.js';
import { jobIds, type RemindJob } from './jobs.js';
import type { DeliveryQueues } from './queues.js';

/** The job ran before its time (the user moved the reminder later): it goes back to the queue until then. */
export class NotDue extends Error {
  override readonly name = 'NotDue';
  constructor(readonly waitMs: number) { super(`reminder due in ${waitMs} ms`); }
}

/**
 * Reminders are delayed jobs, one per user and local day (the job id), each queueing the next day's when it runs:
 * nothing polls, and a day's reminder is planned however often (by `/remind`, by the day before, by any replica)
 * and still sent once.
 */
export class ReminderPlanning implements ReminderPlanner {
  constructor(private readonly queues: DeliveryQueues, private readonly clock: () => Date) {}

  async plan(r: { communityId: string; userId: string; time: string; zone: string; after: Date }): Promise<Date | undefined> {
    const route = routeOf(r.communityId);
    let from = r.after;
    for (let i = 0; i < 3; i++) {
      const at = nextReminderAt(from, r.time, r.zone);
      const day = dayNumber(at, r.zone);
      const id = jobIds.remind(r.communityId, r.userId, day);
      const delayMs = at.getTime() - this.clock().getTime();
      const data: RemindJob = { communityId: r.communityId, userId: r.userId, day, at: at.getTime() };
      if (await this.queues.add(route, 'remind', id, data, { delayMs })) return at;
      const job = (await this.queues.queue(route).getJob(id)) as Job<RemindJob> | undefined;
      const state = job ? await job.getState() : 'unknown';
      if (state === 'unknown') continue; // gone in between: add it again
      if (state === 'completed' || state === 'failed') { from = at; continue; } // that day's has run: the next day's
      if (state === 'delayed' && job!.data.at !== data.at) {
        // A new time for a queued reminder: it moves (a worker that takes it meanwhile re-checks the time anyway).
        await job!.changeDelay(Math.max(0, delayMs)).catch(() => undefined);
        await job!.updateData({ ...job!.data, at: data.at }).catch(() => undefined);
      }
      return at;
    }
    return undefined;
  }
}

/**
 * One user's reminder for one local day: if reminders are still on, the day's answer has not come, and it is not too
 * late, a direct message with a one-tap question. The next day's reminder is queued first, so the chain goes on
 * whatever becomes of this one. The question stays pending (not answerable, not seen) until the platform accepts the
 * DM; a refusal for good (DMs closed) removes it and turns reminders off for the user, with the reason.
 */
export async function handleRemind(job: Job<RemindJob>, c: JobContext): Promise<JobResult> {
  const { communityId, userId, day } = job.data;
  const s = await c.services.reminders.state(communityId, userId);
  if (!s.on || !s.time) return skipped(c, 'off');
  const now = c.now();
  const due = reminderOn(day, s.time, s.zone).getTime();
  await c.planReminder({ communityId, userId, time: s.time, zone: s.zone, after: new Date(Math.max(due, now.getTime())) });
  const today = dayNumber(now, s.zone);
  const decision = reminderDecision({ on: s.on, day, dueMs: due, today, lastDay: s.streak.lastDay, nowMs: now.getTime(), graceMs: c.reminderGraceMs });
  if (decision.action === 'early') throw new NotDue(decision.waitMs);
  if (decision.action === 'skip') {
    if (decision.reason === 'late' && job.attemptsMade > 0) {
      c.metrics?.reminders.inc({ outcome: 'failed', reason: 'deadline' });
      const last = job.failedReason ? ` (last error: ${job.failedReason.slice(0, 200)})` : '';
      throw new UnrecoverableError(`the reminder could not be sent in time${last}`);
    }
    return skipped(c, decision.reason);
  }
  const picked = await c.services.reminders.question(communityId, userId, postIdFor(job.id!), now, s.lastQuestion);
  if (!picked) {
    c.metrics?.reminders.inc({ outcome: 'failed', reason: 'no-question' });
    throw new UnrecoverableError('the bank has no choice question for a reminder');
  }
  // Only an accepted DM opens the question: an attempt that died after that has nothing left to send.
  if (picked.post.status !== 'pending') return { outcome: 'done', postId: picked.post.id };
  const card = reminderCard(picked.question, picked.post, liveStreak(s.streak, today), s.freezeCap, s.time, s.zone, picked.review);
  try {
    for (let i = 0; i < (c.port.requestsPerDm ?? 1); i++) await c.pacer.request(i === 0);
    await c.port.dm(userId, card, { communityId, idempotencyKey: job.id! });
  } catch (err) {
    if (!(err instanceof PermanentPostError)) throw err;
    // Never shown: the question is not left behind as seen, and reminders stop with the platform's reason.
    await c.services.reminders.discard(communityId, picked.post.id);
    await c.services.reminders.stop(communityId, userId, err.reason, now.getTime());
    c.metrics?.reminders.inc({ outcome: 'failed', reason: 'refused' });
    c.metrics?.failures.inc({ kind: 'remind', code: String(err.code ?? 'refused') });
    c.log.warn({ community: communityId, user: userId, reason: err.reason }, 'reminder refused for good; reminders turned off for the user');
    throw new UnrecoverableError(err.reason);
  }
  await c.services.reminders.sent(communityId, userId, day, picked.post);
  c.metrics?.reminders.inc({ outcome: 'sent', reason: 'sent' });
  return { outcome: 'done', postId: picked.post.id };
}

function skipped(c: JobContext, reason: SkipReason): JobResult {
  c.metrics?.reminders.inc({ outcome: 'skipped', reason });
  return { outcome: 'skipped', detail: reason };
}
