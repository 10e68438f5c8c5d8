import { randomBytes } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Metrics } from '../ops/metrics.js';
import { deliveryKeys } from '../store/keys.js';
import type { Logger } from '../ops/logger.js';
import { duplicateStore, reportErrors, type Store } from '../store/redis.js';
import type { JobKind, Stamped } from './jobs.js';

export interface RetryPolicy {
  /** First retry delay; each further retry doubles it (with ±20% jitter), up to `maxMs`. */
  baseMs: number;
  maxMs: number;
}

/** Exponential backoff with jitter, capped: the queue's retry delay for a job's n-th failed attempt. */
export function backoffDelay(attemptsMade: number, policy: RetryPolicy, random = Math.random): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** How many attempts each kind gets; post and remind jobs also stop at the end of their grace window. */
const ATTEMPTS: Record<JobKind, number> = { post: 10_000, reveal: 10_000, recap: 100, notice: 20, remind: 10_000, mock: 10 };

/**
 * Finished jobs are kept this long: while a job id is stored, adding it again is a no-op, so a slot re-added by
 * another replica, by catch-up after a reconnect or by a late trigger is never posted twice. It must outlast the
 * grace window (catch-up never goes further back) and, for recaps, a week (one per schedule and week). A reminder is
 * only ever planned for a time still ahead, so its day is never over; kept two days, a day's job is never added twice.
 * A mock's time-out is only added while its session exists, which it ends: a day is plenty.
 */
export function retentionSeconds(kind: JobKind, graceMs: number): number {
  const day = 86_400;
  if (kind === 'recap') return 8 * day;
  if (kind === 'remind') return 2 * day;
  if (kind === 'mock') return day;
  return Math.ceil(graceMs / 1000) + day;
}

/** BullMQ needs connections that never give up on a command (it blocks on some); queued commands wait for Redis. */
export function queueConnection(redis: Store, log: Logger, name: string): Store {
  return reportErrors(duplicateStore(redis, { maxRetriesPerRequest: null, enableOfflineQueue: true }), log, name);
}

/**
 * The producer side: one BullMQ queue per route (a platform now, later a Discord shard), created on first use.
 * Any process may add jobs for any route; only processes serving a route run its worker.
 */
export class DeliveryQueues {
  private readonly queues = new Map<string, Queue>();
  private readonly connection: Store;
  private readonly log: Logger;
  private readonly instance = randomBytes(6).toString('hex');
  private seq = 0;

  constructor(redis: Store, log: Logger, private readonly graceMs: number, private readonly metrics?: Metrics) {
    this.log = log;
    this.connection = queueConnection(redis, log, 'delivery queues');
  }

  queue(route: string): Queue {
    let q = this.queues.get(route);
    if (!q) {
      q = new Queue(deliveryKeys.queue(route), { connection: this.connection, prefix: deliveryKeys.prefix });
      // The connection reports its own errors (see queueConnection); without a listener BullMQ would print them.
      q.on('error', (err) => this.log.debug({ err: err.message, route }, 'delivery queue error'));
      this.queues.set(route, q);
    }
    return q;
  }

  /**
   * Adds a job under its id; adding an id that is already stored changes nothing. Returns true when this call
   * created the job (the payload's stamp tells a new job from the one it collided with).
   */
  async add<T extends object>(route: string, kind: JobKind, id: string, data: T, opts: { delayMs?: number } = {}): Promise<boolean> {
    return (await this.addMany(route, kind, [{ id, data, delayMs: opts.delayMs }])) === 1;
  }

  /** Adds jobs of one kind in one round trip (ids already stored are left alone); returns how many were new. */
  async addMany<T extends object>(route: string, kind: JobKind, items: { id: string; data: T; delayMs?: number }[]): Promise<number> {
    if (items.length === 0) return 0;
    const keep = { age: retentionSeconds(kind, this.graceMs) };
    const stamp = `${this.instance}-${++this.seq}`;
    const queue = this.queue(route);
    await queue.addBulk(items.map(({ id, data, delayMs }) => {
      const opts: JobsOptions = {
        jobId: id, attempts: ATTEMPTS[kind], backoff: { type: 'delivery' }, removeOnComplete: keep, removeOnFail: keep,
        ...(delayMs && delayMs > 0 ? { delay: Math.ceil(delayMs) } : {}),
      };
      return { name: kind, data: { ...data, by: stamp } satisfies Stamped<T>, opts };
    }));
    // Read the stored payloads back: where the stamp is ours, this call created the job.
    const read = this.connection.pipeline();
    for (const { id } of items) read.hget(queue.toKey(id), 'data');
    const stored = (await read.exec()) ?? [];
    const created = stored.filter(([, raw]) => typeof raw === 'string' && raw.includes(`"by":"${stamp}"`)).length;
    if (created) this.metrics?.jobs.inc({ kind, outcome: 'queued' }, created);
    return created;
  }

  /** Which of these job ids a route still stores (finished jobs are kept for a while: see retentionSeconds). */
  async stored(route: string, ids: string[]): Promise<boolean[]> {
    if (ids.length === 0) return [];
    const queue = this.queue(route);
    const pipe = this.connection.pipeline();
    for (const id of ids) pipe.exists(queue.toKey(id));
    const res = (await pipe.exec()) ?? [];
    return ids.map((_, i) => res[i]?.[1] === 1);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
