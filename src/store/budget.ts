import type { Store } from './redis.js';

/**
 * A request rate shared by every replica through one Redis key: each request reserves the next free send time,
 * spaced evenly (1000 / perSecond ms), on the Redis server's clock. So N replicas together stay under the
 * platform's limit instead of each assuming it has the whole budget.
 */
export class RequestBudget {
  private readonly intervalMs: number;

  constructor(private readonly redis: Store, private readonly key: string, perSecond: number) {
    this.intervalMs = 1000 / perSecond;
  }

  /**
   * Reserves one request. Returns the wait in ms before sending (≥ 0), or, when the next free time is more than
   * `maxWaitMs` away, reserves nothing and returns that wait negated.
   */
  async reserve(maxWaitMs: number): Promise<number> {
    return Number(await this.redis.takeBudget(this.key, String(this.intervalMs), String(Math.max(0, maxWaitMs))));
  }
}
