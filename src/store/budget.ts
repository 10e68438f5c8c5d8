import type { Store } from './redis.js';

/** One rate: `perSecond` on average; `early` requests' worth may come ahead of the even spacing (0 = strict). */
export interface Rate { key: string; perSecond: number; early?: number }

/**
 * Request rates shared by every replica through Redis keys: a request is granted when every one of its rates
 * allows it, on the Redis server's clock. So N replicas together stay under a platform's limits instead of each
 * assuming it has the whole budget.
 */
export class RequestBudget {
  /** The tightest spacing among the rates, for spreading out callers that wait. */
  readonly intervalMs: number;

  constructor(private readonly redis: Store, private readonly rates: Rate[]) {
    this.intervalMs = Math.max(...rates.map((r) => 1000 / r.perSecond));
  }

  /** 0 when a request may be sent now (and it is counted against every rate), else the ms until one may. */
  async take(): Promise<number> {
    const args = this.rates.flatMap((r) => [String(1000 / r.perSecond), String((r.early ?? 0) * (1000 / r.perSecond))]);
    return Number(await this.redis.takeBudget(String(this.rates.length), ...this.rates.map((r) => r.key), ...args));
  }
}
