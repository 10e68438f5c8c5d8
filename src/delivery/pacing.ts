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

/** How far ahead the first request of a job may book its turn; beyond that the job is put back instead. */
const HOLD_MS = 1000;
/** Requests that follow an accepted message (reactions, the reveal after the edit) wait rather than give up. */
const FOLLOW_UP_HOLD_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Spaces a route's requests under the platform's limits, coordinated in Redis so every replica shares one budget.
 * Each request books its turn and is sent at that moment. The first request of a job that could not book a turn
 * within the hold throws (BudgetBusy / ChannelBusy) so the queue can put the job back without counting an attempt;
 * follow-up requests wait their turn.
 */
export class Pacer {
  private readonly bot?: Rate;

  constructor(private readonly redis: Store, private readonly route: string, private readonly limits: PacingLimits) {
    if (limits.perSecond) this.bot = { key: deliveryKeys.budget(route), perSecond: limits.perSecond };
  }

  /** Before posting a message to `channelId`: the channel's share and the bot's, booked together. */
  async message(channelId: string, first: boolean): Promise<void> {
    const rates = this.bot ? [this.bot] : [];
    if (this.limits.perChannelPerSecond) {
      rates.push({ key: deliveryKeys.channelBudget(this.route, channelId), perSecond: this.limits.perChannelPerSecond });
    }
    if (!rates.length) return;
    // A busy channel puts just this job back; a busy bot budget pauses the whole queue.
    const channel = this.limits.perChannelPerSecond ? rates.length - 1 : -1;
    await turn(new RequestBudget(this.redis, rates), first ? HOLD_MS : FOLLOW_UP_HOLD_MS, (ms, by) => (by === channel ? new ChannelBusy(ms) : new BudgetBusy(ms)));
  }

  /** Before any other request (an edit, a reaction, a direct message). */
  async request(first: boolean): Promise<void> {
    if (this.bot) await turn(new RequestBudget(this.redis, [this.bot]), first ? HOLD_MS : FOLLOW_UP_HOLD_MS, (ms) => new BudgetBusy(ms));
  }
}

/**
 * How late past its turn a request may still go out. A process that was stalled (garbage collection, a busy
 * machine) would otherwise send late into the next second on top of the requests sent on time there; it gives
 * the turn up and books another instead.
 */
const LATE_MS = 20;
const LATE_TRIES = 3;

/** Books a turn and waits for it; throws what `busy` makes when none is free within `holdMs`. */
async function turn(budget: RequestBudget, holdMs: number, busy: (waitMs: number, by: number) => Error): Promise<void> {
  for (let tries = 1; ; tries++) {
    const asked = Date.now();
    const grant = await budget.reserve(holdMs);
    if (!grant.ok) throw busy(grant.waitMs, grant.by);
    // The turn on this process's clock, at the earliest: Redis booked it after `asked`.
    const at = asked + grant.inMs;
    if (at > Date.now()) await sleep(at - Date.now());
    if (Date.now() - at <= LATE_MS || tries >= LATE_TRIES) return;
  }
}
