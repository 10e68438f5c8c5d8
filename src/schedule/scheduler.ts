import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../ops/logger.js';
import type { Store } from '../store/redis.js';
import type { ChangeFeed } from '../store/changes.js';
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
    void this.sync().then(() => this.catchUp(new Date())).catch((err: unknown) => this.d.log.error({ err }, 'catch-up after reconnect failed'));
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

  /** A slot came due: queue it for the group. If Redis is down the add waits for it (and catch-up covers the rest). */
  private trigger(key: string, slot: Date): void {
    const schedules = this.groups.get(key)?.schedules ?? [];
    this.d.delivery.enqueueSlots(schedules, slot).catch((err: unknown) => this.d.log.error({ err, cron: key.replace('\n', ' ') }, 'could not queue scheduled slots'));
  }

  /** Queues, for every schedule served here, its latest slot within the grace window (older ones are skipped). */
  async catchUp(now: Date): Promise<number> {
    await this.syncing;
    let queued = 0;
    for (const [key, { schedules }] of [...this.groups]) {
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
  }
}
