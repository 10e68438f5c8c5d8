import { DelayedError, UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { RateLimitedError } from '../core/posting.js';
import { scrubSecrets } from '../ops/logger.js';
import { deliveryKeys } from '../store/keys.js';
import type { Store } from '../store/redis.js';
import { handleNotice, handlePost, handleRecap, handleReveal, type JobContext, type JobResult } from './handlers.js';
import { handleRemind, NotDue } from './reminders.js';
import { handleMockTimeUp } from './mock-timeouts.js';
import { JOB_KINDS, schemas, type JobKind } from './jobs.js';
import { BudgetBusy, ChannelBusy } from './pacing.js';
import { backoffDelay, queueConnection, type RetryPolicy } from './queues.js';

export interface WorkerSettings {
  concurrency: number;
  /** How long a job's lock lives without renewal: a replica that died mid-job loses its jobs after this long. */
  lockMs: number;
  retry: RetryPolicy;
}

const HANDLERS: Record<JobKind, (job: Job, c: JobContext) => Promise<JobResult>> = {
  post: handlePost, reveal: handleReveal, recap: handleRecap, notice: handleNotice, remind: handleRemind, mock: handleMockTimeUp,
};

/**
 * The consumer side of one route: a BullMQ worker that validates each payload, runs its handler, and turns the
 * platform's answers into the queue's terms. A 429 or an empty shared budget pauses the whole queue (every
 * replica) or, for one busy channel, just that job; permanent refusals end the job; anything else is retried
 * with backoff.
 */
export function startWorker(redis: Store, route: string, queue: Queue, ctx: JobContext, s: WorkerSettings): { worker: Worker; close(): Promise<void> } {
  const connection = queueConnection(redis, ctx.log, `delivery worker ${route}`);
  const worker = new Worker(deliveryKeys.queue(route), async (job: Job, token?: string) => {
    const kind = job.name as JobKind;
    if (!JOB_KINDS.includes(kind)) throw new UnrecoverableError(`unknown job kind ${job.name}`);
    const parsed = schemas[kind].safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`bad ${kind} payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    try {
      const result = await HANDLERS[kind](job, ctx);
      ctx.metrics?.jobs.inc({ kind, outcome: result.outcome });
      return result;
    } catch (err) {
      if (err instanceof BudgetBusy || (err instanceof RateLimitedError && err.global)) {
        await queue.rateLimit(err instanceof BudgetBusy ? err.waitMs : err.retryAfterMs);
        throw Worker.RateLimitError();
      }
      if (err instanceof ChannelBusy || err instanceof NotDue || err instanceof RateLimitedError) {
        await job.moveToDelayed(Date.now() + (err instanceof RateLimitedError ? err.retryAfterMs : err.waitMs), token);
        throw new DelayedError();
      }
      const final = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      ctx.metrics?.jobs.inc({ kind, outcome: final ? 'failed' : 'retried' });
      if (!final) ctx.log.info({ job: job.id, attempt: job.attemptsMade + 1, err: scrubSecrets(err instanceof Error ? err.message : String(err)) }, 'delivery attempt failed; retrying');
      throw err;
    }
  }, {
    connection, prefix: deliveryKeys.prefix, concurrency: s.concurrency, autorun: true,
    lockDuration: s.lockMs, stalledInterval: Math.max(500, Math.floor(s.lockMs / 2)), maxStalledCount: 1000,
    // The shared budget paces requests; the limiter is set (high) so that queue.rateLimit() can pause the queue.
    limiter: { max: 1000, duration: 1000 },
    settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, s.retry) },
  });
  worker.on('error', (err) => ctx.log.warn({ err: err.message, route }, 'delivery worker error'));
  return {
    worker,
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
}
