import { randomBytes } from 'node:crypto';
import type { Store } from './redis.js';

/**
 * A lease in Redis that one process holds at a time (for as long as it keeps extending it): the holder's token
 * is random per process, so a restarted process is a new holder and waits for its predecessor's lease to lapse.
 */
export class Lease {
  readonly holder = `${process.pid}-${randomBytes(8).toString('hex')}`;

  constructor(private readonly redis: Store, readonly key: string, readonly ttlMs: number) {}

  /** Takes the lease if free, or extends ours. True if we hold it for another `ttlMs` from now. */
  async take(): Promise<boolean> {
    return (await this.redis.takeLease(this.key, this.holder, String(this.ttlMs))) === 1;
  }

  /** Gives it up at once if we hold it (a clean stop: a standby takes over without waiting for the lease to lapse). */
  async drop(): Promise<void> {
    await this.redis.dropLease(this.key, this.holder);
  }

  /** Who holds it now (a holder token), if anyone. */
  async heldBy(): Promise<string | undefined> {
    return (await this.redis.get(this.key)) ?? undefined;
  }
}
