import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../ops/logger.js';
import { duplicateStore, type Store } from '../store/redis.js';
import { globalKeys } from '../store/keys.js';
import type { Schedule, ScheduleRepository } from '../store/schedules.js';
import type { ScheduleService } from '../services/schedules.js';
import { latestSlot } from './when.js';

/** What the trigger needs from delivery: which platforms this process serves, and a way to queue a slot. */
export interface SlotSink {
  serves(communityId: string): boolean;
  enqueueSlots(schedules: Schedule[], slot: Date): Promise<number>;
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

/** Schedules with the same cron and time zone share one node-cron task (thousands of channels at 09:00 are one timer). */
const groupKey = (s: Schedule) => `${s.cron}\n${s.timezone}`;
/** Lets the event loop serve commands between schedules during start-up and resyncs. */
const breathe = () => new Promise<void>((r) => setImmediate(r));

/**
 * node-cron turns the stored schedules' crons and time zones into slots; each slot of each schedule becomes a
 * delivery job whose id is derived from schedule and slot, so every replica may add it and it is still posted
 * once. The queue, not this class, retries, routes and rate-limits. Catch-up (at start and after every Redis
 * reconnect) queues the latest missed slot within the grace window: one previous-occurrence lookup per cron and
 * zone.
 */
export class Scheduler {
  private readonly groups = new Map<string, { task: ScheduledTask; schedules: Schedule[] }>();
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
    this.subscriber = duplicateStore(this.d.redis);
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
    const wanted = this.byGroup(await this.d.repo.all());
    for (const [key, group] of this.groups) {
      if (wanted.has(key)) continue;
      await group.task.destroy();
      this.groups.delete(key);
    }
    for (const [key, schedules] of wanted) {
      const group = this.groups.get(key);
      if (group) { group.schedules = schedules; continue; }
      if (this.stopped) return;
      const [cronExpr, timezone] = key.split('\n') as [string, string];
      const task = cron.schedule(cronExpr, (ctx) => this.trigger(key, ctx.date), { name: key, timezone, suppressMissedWarning: true });
      // A busy event loop can wake node-cron late; it then reports the slot as missed instead of running it.
      // Queue it all the same: the job decides whether it is still within its grace window.
      task.on('execution:missed', (ctx) => this.trigger(key, ctx.date));
      this.groups.set(key, { task, schedules });
      await breathe();
    }
  }

  /** The running schedules this process serves, by cron and zone. */
  private byGroup(all: Schedule[]): Map<string, Schedule[]> {
    const out = new Map<string, Schedule[]>();
    for (const s of all) {
      if (s.paused || !this.d.delivery.serves(s.communityId)) continue;
      const list = out.get(groupKey(s));
      if (list) list.push(s);
      else out.set(groupKey(s), [s]);
    }
    return out;
  }

  /** A slot came due: queue it for the group. If Redis is down the add waits for it (and catch-up covers the rest). */
  private trigger(key: string, slot: Date): void {
    const schedules = this.groups.get(key)?.schedules ?? [];
    this.d.delivery.enqueueSlots(schedules, slot).catch((err: unknown) => this.d.log.error({ err, cron: key.replace('\n', ' ') }, 'could not queue scheduled slots'));
  }

  /** Queues, for every schedule served here, its latest slot within the grace window (older ones are skipped). */
  async catchUp(now: Date): Promise<number> {
    let queued = 0;
    for (const [key, schedules] of this.byGroup(await this.d.repo.all())) {
      const [cronExpr, timezone] = key.split('\n') as [string, string];
      const slot = latestSlot(cronExpr, timezone, now, this.d.graceMs);
      const due = slot ? schedules.filter((s) => slot.getTime() >= s.createdAt) : [];
      if (slot && due.length) {
        const added = await this.d.delivery.enqueueSlots(due, slot);
        if (added) this.d.log.info({ cron: cronExpr, timezone, slot, schedules: added }, 'queued missed scheduled posts');
        queued += added;
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
    for (const { task } of this.groups.values()) await task.destroy();
    this.groups.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
