import type { Store } from './redis.js';

/** One rate: `perSecond` requests on average, spaced evenly. */
export interface Rate { key: string; perSecond: number }

/** A reserved turn: send in `inMs` (`at` on the Redis clock). Or none within the hold: `waitMs` until one would be, held up by `rates[by]`. */
export type Grant = { ok: true; inMs: number; at: number } | { ok: false; waitMs: number; by: number };

/**
 * Request rates shared by every replica through Redis keys, on the Redis server's clock. A caller reserves the
 * next free turn that every one of its rates allows (a generic cell rate algorithm that books ahead) and sends at
 * that moment. Turns are booked back to back however late callers ask, so the budget is used in full, and N
 * replicas together stay under a platform's limits instead of each assuming it has the whole budget.
 */
export class RequestBudget {
  constructor(private readonly redis: Store, private readonly rates: Rate[]) {}

  /** Books a turn no further than `holdMs` ahead, or books nothing and says how long until one would fit. */
  async reserve(holdMs: number): Promise<Grant> {
    const args = this.rates.map((r) => String(1000 / r.perSecond));
    const [ok, ms, by, at] = (await this.redis.takeBudget(String(this.rates.length), ...this.rates.map((r) => r.key), String(holdMs), ...args)) as number[];
    return ok === 1 ? { ok: true, inMs: Number(ms), at: Number(at) } : { ok: false, waitMs: Math.max(1, Number(ms)), by: Number(by) };
  }
}
