import type { Job } from 'bullmq';
import { PermanentPostError, routeOf } from '../core/posting.js';
import type { Reply } from '../core/reply.js';
import type { MockTimer } from '../services/mock.js';
import type { JobContext, JobResult } from './handlers.js';
import { jobIds, type MockJob } from './jobs.js';
import type { DeliveryQueues } from './queues.js';
import { NotDue } from './reminders.js';

/** Queues a mock's time-out as a delayed job at its deadline; the id (user and session) makes it one job across replicas. */
export class MockTimeouts implements MockTimer {
  constructor(private readonly queues: DeliveryQueues, private readonly clock: () => Date) {}

  async schedule(t: { communityId: string; userId: string; sessionId: string; deadline: number }): Promise<void> {
    const data: MockJob = { communityId: t.communityId, userId: t.userId, sessionId: t.sessionId, at: t.deadline };
    await this.queues.add(routeOf(t.communityId), 'mock', jobIds.mock(t.communityId, t.userId, t.sessionId), data, {
      delayMs: t.deadline - this.clock().getTime(),
    });
  }
}

/**
 * A mock's time is up: the session ends on time even when its user has gone. With open answers still to self-assess,
 * the user is asked to (once, by direct message) and the job waits for the grace period; then, or at once when nothing
 * waits, the report card goes to the user by direct message and the mock is filed in their history. The message is
 * sent before the filing, so a retry after a crash sends it again (with the same idempotency key) rather than never.
 */
export async function handleMockTimeUp(job: Job<MockJob>, c: JobContext): Promise<JobResult> {
  const { communityId, userId, sessionId } = job.data;
  const now = c.now();
  const next = await c.services.mock.timeUp(communityId, userId, sessionId, now);
  if (next.step === 'gone') return { outcome: 'skipped', detail: 'the mock was already filed' };
  if (next.step === 'wait') return waitUntil(job, next.at, now);
  if (next.step === 'assess') {
    await tell(job, c, next.reply, 'assess');
    await c.services.mock.told(communityId, userId, sessionId, now.getTime());
    return waitUntil(job, next.fileAt, now);
  }
  try {
    await tell(job, c, next.reply, 'report');
  } catch (err) {
    // The platform keeps failing: the mock still goes into the history on the last attempt.
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await next.file();
    throw err;
  }
  await next.file();
  return { outcome: 'done' };
}

/** The job goes back to the queue until `at` (its payload says when, for the console's /clock). */
async function waitUntil(job: Job<MockJob>, at: number, now: Date): Promise<never> {
  if (job.data.at !== at) await job.updateData({ ...job.data, at });
  throw new NotDue(Math.max(1, at - now.getTime()));
}

/** A direct message to the user; one that the platform refuses for good (DMs closed) is logged and skipped. */
async function tell(job: Job<MockJob>, c: JobContext, reply: Reply, what: string): Promise<void> {
  const { communityId, userId } = job.data;
  try {
    for (let i = 0; i < (c.port.requestsPerDm ?? 1); i++) await c.pacer.request(i === 0);
    await c.port.dm(userId, reply, { communityId, idempotencyKey: `${job.id!}|${what}` });
  } catch (err) {
    if (!(err instanceof PermanentPostError)) throw err;
    c.metrics?.failures.inc({ kind: 'mock', code: String(err.code ?? 'refused') });
    c.log.warn({ community: communityId, user: userId, reason: err.reason }, 'mock time-out: the user cannot be sent a direct message; the report stays in /mock history');
  }
}
