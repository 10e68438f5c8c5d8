import type { Job } from 'bullmq';
import { routeOf, type PostingPort } from '../core/posting.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Services } from '../services/services.js';
import type { Store } from '../store/redis.js';
import type { FailureKind, Schedule } from '../store/schedules.js';
import { truncate } from '../core/reply.js';
import type { JobContext } from './handlers.js';
import { jobIds, type MockJob, type NoticeJob, type PostJob, type RecapJob, type RemindJob, type RevealJob } from './jobs.js';
import { Pacer, type PacingLimits } from './pacing.js';
import { DeliveryQueues, type RetryPolicy } from './queues.js';
import { startWorker } from './worker.js';
import { ReminderPlanning } from './reminders.js';
import type { ReminderPlanner } from '../services/reminders.js';
import type { MockTimer } from '../services/mock.js';
import { MockTimeouts } from './mock-timeouts.js';

export interface DeliverySettings {
  graceMs: number;
  /** How late after its time a reminder may still go out (after downtime or failed sends). */
  reminderGraceMs: number;
  /** Jobs one process works on at once, per route. */
  concurrency: number;
  lockMs: number;
  retry: RetryPolicy;
  limits: Partial<Record<PostingPort['platform'], PacingLimits>>;
}

export interface DeliveryDeps {
  redis: Store;
  services: Services;
  log: Logger;
  metrics?: Metrics;
  settings: DeliverySettings;
}

/** A post job may still run this long after its slot even with a zero grace window (a slot is never due "too late" at once). */
const MIN_RETRY_WINDOW_MS = 5 * 60_000;
const SLOT_BATCH = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Scheduled delivery on BullMQ: posts, reveals, recaps, admin notices, streak reminders and mock time-outs are jobs on one queue per route
 * (platform). Every process can add jobs; a process works only the routes whose platform it serves (attach),
 * so nothing waits behind work no one here can do.
 */
export class Delivery {
  private readonly queues: DeliveryQueues;
  private readonly routes = new Map<string, { port: PostingPort; close(): Promise<void> }>();
  private clock: () => Date = () => new Date();
  /** Streak reminders: the services' `/remind` queues through this. */
  readonly reminders: ReminderPlanner;
  /** Mock interview time-outs: the mock service queues one per session through this. */
  readonly mockTimer: MockTimer;

  constructor(private readonly d: DeliveryDeps) {
    this.queues = new DeliveryQueues(d.redis, d.log, d.settings.graceMs, d.metrics);
    this.reminders = new ReminderPlanning(this.queues, () => this.clock());
    this.mockTimer = new MockTimeouts(this.queues, () => this.clock());
  }

  /** Starts working this platform's queue through its posting port. */
  attach(port: PostingPort): void {
    const route = port.route;
    if (this.routes.has(route)) return;
    const limits = this.d.settings.limits[port.platform] ?? {};
    const ctx: JobContext = {
      port, pacer: new Pacer(this.d.redis, route, limits), services: this.d.services, log: this.d.log.child({ route }), metrics: this.d.metrics,
      now: () => this.clock(), retryWindowMs: Math.max(this.d.settings.graceMs, MIN_RETRY_WINDOW_MS),
      enqueueReveal: (c, p, at) => this.enqueueReveal(c, p, at).then(() => undefined),
      enqueueRecap: (s, slot) => this.enqueueRecap(s, slot).then(() => undefined),
      enqueueNotice: (s, at, reason, kind) => this.enqueueNotice(s, at, reason, kind).then(() => undefined),
      reminderGraceMs: this.d.settings.reminderGraceMs, planReminder: (r) => this.reminders.plan(r),
    };
    const { close } = startWorker(this.d.redis, route, this.queues.queue(route), ctx, {
      concurrency: port.platform === 'console' ? 1 : this.d.settings.concurrency, lockMs: this.d.settings.lockMs, retry: this.d.settings.retry,
    });
    this.routes.set(route, { port, close });
  }

  /** True when this process works the community's queue. */
  serves(communityId: string): boolean {
    return this.routes.has(routeOf(communityId));
  }

  /** The time handlers see (the console's /clock moves it). */
  setClock(clock: () => Date): void {
    this.clock = clock;
  }

  /** Queues one slot of a schedule; the job id makes it happen once however often it is added. */
  async enqueueSlot(s: Schedule, slot: Date): Promise<boolean> {
    return (await this.enqueueSlots([s], slot)) === 1;
  }

  /** Queues one slot of many schedules (those sharing a cron and zone), in batches; returns how many were new. */
  enqueueSlots(schedules: Schedule[], slot: Date, batch = SLOT_BATCH): Promise<number> {
    return this.enqueueDue(schedules.map((schedule) => ({ schedule, slot })), batch);
  }

