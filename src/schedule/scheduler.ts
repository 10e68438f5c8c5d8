import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../ops/logger.js';
import type { Store } from '../store/redis.js';
import { globalKeys } from '../store/keys.js';
import type { Schedule, ScheduleRepository } from '../store/schedules.js';
import type { ScheduleService } from '../services/schedules.js';
import { latestSlot } from './when.js';

/** What the trigger needs from delivery: which platforms this process serves, and a way to queue a slot. */
export interface SlotSink {
  serves(communityId: string): boolean;
  enqueueSlot(s: Schedule, slot: Date): Promise<boolean>;
  enqueueReveal(communityId: string, postId: string, closesAt: number): Promise<boolean>;
}

export interface SchedulerDeps {
  redis: Store;
  repo: ScheduleRepository;
  service: ScheduleService;
  delivery: SlotSink;
  log: Logger;
  graceMs: number;
  /** Safety-net reload of all schedules, besides pub/sub notifications. */
  resyncEveryMs?: number;
}

const taskName = (s: Schedule) => `${s.communityId}|${s.id}`;
const fingerprint = (s: Schedule) => JSON.stringify([s.cron, s.timezone, s.paused]);
/** Lets the event loop serve commands between schedules during start-up and resyncs. */
const breathe = () => new Promise<void>((r) => setImmediate(r));

/**
 * node-cron turns each stored schedule (cron + time zone) into slots; each slot becomes a delivery job whose id is
 * derived from schedule and slot, so every replica may add it and it is still posted once. The queue, not this
 * class, retries, routes and rate-limits. Catch-up (at start and after every Redis reconnect) queues the latest
 * missed slot within the grace window: one previous-occurrence lookup per schedule.
 */
export class Scheduler {
  private readonly tasks = new Map<string, { task: ScheduledTask; fp: string }>();
  private subscriber?: Store;
  private timers: NodeJS.Timeout[] = [];
  private syncing: Promise<void> = Promise.resolve();
  /** A reload is queued and has not started yet: further change notices join it instead of queueing more. */
  private syncQueued = false;
  private stopped = false;
  private readonly onReady = () => {
    if (this.stopped) return;
    this.d.log.info('redis is back; catching up on missed slots');
    void this.catchUp(new Date()).catch((err: unknown) => this.d.log.error({ err }, 'catch-up after reconnect failed'));
  };

  constructor(private readonly d: SchedulerDeps) {}

  async start(now = new Date()): Promise<void> {
    this.d.service.onChange = () => { void this.sync(); };
    await this.sync();
    await this.catchUp(now);
    await this.adoptLegacyReveals();
    // ioredis emits "ready" on every reconnect: slots that fell into an outage are queued then, not at the next restart.
    this.d.redis.on('ready', this.onReady);
    this.subscriber = this.d.redis.duplicate();
    this.subscriber.on('error', (err) => this.d.log.warn({ err }, 'schedule subscriber error'));
    await this.subscriber.subscribe(globalKeys.scheduleChanges);
    this.subscriber.on('message', () => { void this.sync(); });
    const t = setInterval(() => { void this.sync(); }, this.d.resyncEveryMs ?? 60_000);
    t.unref();
    this.timers.push(t);
  }

  /** Loads all schedules and makes the running tasks match them (new, changed, paused, removed). */
  sync(): Promise<void> {
    if (this.syncQueued) return this.syncing;
    this.syncQueued = true;
    this.syncing = this.syncing
      .then(() => { this.syncQueued = false; return this.syncNow(); })
      .catch((err: unknown) => this.d.log.error({ err }, 'schedule sync failed'));
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map((await this.d.repo.all()).filter((s) => !s.paused && this.d.delivery.serves(s.communityId)).map((s) => [taskName(s), s]));
    for (const [name, entry] of this.tasks) {
      const s = wanted.get(name);
      if (!s || fingerprint(s) !== entry.fp) {
        await entry.task.destroy();
        this.tasks.delete(name);
      }
    }
    for (const [name, s] of wanted) {
      if (this.tasks.has(name) || this.stopped) continue;
      const task = cron.schedule(s.cron, (ctx) => this.trigger(s, ctx.date), { name, timezone: s.timezone, suppressMissedWarning: true });
      // A busy event loop (thousands of slots in one second) can wake node-cron late; it then reports the slot as
      // missed instead of running it. Queue it all the same: the job decides whether it is still within its grace.
      task.on('execution:missed', (ctx) => this.trigger(s, ctx.date));
      this.tasks.set(name, { task, fp: fingerprint(s) });
      await breathe();
    }
  }

  /** A slot came due: queue it. If Redis is down the add waits for it (and catch-up on reconnect covers the rest). */
  private trigger(s: Schedule, slot: Date): void {
    this.d.delivery.enqueueSlot(s, slot).catch((err: unknown) => this.d.log.error({ err, schedule: s.id }, 'could not queue a scheduled slot'));
  }

  /** Queues, for every schedule served here, its latest slot within the grace window (older ones are skipped). */
  async catchUp(now: Date): Promise<number> {
    let queued = 0;
    for (const s of await this.d.repo.all()) {
      if (s.paused || !this.d.delivery.serves(s.communityId)) continue;
      const slot = latestSlot(s.cron, s.timezone, now, this.d.graceMs);
      if (slot && slot.getTime() >= s.createdAt && (await this.d.delivery.enqueueSlot(s, slot))) {
        this.d.log.info({ schedule: s.id, slot }, 'queued a missed scheduled post');
        queued++;
      }
      await breathe();
    }
    return queued;
  }

  /** Posts an earlier version left in its reveal queue get reveal jobs like any other (once: the job id). */
  private async adoptLegacyReveals(): Promise<void> {
    for (const r of await this.d.repo.legacyReveals()) {
      if (!this.d.delivery.serves(r.communityId)) continue;
      await this.d.delivery.enqueueReveal(r.communityId, r.postId, r.closesAt);
      await this.d.repo.dropLegacyReveal(r.member);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.d.redis.off('ready', this.onReady);
    for (const t of this.timers) clearInterval(t);
    await this.syncing;
    for (const { task } of this.tasks.values()) await task.destroy();
    this.tasks.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
