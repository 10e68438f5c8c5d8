import { UnrecoverableError, type Job } from 'bullmq';
import { PermanentPostError, RateLimitedError, type PostingPort } from '../core/posting.js';
import type { Reply } from '../core/reply.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Services } from '../services/services.js';
import type { ReminderPlanner } from '../services/reminders.js';
import { postIdFor } from '../store/posts.js';
import type { Schedule } from '../store/schedules.js';
import { formatWindow } from '../schedule/when.js';
import type { NoticeJob, PostJob, RecapJob, RevealJob } from './jobs.js';
import type { Pacer } from './pacing.js';

/** What a job handler works with on one route. */
export interface JobContext {
  port: PostingPort;
  pacer: Pacer;
  services: Services;
  log: Logger;
  metrics?: Metrics;
  now(): Date;
  /** How long after its slot a post may still go out (the grace window, at least a few minutes). */
  retryWindowMs: number;
  enqueueReveal(communityId: string, postId: string, closesAt: number): Promise<void>;
  enqueueRecap(s: Schedule, slot: Date): Promise<void>;
  enqueueNotice(s: Schedule, slot: number, reason: string): Promise<void>;
  /** How late after its time a reminder may still go out. */
  reminderGraceMs: number;
  /** Queues a user's next reminder after a time (once per day, however often it is asked). */
  planReminder: ReminderPlanner['plan'];
}

