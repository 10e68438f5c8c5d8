import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../ops/logger.js';
import type { Store } from '../store/redis.js';
import type { ChangeFeed } from '../store/changes.js';
import type { MissedWhy, Schedule, ScheduleRepository } from '../store/schedules.js';
import type { ScheduleService } from '../services/schedules.js';
import { previousSlot } from './when.js';

/** What the trigger needs from delivery: which platforms this process serves, and a way to queue a slot. */
export interface SlotSink {
  serves(communityId: string): boolean;
  enqueueSlots(schedules: Schedule[], slot: Date): Promise<number>;
  /** Queues slots of schedules (each its own), at most `batch` in one round trip. */
  enqueueDue(due: { schedule: Schedule; slot: Date }[], batch?: number): Promise<number>;
  enqueueReveal(communityId: string, postId: string, closesAt: number): Promise<boolean>;
  /** For each schedule, whether a job for `slot` is stored (it was queued, so it was not missed). */
  slotsStored(schedules: Schedule[], slot: Date): Promise<boolean[]>;
}

export interface SchedulerDeps {
  redis: Store;
  repo: ScheduleRepository;
  service: ScheduleService;
  delivery: SlotSink;
  /** Change notices naming the community whose schedules changed. */
  changes: ChangeFeed;
  log: Logger;
  graceMs: number;
  /** Safety-net reload of every community's schedules, besides the change notices (default 10 minutes). */
  resyncEveryMs?: number;
}

/** Schedules with the same cron and time zone share one node-cron task (thousands of channels at 09:00 are one timer). */
const groupKey = (s: Schedule) => `${s.cron}\n${s.timezone}`;
/** Lets the event loop serve commands between schedules during start-up and resyncs. */
const breathe = () => new Promise<void>((r) => setImmediate(r));
/** Missed slots queued in one round trip by catch-up. */
const CATCH_UP_BATCH = 10;

/**
 * node-cron turns the stored schedules' crons and time zones into slots; each slot of each schedule becomes a
 * delivery job whose id is derived from schedule and slot, so every replica may add it and it is still posted
 * once. The queue, not this class, retries, routes and rate-limits. Catch-up (at start and after every Redis
 * reconnect) queues the latest missed slot within the grace window: one previous-occurrence lookup per cron and
 * zone.
 *
 * A change notice names its community, and only that community's schedules are read again; everything is read
 * at start, after the change feed was cut off (notices may have been missed) and, as a safety net, every
 * `resyncEveryMs`.
 */
export class Scheduler {
  private readonly groups = new Map<string, { task: ScheduledTask; schedules: Schedule[] }>();
  /** The running schedules this process serves, by community. */
  private readonly byCommunity = new Map<string, Schedule[]>();
  private timers: NodeJS.Timeout[] = [];
  private syncing: Promise<void> = Promise.resolve();
  /** A full reload is queued and has not started yet: further requests join it. */
  private fullQueued = false;
  /** Communities waiting for a reload of their own (dropped when a full reload comes first). */
  private readonly pending = new Set<string>();
  private stopped = false;
  private readonly onReady = () => {
    if (this.stopped) return;
    this.d.log.info('redis is back; catching up on missed slots');
    // Change notices may have been lost meanwhile: reload everything first.
    void this.sync().then(() => this.catchUp(new Date(), 'redis')).catch((err: unknown) => this.d.log.error({ err }, 'catch-up after reconnect failed'));
  };

  constructor(private readonly d: SchedulerDeps) {}

  async start(now = new Date()): Promise<void> {
    this.d.service.onChange = (communityId) => { void this.syncCommunity(communityId); };
    this.d.changes.on((change) => { if (change.kind === 'schedules') void this.syncCommunity(change.communityId); });
    this.d.changes.onResubscribe(() => { void this.sync(); });
    if (await this.d.repo.indexNeedsRebuild()) {
      const n = await this.d.repo.rebuildIndex();
      if (n) this.d.log.info({ communities: n }, 'rebuilt the schedule index');
    }
    await this.sync();
    await this.catchUp(now);
    await this.adoptLegacyReveals();
    // ioredis emits "ready" on every reconnect: slots that fell into an outage are queued then, not at the next restart.
    this.d.redis.on('ready', this.onReady);
    const t = setInterval(() => { void this.sync(); }, this.d.resyncEveryMs ?? 10 * 60_000);
    t.unref();
    this.timers.push(t);
  }

  /** Reloads every community's schedules and makes the running tasks match them (new, changed, paused, removed). */
  sync(): Promise<void> {
    if (this.fullQueued) return this.syncing;
    this.fullQueued = true;
    return this.queue(async () => {
      this.fullQueued = false;
      this.pending.clear();
      const all = await this.d.repo.all();
      this.byCommunity.clear();
      for (const s of all) this.keep(s);
      await this.applyGroups();
    });
  }

