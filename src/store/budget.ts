import type { Store } from './redis.js';

/**
 * A request rate shared by every replica through one Redis key: requests are granted at least 1000 / perSecond ms
 * apart, on the Redis server's clock. So N replicas together stay under a platform's limit instead of each
 * assuming it has the whole budget.
 */
export class RequestBudget {
  readonly intervalMs: number;

  /** `early`: how many requests' worth a grant may come ahead of the even spacing (0 = strictly spaced). */
  constructor(private readonly redis: Store, private readonly key: string, perSecond: number, private readonly early = 0) {
    this.intervalMs = 1000 / perSecond;
  }

  /** 0 when a request may be sent now (and it is counted), else the ms until one may. */
  async take(): Promise<number> {
    return Number(await this.redis.takeBudget(this.key, String(this.intervalMs), String(this.early * this.intervalMs)));
  }
}