export type JobResult = { outcome: 'done' | 'skipped'; detail?: string; postId?: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One scheduled slot. The post is created pending, the message sent, and only after the platform accepted it does
 * the post open for answers and get its reveal job. Every step is safe to repeat, so an attempt that died anywhere
 * is finished by the next one (the same post id, the same question, the same idempotency key).
 */
export async function handlePost(job: Job<PostJob>, c: JobContext): Promise<JobResult> {
  const { communityId, scheduleId, slot } = job.data;
  const s = await c.services.scheduleRepo.get(communityId, scheduleId);
  if (!s || s.paused) return { outcome: 'skipped', detail: s ? 'schedule paused' : 'schedule removed' };
  const now = c.now();
  if (now.getTime() > slot + c.retryWindowMs) {
    const last = job.failedReason ? ` (last error: ${job.failedReason.slice(0, 200)})` : '';
    throw await failSlot(c, s, slot, 'post', `the question could not be posted within ${formatWindow(Math.round(c.retryWindowMs / 60_000))} of its time${last}`);
  }
  if (s.recap) await c.enqueueRecap(s, new Date(slot));
  const prepared = await c.services.scheduledPosts.preparePost(s, postIdFor(job.id!), now);
  if (!prepared) throw await failSlot(c, s, slot, 'post', 'no question in the bank matches the schedule\'s filters');
  let { post } = prepared;
  if (post.status === 'pending') {
    try {
      await c.pacer.message(s.channelId, true);
      const messageId = await c.port.post(s.channelId, prepared.card, job.id!);
      const shownAt = c.now();
      await c.services.scheduledPosts.activate(post, messageId, prepared.seenKey, shownAt);
      c.metrics?.slotDelay.observe({ platform: c.port.platform }, Math.max(0, shownAt.getTime() - slot) / 1000);
      c.metrics?.posts.inc({ kind: 'question' });
      await react(c, s.channelId, messageId, prepared.card.reactions);
      post = { ...post, status: 'open' };
    } catch (err) {
      if (err instanceof PermanentPostError) throw await failSlot(c, s, slot, 'post', err.reason, err.code);
      throw err;
    }
  }
  await c.enqueueReveal(communityId, post.id, post.closesAt);
  await c.services.scheduleRepo.recordSuccess(communityId, scheduleId, slot, c.now().getTime());
  return { outcome: 'done', postId: post.id };
}

/**
 * The reveal: close (answers already stop at the deadline, even when this runs late), edit the question closed,
 * post the reveal. Retried until it succeeds; the idempotency key keeps a retried reveal to one message.
 */
export async function handleReveal(job: Job<RevealJob>, c: JobContext): Promise<JobResult> {
  const { communityId, postId } = job.data;
  const now = c.now();
  const prepared = await c.services.scheduledPosts.prepareReveal(communityId, postId, now);
  if (!prepared) return { outcome: 'skipped', detail: 'nothing to reveal' };
  const { post } = prepared;
  try {
    if (post.messageRef) {
      await c.pacer.request(true);
      await c.port.edit(post.channelId, post.messageRef, prepared.closed).catch((err: unknown) => {
        if (err instanceof PermanentPostError) c.log.warn({ postId, reason: err.reason }, 'could not edit the closed question');
        else throw err;
      });
    }
    await c.pacer.message(post.channelId, !post.messageRef);
    const messageId = await c.port.post(post.channelId, prepared.reveal, job.id!);
    await c.services.scheduledPosts.revealed(post, messageId, c.now());
    c.metrics?.posts.inc({ kind: 'reveal' });
    await react(c, post.channelId, messageId, prepared.reveal.reactions);
  } catch (err) {
    if (err instanceof PermanentPostError) {
      c.metrics?.failures.inc({ kind: 'reveal', code: String(err.code ?? 'refused') });
      throw new UnrecoverableError(err.reason);
    }
    throw err;
  }
  return { outcome: 'done', postId };
}

export async function handleRecap(job: Job<RecapJob>, c: JobContext): Promise<JobResult> {
  const { communityId, scheduleId, week } = job.data;
  const s = await c.services.scheduleRepo.get(communityId, scheduleId);
  if (!s) return { outcome: 'skipped', detail: 'schedule removed' };
  const card = await c.services.scheduledPosts.recap(communityId, week);
  if (!card) return { outcome: 'skipped', detail: 'nothing happened that week' };
  try {
    await c.pacer.message(s.channelId, true);
    await c.port.post(s.channelId, card, job.id!);
    c.metrics?.posts.inc({ kind: 'recap' });
  } catch (err) {
    if (err instanceof PermanentPostError) throw new UnrecoverableError(err.reason);
    throw err;
  }
  return { outcome: 'done' };
}

/** Tells the admin who set a schedule that its post failed (once per failure streak), where the platform allows. */
export async function handleNotice(job: Job<NoticeJob>, c: JobContext): Promise<JobResult> {
  const { communityId, scheduleId, userId, reason } = job.data;
  const s = await c.services.scheduleRepo.get(communityId, scheduleId);
  const reply: Reply = {
    visibility: 'private', tone: 'error', title: '⚠️ A scheduled question could not be posted',
    body: `Schedule **${scheduleId}**${s ? ` (${s.label})` : ''} failed: ${reason}.\nFix it and the next post goes out as planned; \`/schedule show\` tells you how the last one went.`,
  };
  try {
    for (let i = 0; i < (c.port.requestsPerDm ?? 1); i++) await c.pacer.request(i === 0);
    await c.port.dm(userId, reply);
  } catch (err) {
    if (err instanceof PermanentPostError) return { outcome: 'skipped', detail: `admin not reachable: ${err.reason}` };
    throw err;
  }
  return { outcome: 'done' };
}

/** A slot failed for good: recorded on the schedule, counted, told to its admin once; the job ends without retries. */
async function failSlot(c: JobContext, s: Schedule, slot: number, kind: 'post', reason: string, code?: string | number): Promise<UnrecoverableError> {
  c.metrics?.failures.inc({ kind, code: String(code ?? 'deadline') });
  const first = await c.services.scheduleRepo.recordFailure(s.communityId, s.id, reason, c.now().getTime());
  if (first) await c.enqueueNotice(s, slot, reason);
  c.log.warn({ schedule: s.id, community: s.communityId, slot: new Date(slot).toISOString(), reason }, 'scheduled post failed for good');
  return new UnrecoverableError(reason);
}

/** Answer reactions after the message is live: best effort (the buttons and /answer work without them). */
async function react(c: JobContext, channelId: string, messageId: string, emoji: string[] | undefined): Promise<void> {
  for (const e of emoji ?? []) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await c.pacer.request(false);
        await c.port.react(channelId, messageId, [e]);
        break;
      } catch (err) {
        if (err instanceof RateLimitedError && attempt < 2) { await sleep(err.retryAfterMs); continue; }
        c.log.warn({ err: err instanceof Error ? err.message : String(err), channel: channelId }, 'could not add an answer reaction');
        return;
      }
    }
  }
}
