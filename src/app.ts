import type { Config } from './config.js';
import { commands } from '../commands/index.js';
import type { PostingPort } from './core/posting.js';
import { Router } from './core/router.js';
import type { Bank } from './domain/bank.js';
import { Delivery } from './delivery/delivery.js';
import { deliverySettings } from './delivery/settings.js';
import type { Logger } from './ops/logger.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { connectRedis, whenReady, type Store } from './store/redis.js';
import { ChangeFeed } from './store/changes.js';
import { createServices, type Services } from './services/services.js';
import { Scheduler } from './schedule/scheduler.js';
import { warmUpCron } from './schedule/when.js';
import { dashboardLinks } from './web/links.js';

export interface App {
  config: Config;
  redis: Store;
  bank: Bank;
  services: Services;
  router: Router;
  metrics: Metrics;
  log: Logger;
  /** Scheduled delivery (BullMQ); it works a platform's queue once that platform's posting port is attached. */
  delivery: Delivery;
  /** Change notices from every replica, naming the community (and user) that changed. */
  changes: ChangeFeed;
  /** Attaches the started platforms' posting ports to delivery and starts the schedule trigger (with catch-up). */
  startScheduler(ports: PostingPort[]): Promise<Scheduler>;
  close(): Promise<void>;
}

/** Wires config -> redis -> bank -> services -> router. Platforms and the scheduler attach to the result. */
export async function createApp(opts: { config: Config; redisUrl: string; bank: Bank; log: Logger; random?: () => number; metrics?: Metrics; redisDb?: number }): Promise<App> {
  const redis = connectRedis(opts.redisUrl, opts.redisDb ? { db: opts.redisDb } : {});
  await whenReady(redis, opts.redisUrl);
  logRedisErrors(redis, opts.log);
  const metrics = opts.metrics ?? createMetrics(false);
  const services = createServices({
    redis, bank: opts.bank, defaultTimezone: opts.config.DEFAULT_TIMEZONE, log: opts.log, random: opts.random, dashboard: dashboardLinks(opts.config),
    durability: { replicas: opts.config.REDIS_WAIT_REPLICAS, timeoutMs: opts.config.REDIS_WAIT_TIMEOUT_MS },
  });
  await services.ready();
  const router = new Router(commands, services, opts.log, metrics);
  const delivery = new Delivery({ redis, services, log: opts.log, metrics, settings: deliverySettings(opts.config) });
  services.reminders.planner = delivery.reminders;
  // Another replica changed a community's settings or a user's zone: drop just those cached copies.
  const changes = new ChangeFeed(redis, opts.log);
  changes.on((c) => {
    if (c.kind === 'settings') services.settings.forget(c.communityId);
    else if (c.kind === 'zone') services.userZones.forget(c.communityId, c.userId);
  });
  changes.onResubscribe(() => { services.settings.forgetAll(); services.userZones.forgetAll(); });
  await changes.start();
  services.mock.timer = delivery.mockTimer;
  let scheduler: Scheduler | undefined;
  warmUpCron(opts.config.DEFAULT_TIMEZONE);
  return {
    config: opts.config, redis, bank: opts.bank, services, router, metrics, log: opts.log, delivery, changes,
    startScheduler: async (ports) => {
      for (const p of ports) delivery.attach(p);
      scheduler = new Scheduler({
        redis, repo: services.scheduleRepo, service: services.schedules, delivery, changes, log: opts.log, graceMs: opts.config.SCHEDULE_GRACE_MINUTES * 60_000,
      });
      await scheduler.start();
      return scheduler;
    },
    close: async () => {
      await scheduler?.stop();
      await changes.close();
      await delivery.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Outages reach the log as structured lines (not ioredis's "Unhandled error event"); a repeated error is logged at most every 30 s. */
export function logRedisErrors(redis: Store, log: Logger, quietMs = 30_000): void {
  let last = '';
  let lastAt = 0;
  let repeated = 0;
  let failing = false;
  redis.on('error', (err: Error) => {
    failing = true;
    const now = Date.now();
    if (err.message === last && now - lastAt < quietMs) { repeated++; return; }
    log.error({ err, ...(repeated ? { repeated } : {}) }, 'redis connection error');
    last = err.message;
    lastAt = now;
    repeated = 0;
  });
  redis.on('ready', () => {
    if (!failing) return;
    failing = false;
    last = '';
    log.warn('redis connection restored');
  });
}
