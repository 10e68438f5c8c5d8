import { RequestBudget, type Rate } from '../store/budget.js';
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

/** How long the first request of a job may wait for its turn before the job is put back instead. */
const HOLD_MS = 1000;
/** Requests that follow an accepted message (reactions, the reveal after the edit) wait rather than give up. */
const FOLLOW_UP_HOLD_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Spaces a route's requests under the platform's limits, coordinated in Redis so every replica shares one budget.
 * A request is sent right after its grant. The first request of a job that would wait too long throws
 * (BudgetBusy / ChannelBusy) so the queue can put the job back without counting an attempt; follow-up requests
 * wait their turn.
 */
export class Pacer {
  private readonly bot?: Rate;

  constructor(private readonly redis: Store, private readonly route: string, private readonly limits: PacingLimits) {
    // The bot-wide rate may run one request early (it absorbs callers that ask late); a channel's is strict.
    if (limits.perSecond) this.bot = { key: deliveryKeys.budget(route), perSecond: limits.perSecond, early: 1 };
  }

  /** Before posting a message to `channelId`: the channel's share and the bot's, granted together. */
  async message(channelId: string, first: boolean): Promise<void> {
    const rates = this.bot ? [this.bot] : [];
    if (this.limits.perChannelPerSecond) {
      rates.push({ key: deliveryKeys.channelBudget(this.route, channelId), perSecond: this.limits.perChannelPerSecond });
    }
    // A busy channel puts just this job back; a busy bot budget pauses the whole queue.
    const channelOnly = (ms: number) => (this.limits.perChannelPerSecond ? new ChannelBusy(ms) : new BudgetBusy(ms));
    if (rates.length) await acquire(new RequestBudget(this.redis, rates), first ? HOLD_MS : FOLLOW_UP_HOLD_MS, channelOnly);
  }

  /** Before any other request (an edit, a reaction, a direct message). */
  async request(first: boolean): Promise<void> {
    if (this.bot) await acquire(new RequestBudget(this.redis, [this.bot]), first ? HOLD_MS : FOLLOW_UP_HOLD_MS, (ms) => new BudgetBusy(ms));
  }
}

/** Waits for a grant; gives up (throws) when the total wait would pass `holdMs`. */
async function acquire(budget: RequestBudget, holdMs: number, busy: (waitMs: number) => Error): Promise<void> {
  const started = Date.now();
  for (;;) {
    const wait = await budget.take();
    if (wait === 0) return;
    if (Date.now() - started + wait > holdMs) throw busy(wait);
    // A little random extra, so callers waiting for the same moment do not all ask at once.
    await sleep(wait + Math.random() * budget.intervalMs);
  }
}