  /** Queues slots of schedules (each its own), in batches of at most `batch` per route; returns how many were new. */
  async enqueueDue(due: { schedule: Schedule; slot: Date }[], batch = SLOT_BATCH): Promise<number> {
    const byRoute = new Map<string, { schedule: Schedule; slot: Date }[]>();
    for (const d of due) {
      const route = routeOf(d.schedule.communityId);
      const list = byRoute.get(route);
      if (list) list.push(d);
      else byRoute.set(route, [d]);
    }
    let created = 0;
    for (const [route, list] of byRoute) {
      // Moderate batches keep Redis answering everyone else (the budget checks) while thousands of slots go in.
      for (let i = 0; i < list.length; i += batch) {
        created += await this.queues.addMany<PostJob>(route, 'post', list.slice(i, i + batch).map(({ schedule: s, slot }) => {
          const at = Math.floor(slot.getTime() / 1000) * 1000;
          return { id: jobIds.post(s.communityId, s.id, at), data: { communityId: s.communityId, scheduleId: s.id, slot: at } };
        }));
      }
    }
    return created;
  }

  /** For each schedule, whether its job for `slot` is stored (queued, running, or finished within its retention). */
  async slotsStored(schedules: Schedule[], slot: Date): Promise<boolean[]> {
    const at = Math.floor(slot.getTime() / 1000) * 1000;
    const out: boolean[] = new Array<boolean>(schedules.length).fill(false);
    const byRoute = new Map<string, number[]>();
    schedules.forEach((s, i) => {
      const route = routeOf(s.communityId);
      const list = byRoute.get(route);
      if (list) list.push(i);
      else byRoute.set(route, [i]);
    });
    for (const [route, indexes] of byRoute) {
      for (let i = 0; i < indexes.length; i += SLOT_BATCH) {
        const batch = indexes.slice(i, i + SLOT_BATCH);
        const stored = await this.queues.stored(route, batch.map((j) => jobIds.post(schedules[j]!.communityId, schedules[j]!.id, at)));
        batch.forEach((j, k) => { out[j] = stored[k]!; });
      }
    }
    return out;
  }

  /** The reveal runs when the answer window closes (delayed job). */
  enqueueReveal(communityId: string, postId: string, closesAt: number): Promise<boolean> {
    return this.queues.add<RevealJob>(routeOf(communityId), 'reveal', jobIds.reveal(communityId, postId), { communityId, postId, closesAt }, {
      delayMs: closesAt - this.clock().getTime(),
    });
  }

  /** The weekly recap a slot brings (once per schedule and week). */
  enqueueRecap(s: Schedule, slot: Date): Promise<boolean> {
    const week = this.d.services.scheduledPosts.recapWeek(s, slot);
    return this.queues.add<RecapJob>(routeOf(s.communityId), 'recap', jobIds.recap(s.communityId, s.id, week), { communityId: s.communityId, scheduleId: s.id, week });
  }

  /** Tells the admin who set a schedule that its post (of slot `at`), reveal or recap failed; once per failure streak. */
  enqueueNotice(s: Schedule, at: number, reason: string, kind: FailureKind = 'post'): Promise<boolean> {
    return this.queues.add<NoticeJob>(routeOf(s.communityId), 'notice', jobIds.notice(s.communityId, s.id, at, kind), {
      communityId: s.communityId, scheduleId: s.id, userId: s.createdBy, reason: truncate(reason, 500), slot: at, kind,
    });
  }

  /** A stored job of a route, by id. */
  job(route: string, id: string): Promise<Job | undefined> {
    return this.queues.queue(route).getJob(id);
  }

  /**
   * Waits until a job has finished (completed, failed or removed); returns its final state. With `orDelayed`, a job
   * that went back to wait for a later time (after it was promoted) counts as settled too.
   */
  async settled(route: string, id: string, timeoutMs = 30_000, orDelayed = false): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.job(route, id);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'completed' || state === 'failed' || state === 'unknown' || (orDelayed && state === 'delayed')) return state;
      if (Date.now() > deadline) throw new Error(`delivery job ${id} still ${state} after ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /** Waits until a route has nothing waiting or running (delayed jobs may remain). */
  async idle(route: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await this.queues.queue(route).getJobCounts('waiting', 'active', 'prioritized');
      if (Object.values(c).every((n) => n === 0)) return;
      if (Date.now() > deadline) throw new Error(`delivery route ${route} not idle after ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /** Delayed reveal jobs of the routes served here, due by `until` (ms), earliest first. */
  dueReveals(until: number): Promise<Job<RevealJob>[]> {
    return this.due<RevealJob>('reveal', until, (j) => j.data.closesAt);
  }

  /** Delayed reminder jobs of the routes served here, due by `until` (ms), earliest first. */
  dueReminders(until: number): Promise<Job<RemindJob>[]> {
    return this.due<RemindJob>('remind', until, (j) => j.data.at);
  }

  /** Delayed mock time-outs of the routes served here, due by `until` (ms), earliest first. */
  dueMockTimeouts(until: number): Promise<Job<MockJob>[]> {
    return this.due<MockJob>('mock', until, (j) => j.data.at);
  }

  private async due<T>(kind: string, until: number, at: (j: Job<T>) => number): Promise<Job<T>[]> {
    const due: Job<T>[] = [];
    for (const route of this.routes.keys()) {
      const delayed = (await this.queues.queue(route).getDelayed()) as Job<T>[];
      due.push(...delayed.filter((j) => j.name === kind && at(j) <= until));
    }
    return due.sort((a, b) => at(a) - at(b));
  }

  async close(): Promise<void> {
    for (const r of this.routes.values()) await r.close();
    this.routes.clear();
    await this.queues.close();
  }
}
