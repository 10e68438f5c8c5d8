import type { Config } from '../config.js';
import type { DeliverySettings } from './delivery.js';

/** Delivery's knobs from the environment (README: Configuration). */
export function deliverySettings(c: Config): DeliverySettings {
  return {
    graceMs: c.SCHEDULE_GRACE_MINUTES * 60_000,
    reminderGraceMs: c.REMINDER_GRACE_MINUTES * 60_000,
    concurrency: c.DELIVERY_CONCURRENCY,
    lockMs: c.DELIVERY_LOCK_MS,
    retry: { baseMs: c.DELIVERY_RETRY_BASE_MS, maxMs: Math.max(c.DELIVERY_RETRY_BASE_MS, c.DELIVERY_RETRY_MAX_MS) },
    limits: {
      discord: { perSecond: c.DISCORD_REQUESTS_PER_SECOND },
      slack: { perSecond: c.SLACK_REQUESTS_PER_SECOND, perChannelPerSecond: c.SLACK_CHANNEL_POSTS_PER_SECOND },
    },
  };
}
