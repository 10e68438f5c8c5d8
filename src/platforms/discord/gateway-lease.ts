import { createHash } from 'node:crypto';
import type { Logger } from '../../ops/logger.js';
import { gatewayKeys } from '../../store/keys.js';
import { Lease } from '../../store/leases.js';
import type { Store } from '../../store/redis.js';

/** A bot's name in lease keys: a hash of its token, never the token. */
export function botKey(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

export interface GatewayLeaseOptions {
  redis: Store;
  token: string;
  shards: number[];
  ttlMs: number;
  log: Logger;
  /** We now hold every shard's lease: open the gateway session. Throwing gives the leases back (tried again later). */
  onAcquired(): Promise<void>;
  /** We may no longer hold them (another process took one, or Redis did not confirm ours in time): close the session at once. */
  onLost(): Promise<void>;
}

/**
 * One gateway session per shard across the fleet. A process opens its session only once it holds the lease of
 * every shard it runs, extends the leases every third of their lifetime, and closes the session as soon as it can
 * no longer be sure it holds them: another process took one, or no extension succeeded for most of the lease's
 * life (Redis unreachable: by the time the lease lapses and someone else may take it, our session is closed).
 * A process that does not get the leases stands by and tries again, so it takes over when the holder dies.
 * Leases are taken all or none, so two processes with overlapping shard lists never block each other.
 */
export class GatewayLease {
  private readonly leases: Lease[];
  private timer?: NodeJS.Timeout;
  private holding = false;
  private confirmedAt = 0;
  private stopped = false;
  private busy = false;
  private announcedWait = false;

  constructor(private readonly o: GatewayLeaseOptions) {
    const bot = botKey(o.token);
    this.leases = o.shards.map((shard) => new Lease(o.redis, gatewayKeys.shardLease(bot, shard), o.ttlMs));
  }

  get held(): boolean {
    return this.holding;
  }

  /** Tries once to take every lease; true if we hold them all (the caller then opens the session itself). */
  async tryTake(): Promise<boolean> {
    const got = await Promise.all(this.leases.map((l) => l.take().catch(() => false)));
    if (got.every(Boolean)) {
      this.holding = true;
      this.confirmedAt = Date.now();
      return true;
    }
    await this.dropAll();
    if (!this.announcedWait) {
      this.announcedWait = true;
      this.o.log.info({ shards: this.o.shards }, 'discord: another process holds the gateway session of these shards; standing by to take over');
    }
    return false;
  }

  /** Keeps extending (or, standing by, trying to take) the leases until stop(). */
  run(): void {
    const every = Math.max(100, Math.floor(this.o.ttlMs / 3));
    this.timer = setInterval(() => { void this.tick(); }, every);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (this.holding) await this.extend();
      else if (await this.tryTake()) await this.acquired();
    } finally {
      this.busy = false;
    }
  }

  private async extend(): Promise<void> {
    const results = await Promise.all(this.leases.map((l) => l.take().then((ok) => (ok ? 'ok' : 'taken'), () => 'error' as const)));
    if (results.every((r) => r === 'ok')) {
      this.confirmedAt = Date.now();
      return;
    }
    const taken = results.includes('taken');
    // Unconfirmed for most of the lease's life: close before it can lapse and be taken by another process.
    if (taken || Date.now() - this.confirmedAt > this.o.ttlMs * 0.7) {
      this.o.log.warn({ shards: this.o.shards, reason: taken ? 'taken by another process' : 'redis did not confirm the lease' }, 'discord: gateway lease lost; closing the session');
      this.holding = false;
      this.announcedWait = false;
      await this.o.onLost().catch((err: unknown) => this.o.log.error({ err }, 'discord: closing the session failed'));
      if (!taken) await this.dropAll();
    }
  }

  private async acquired(): Promise<void> {
    this.o.log.info({ shards: this.o.shards }, 'discord: took over the gateway session');
    try {
      await this.o.onAcquired();
      this.announcedWait = false;
    } catch (err) {
      this.o.log.error({ err: err instanceof Error ? err.message : String(err) }, 'discord: could not open the gateway session; trying again');
      this.holding = false;
      await this.dropAll();
    }
  }

  private async dropAll(): Promise<void> {
    await Promise.all(this.leases.map((l) => l.drop().catch(() => undefined)));
  }

  /** Stops extending and gives the leases up at once, so a standby takes over without waiting. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.holding) {
      this.holding = false;
      await this.dropAll();
    }
  }
}
