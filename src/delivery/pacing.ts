import { RequestBudget } from '../store/budget.js';
import { deliveryKeys } from '../store/keys.js';
import type { Store } from '../store/redis.js';

/** The shared request budget is taken for now; try again in `waitMs` (the whole queue pauses). */
export class BudgetBusy extends Error {
  override readonly name = 'BudgetBusy';
  constructor(readonly waitMs: number) { super(`request budget busy for ${waitMs} ms`); }
}

/** This channel had its share for now; this one job comes back in `waitMs` (other channels go on). */
export class ChannelBusy extends Error {
  override readonly name = 'ChannelBusy';
  constructor(readonly waitMs: number) { super(`channel busy for ${waitMs} ms`); }
}

export interface PacingLimits {
  /** Requests per second for the bot as a whole, across all replicas. */
  perSecond?: number;
  /** Channel messages per second in one channel (Slack: about one). */
  perChannelPerSecond?: number;
}

/** How long a job may hold its worker slot waiting for a reserved send time before it is put back instead. */
const HOLD_MS = 1000;
/** Calls that follow an accepted message (reactions, the reveal after the edit) wait rather than give up. */
const FOLLOW_UP_HOLD_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Spaces a route's requests under the platform's limits, coordinated in Redis so every replica shares one budget.
 * The first request of a job that would wait too long throws (BudgetBusy / ChannelBusy) so the queue can put the
 * job back without counting an attempt; follow-up requests wait their turn.
 */
export class Pacer {
  private readonly budget?: RequestBudget;

  constructor(private readonly redis: Store, private readonly route: string, private readonly limits: PacingLimits) {
    if (limits.perSecond) this.budget = new RequestBudget(redis, deliveryKeys.budget(route), limits.perSecond);
  }

  /** Before posting a message to `channelId`. */
  async message(channelId: string, first: boolean): Promise<void> {
    let wait = 0;
    if (this.limits.perChannelPerSecond) {
      const channel = new RequestBudget(this.redis, deliveryKeys.channelBudget(this.route, channelId), this.limits.perChannelPerSecond);
      wait = await channel.reserve(first ? HOLD_MS : FOLLOW_UP_HOLD_MS);
      if (wait < 0) throw new ChannelBusy(-wait);
    }
    await this.request(first, wait);
  }

  /** Before any other request (an edit, a reaction, a direct message). */
  async request(first: boolean, alreadyWaiting = 0): Promise<void> {
    let wait = alreadyWaiting;
    if (this.budget) {
      const w = await this.budget.reserve(first ? HOLD_MS : FOLLOW_UP_HOLD_MS);
      if (w < 0) throw new BudgetBusy(-w);
      wait = Math.max(wait, w);
    }
    if (wait > 0) await sleep(wait);
  }
}
