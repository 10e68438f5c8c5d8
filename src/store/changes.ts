import type { Logger } from '../ops/logger.js';
import { globalKeys } from './keys.js';
import { duplicateStore, type Store } from './redis.js';

/**
 * What changed, named down to the community (and user), so that every replica refreshes just that one:
 * - schedules: the community's schedules (the scheduler reloads them);
 * - settings: its settings (time zone, points, hints, freezes: the settings cache drops them);
 * - zone: one user's own time zone (the user-zone cache drops it).
 */
export type Change = { kind: 'schedules' | 'settings'; communityId: string } | { kind: 'zone'; communityId: string; userId: string };

/** Ids never contain spaces (keys.ts allows none), so a notice is "<kind> <community> [<user>]". */
export function encodeChange(c: Change): string {
  return c.kind === 'zone' ? `${c.kind} ${c.communityId} ${c.userId}` : `${c.kind} ${c.communityId}`;
}

export function decodeChange(message: string): Change | undefined {
  const [kind, communityId, userId] = message.split(' ');
  if (!communityId) return undefined;
  if (kind === 'zone') return userId ? { kind, communityId, userId } : undefined;
  if (kind === 'schedules' || kind === 'settings') return { kind, communityId };
  return undefined;
}

/** Tells every replica what changed (PUBLISH reaches every node's subscribers, on a cluster too). */
export async function publishChange(redis: Store, change: Change): Promise<void> {
  await redis.publish(globalKeys.changes, encodeChange(change));
}

type Handler = (change: Change) => void;

/**
 * One subscriber connection per process for change notices. After the subscription was lost (Redis restarted,
 * a network cut, a cluster failover) notices may have been missed, so `onResubscribe` handlers reload what
 * they cache.
 */
export class ChangeFeed {
  private readonly handlers: Handler[] = [];
  private readonly resubscribed: (() => void)[] = [];
  private subscriber?: Store;

  constructor(private readonly redis: Store, private readonly log: Logger) {}

  on(handler: Handler): void {
    this.handlers.push(handler);
  }

  onResubscribe(handler: () => void): void {
    this.resubscribed.push(handler);
  }

  async start(): Promise<void> {
    const sub = duplicateStore(this.redis, { maxRetriesPerRequest: null });
    this.subscriber = sub;
    let lost = false;
    sub.on('error', (err: Error) => { lost = true; this.log.debug({ err: err.message }, 'change feed connection error'); });
    sub.on('close', () => { lost = true; });
    sub.on('ready', () => {
      if (!lost) return;
      lost = false;
      for (const h of this.resubscribed) h();
    });
    sub.on('message', (channel: string, message: string) => {
      if (channel !== globalKeys.changes) return;
      const change = decodeChange(message);
      if (!change) return;
      for (const h of this.handlers) {
        try { h(change); } catch (err) { this.log.error({ err }, 'change handler failed'); }
      }
    });
    await sub.subscribe(globalKeys.changes);
  }

  async close(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = undefined;
    await sub?.quit().catch(() => sub.disconnect());
  }
}
