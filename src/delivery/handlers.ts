import { UnrecoverableError, type Job } from 'bullmq';
import { PermanentPostError, RateLimitedError, type PostingPort } from '../core/posting.js';
import { channelRefsFromMarkup, type Reply } from '../core/reply.js';
import { scrubSecrets, type Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Services } from '../services/services.js';
import type { ReminderPlanner } from '../services/reminders.js';
import { postIdFor } from '../store/posts.js';
import type { FailureKind, Schedule } from '../store/schedules.js';
import { formatWindow } from '../schedule/when.js';
import { retriedErrorInWords } from './reasons.js';
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
  enqueueNotice(s: Schedule, at: number, reason: string, kind: FailureKind): Promise<void>;
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
    // The admin reads the cause in plain words; the raw error (an errno, a status, a library's message) is logged.
    const window = formatWindow(Math.round(c.retryWindowMs / 60_000));
    const reason = `the question could not be posted within ${window} of its time: ${retriedErrorInWords(job.failedReason)}`;
    throw await fail(c, s, 'post', reason, { slot, lastError: job.failedReason });
  }
  if (s.recap) await c.enqueueRecap(s, new Date(slot));
  const prepared = await c.services.scheduledPosts.preparePost(s, postIdFor(job.id!), now);
  if (!prepared) throw await fail(c, s, 'post', 'no question in the bank matches the schedule\'s filters', { slot });
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
      if (err instanceof PermanentPostError) throw await fail(c, s, 'post', err.reason, { slot, code: err.code });
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
    if (!(err instanceof PermanentPostError)) throw err;
    const s = post.scheduleId ? await c.services.scheduleRepo.get(communityId, post.scheduleId) : undefined;
    if (s) throw await fail(c, s, 'reveal', err.reason, { code: err.code });
    c.metrics?.failures.inc({ kind: 'reveal', code: String(err.code ?? 'refused') });
    throw new UnrecoverableError(err.reason);
  }
  if (post.scheduleId) await c.services.scheduleRepo.recordDelivered(communityId, post.scheduleId, 'reveal');
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
    if (err instanceof PermanentPostError) throw await fail(c, s, 'recap', err.reason, { code: err.code });
    throw err;
  }
  await c.services.scheduleRepo.recordDelivered(communityId, scheduleId, 'recap');
  return { outcome: 'done' };
}

const NOTICE_TITLE: Record<FailureKind, string> = {
  post: '⚠️ A scheduled question could not be posted',
  reveal: '⚠️ A scheduled question\'s answer could not be revealed',
  recap: '⚠️ A weekly recap could not be posted',
};

const NOTICE_NEXT: Record<FailureKind, string> = {
  post: 'Fix it and the next post goes out as planned',
  reveal: 'The question is closed to answers all the same. Fix it and the next reveal goes out as planned',
  recap: 'Fix it and next week\'s recap goes out as planned',
};

/** Tells the admin who set a schedule that its post, reveal or recap failed (once per failure streak), where the platform allows. */
export async function handleNotice(job: Job<NoticeJob>, c: JobContext): Promise<JobResult> {
  const { communityId, scheduleId, userId } = job.data;
  const kind = job.data.kind ?? 'post';
  const s = await c.services.scheduleRepo.get(communityId, scheduleId);
  // Notices queued by earlier versions name channels in platform markup.
  const reason = channelRefsFromMarkup(job.data.reason, communityId.slice(0, Math.max(0, communityId.indexOf(':'))));
  const reply: Reply = {
    visibility: 'private', tone: 'error', title: NOTICE_TITLE[kind],
    body: `Schedule **${scheduleId}**${s ? ` (${s.label})` : ''} failed: ${reason}.\n${NOTICE_NEXT[kind]}; \`/schedule show ${scheduleId}\` tells you how the last one went.`,
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

/**
 * A post (of `slot`), reveal or recap failed for good: recorded on the schedule, counted, told to its admin once
 * per failure streak; the job ends without retries.
 */
async function fail(
  c: JobContext, s: Schedule, kind: FailureKind, reason: string, o: { slot?: number; code?: string | number; lastError?: string } = {},
): Promise<UnrecoverableError> {
  c.metrics?.failures.inc({ kind, code: String(o.code ?? (kind === 'post' ? 'deadline' : 'refused')) });
  const at = c.now().getTime();
  const first = await c.services.scheduleRepo.recordFailure(s.communityId, s.id, reason, at, { kind, slot: o.slot });
  if (first) await c.enqueueNotice(s, o.slot ?? at, reason, kind);
  c.log.warn({
    schedule: s.id, community: s.communityId, kind, ...(o.slot === undefined ? {} : { slot: new Date(o.slot).toISOString() }), reason,
    ...(o.lastError ? { lastError: scrubSecrets(o.lastError) } : {}),
  }, `scheduled ${kind} failed for good`);
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
