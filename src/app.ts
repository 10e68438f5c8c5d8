import type { Config } from './config.js';
import { commands } from '../commands/index.js';
import { Router } from './core/router.js';
import type { Bank } from './domain/bank.js';
import type { Logger } from './ops/logger.js';
import { createMetrics, type Metrics } from './ops/metrics.js';
import { connectRedis, type Store } from './store/redis.js';
import { createServices, type Services } from './services/services.js';

export interface App {
  config: Config;
  redis: Store;
  bank: Bank;
  services: Services;
  router: Router;
  metrics: Metrics;
  log: Logger;
  close(): Promise<void>;
}

/** Wires config -> redis -> bank -> services -> router. Platforms and the scheduler attach to the result. */
export async function createApp(opts: { config: Config; redisUrl: string; bank: Bank; log: Logger; random?: () => number; metrics?: Metrics }): Promise<App> {
  const redis = connectRedis(opts.redisUrl);
  await redis.ping();
  const metrics = opts.metrics ?? createMetrics(false);
  const services = createServices({ redis, bank: opts.bank, defaultTimezone: opts.config.DEFAULT_TIMEZONE, random: opts.random });
  const router = new Router(commands, services, opts.log, metrics);
  return {
    config: opts.config, redis, bank: opts.bank, services, router, metrics, log: opts.log,
    close: async () => { await redis.quit().catch(() => redis.disconnect()); },
  };
}