  /** Reloads one community's schedules (a change notice named it). */
  syncCommunity(communityId: string): Promise<void> {
    if (this.fullQueued || this.pending.has(communityId)) return this.syncing;
    this.pending.add(communityId);
    return this.queue(async () => {
      if (!this.pending.delete(communityId)) return; // a full reload came first
      const list = await this.d.repo.list(communityId);
      this.byCommunity.delete(communityId);
      for (const s of list) this.keep(s);
      await this.applyGroups();
    });
  }

  private queue(work: () => Promise<void>): Promise<void> {
    this.syncing = this.syncing
      .then(() => (this.stopped ? undefined : work()))
      .catch((err: unknown) => this.d.log.error({ err }, 'schedule sync failed'));
    return this.syncing;
  }

  /** Remembers a schedule if it runs and this process serves its platform. */
  private keep(s: Schedule): void {
    if (s.paused || !this.d.delivery.serves(s.communityId)) return;
    const list = this.byCommunity.get(s.communityId);
    if (list) list.push(s);
    else this.byCommunity.set(s.communityId, [s]);
  }

  /** Makes the node-cron tasks match the remembered schedules: one task per cron and zone. */
  private async applyGroups(): Promise<void> {
    const wanted = new Map<string, Schedule[]>();
    for (const list of this.byCommunity.values()) {
      for (const s of list) {
        const g = wanted.get(groupKey(s));
        if (g) g.push(s);
        else wanted.set(groupKey(s), [s]);
      }
    }
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

  /** The running node-cron tasks as "<cron> <zone>", one per cron and zone (for tests and diagnostics). */
  runningCrons(): string[] {
    return [...this.groups.keys()].map((k) => k.replace('\n', ' '));
  }

  /**
   * A slot came due: queue it for the group. With Redis unreachable the slot is left to the catch-up that runs when
   * Redis is back (it queues the latest slot within the grace window), rather than held in memory for an outage of
   * unknown length.
   */
  private trigger(key: string, slot: Date): void {
    const cronLabel = key.replace('\n', ' ');
    if (this.d.redis.status !== 'ready') {
      this.d.log.warn({ cron: cronLabel, slot }, 'redis is unreachable at a slot; catch-up queues it when redis is back');
      return;
    }
    const schedules = this.groups.get(key)?.schedules ?? [];
    this.d.delivery.enqueueSlots(schedules, slot).catch((err: unknown) => this.d.log.error({ err, cron: cronLabel }, 'could not queue scheduled slots'));
  }

  /**
   * Queues, for every schedule served here, its latest slot if it is within the grace window. A latest slot beyond
   * the window that nobody queued (the bot was not running, or could not reach Redis, `why`) is not posted but
   * recorded on the schedule, so `/schedule show` tells it.
   */
  async catchUp(now: Date, why: MissedWhy = 'down'): Promise<number> {
    const due: { schedule: Schedule; slot: Date }[] = [];
    await this.syncing;
    for (const [key, { schedules }] of [...this.groups]) {
      const [cronExpr, timezone] = key.split('\n') as [string, string];
      const slot = previousSlot(cronExpr, timezone, now);
      // Slots before a schedule existed, or while it was paused, were never due.
      const open = schedules.filter((s) => slot.getTime() >= Math.max(s.createdAt, s.resumedAt ?? 0));
      if (open.length && slot.getTime() > now.getTime() - this.d.graceMs) for (const schedule of open) due.push({ schedule, slot });
      else if (open.length) await this.recordMissed(open, slot, why);
      await breathe();
    }
    // Small batches: building a batch of jobs is work the event loop does in one go.
    let queued = 0;
    for (let i = 0; i < due.length; i += CATCH_UP_BATCH) {
      queued += await this.d.delivery.enqueueDue(due.slice(i, i + CATCH_UP_BATCH), CATCH_UP_BATCH);
      await breathe();
    }
    if (queued) this.d.log.info({ schedules: queued, at: now }, 'queued missed scheduled posts');
    return queued;
  }

  /** Records `slot` as missed on the schedules that neither handled it (posted, failed, noted) nor queued it. */
  private async recordMissed(schedules: Schedule[], slot: Date, why: MissedWhy): Promise<void> {
    const handled = await this.d.repo.handledSlots(schedules);
    const open = schedules.filter((_, i) => handled[i]! < slot.getTime());
    if (open.length === 0) return;
    const stored = await this.d.delivery.slotsStored(open, slot);
    const missed = open.filter((_, i) => !stored[i]);
    for (const s of missed) await this.d.repo.recordMissed(s.communityId, s.id, slot.getTime(), why);
    if (missed.length) this.d.log.warn({ slot, schedules: missed.length, why }, 'scheduled posts missed beyond the grace window; recorded on their schedules');
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
  }
}
