import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { Store } from '../store/redis.js';
import { globalKeys } from '../store/keys.js';
import type { Schedule, ScheduleRepository } from '../store/schedules.js';
import type { ScheduleService } from '../services/schedules.js';
import { latestSlot } from './when.js';

export interface SchedulerDeps {
  redis: Store;
  repo: ScheduleRepository;
  service: ScheduleService;
  log: Logger;
  metrics?: Metrics;
  graceMs: number;
  /** How often due reveals are looked for (a missed reveal is also caught at start-up). */
  revealEveryMs?: number;
  /** Safety-net reload of all schedules, besides pub/sub notifications. */
  resyncEveryMs?: number;
}

const taskName = (s: Schedule) => `${s.communityId}|${s.id}`;
const fingerprint = (s: Schedule) => JSON.stringify([s.cron, s.timezone, s.paused]);

/**
 * Runs every stored schedule as a node-cron task. Each fire is claimed through node-cron's RunCoordinator
 * with a Redis SET NX marker that is never released, so any number of replicas post each slot once.
 */
export class Scheduler {
  private readonly tasks = new Map<string, { task: ScheduledTask; fp: string }>();
  private subscriber?: Store;
  private timers: NodeJS.Timeout[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly d: SchedulerDeps) {}

  /** node-cron calls this before each run; key = "<communityId>|<scheduleId>:<slot ISO>". */
  readonly coordinator: RunCoordinator = {
    shouldRun: async (key) => {
      const bar = key.indexOf('|');
      const rest = key.slice(bar + 1);
      const colon = rest.indexOf(':');
      return this.d.repo.claim(key.slice(0, bar), rest.slice(0, colon), rest.slice(colon + 1));
    },
  };

  async start(now = new Date()): Promise<void> {
    this.d.service.onChange = () => { void this.sync(); };
    await this.sync();
    await this.catchUp(now);
    await this.revealDue(now);
    this.subscriber = this.d.redis.duplicate();
    this.subscriber.on('error', (err) => this.d.log.warn({ err }, 'schedule subscriber error'));
    await this.subscriber.subscribe(globalKeys.scheduleChanges);
    this.subscriber.on('message', () => { void this.sync(); });
    this.every(this.d.revealEveryMs ?? 10_000, () => this.revealDue(new Date()));
    this.every(this.d.resyncEveryMs ?? 60_000, () => this.sync());
  }

  private every(ms: number, fn: () => Promise<unknown>): void {
    const t = setInterval(() => { fn().catch((err: unknown) => this.d.log.error({ err }, 'scheduler job failed')); }, ms);
    t.unref();
    this.timers.push(t);
  }

  /** Loads all schedules and makes the running tasks match them (new, changed, paused, removed). */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow()).catch((err: unknown) => this.d.log.error({ err }, 'schedule sync failed'));
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map((await this.d.repo.all()).filter((s) => !s.paused && this.d.service.serves(s.communityId)).map((s) => [taskName(s), s]));
    for (const [name, entry] of this.tasks) {
      const s = wanted.get(name);
      if (!s || fingerprint(s) !== entry.fp) {
        await entry.task.destroy();
        this.tasks.delete(name);
      }
    }
    for (const [name, s] of wanted) {
      if (this.tasks.has(name)) continue;
      const task = cron.schedule(s.cron, (ctx) => this.run(s.communityId, s.id, ctx.date, new Date()), {
        name, timezone: s.timezone, distributed: true, runCoordinator: this.coordinator, noOverlap: true,
      });
      this.tasks.set(name, { task, fp: fingerprint(s) });
    }
  }

  /** A claimed slot: re-read the schedule (it may have changed since the task was made) and post. */
  private async run(communityId: string, scheduleId: string, slot: Date, now: Date): Promise<void> {
    const s = await this.d.repo.get(communityId, scheduleId);
    if (!s || s.paused) return;
    try {
      await this.d.service.fire(s, slot, now);
      this.d.metrics?.posts.inc({ kind: 'question' });
    } catch (err) {
      this.d.log.error({ err, schedule: scheduleId, community: communityId }, 'scheduled post failed');
    }
  }

  /** After downtime: the latest missed slot within the grace window is posted once; older ones are skipped. */
  async catchUp(now: Date): Promise<number> {
    let posted = 0;
    for (const s of await this.d.repo.all()) {
      if (s.paused || !this.d.service.serves(s.communityId)) continue;
      const slot = latestSlot(s.cron, s.timezone, now, this.d.graceMs);
      if (!slot || slot.getTime() < s.createdAt) continue;
      if (!(await this.d.repo.claim(s.communityId, s.id, slot.toISOString()))) continue;
      this.d.log.info({ schedule: s.id, slot }, 'catching up a missed scheduled post');
      await this.run(s.communityId, s.id, slot, now);
      posted++;
    }
    return posted;
  }

  /** Reveals every post whose window has ended (including those that ended while the bot was down). */
  async revealDue(now: Date): Promise<number> {
    let revealed = 0;
    for (const { communityId, postId } of await this.d.repo.dueReveals(now.getTime())) {
      if (!this.d.service.serves(communityId)) continue;
      try {
        if (await this.d.service.reveal(communityId, postId, now)) {
          revealed++;
          this.d.metrics?.posts.inc({ kind: 'reveal' });
        }
      } catch (err) {
        this.d.log.error({ err, postId }, 'reveal failed');
      }
    }
    return revealed;
  }

  /** Runs the time-driven jobs for `now` (used by the console's --allow-clock and by tests). */
  async tick(now: Date): Promise<void> {
    await this.catchUp(now);
    await this.revealDue(now);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const { task } of this.tasks.values()) await task.destroy();
    this.tasks.clear();
    await this.syncing;
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
