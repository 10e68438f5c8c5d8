import type { Reply } from './reply.js';
import type { Platform } from './command.js';

/**
 * The one port through which scheduled delivery reaches a platform. Implementations call the platform's
 * REST API (never a gateway cache), so any process can post in any channel. Ids are namespaced
 * ("discord:123"); message ids are whatever the platform returns and are only handed back to it.
 *
 * Errors: throw `PermanentPostError` when retrying cannot help (missing channel, missing permission, bot
 * removed), `RateLimitedError` for a 429; anything else is treated as transient and retried.
 */
export interface PostingPort {
  readonly platform: Platform;
  /** The delivery queue this port works (see `routeOf`). */
  readonly route: string;
  /**
   * Posts a channel message and returns its id. `idempotencyKey` (≤ 25 characters) makes a repeat with the
   * same key return the first message where the platform supports it (Discord's enforced nonce).
   */
  post(channelId: string, reply: Reply, idempotencyKey: string): Promise<string>;
  edit(channelId: string, messageId: string, reply: Reply): Promise<void>;
  /** Adds the bot's own reactions to a message, in order. */
  react(channelId: string, messageId: string, emoji: string[]): Promise<void>;
  /**
   * A direct message to a user, where the platform allows it. Without `communityId` the message is text only;
   * with it, its buttons work from the direct message (on behalf of that community). `idempotencyKey` works as
   * for `post`.
   */
  dm(userId: string, reply: Reply, opts?: DmOptions): Promise<void>;
  /** Requests one `dm` makes, for the shared budget (Discord opens the DM channel first); 1 if unset. */
  readonly requestsPerDm?: number;
}

export interface DmOptions {
  communityId?: string;
  idempotencyKey?: string;
}

/**
 * The platform refused for good; `reason` is shown to admins, e.g. `the bot cannot post in ${channelRef('discord:123')}`:
 * it is kept with the schedule and shown later on any platform, so it names channels with `channelRef`, never markup.
 */
export class PermanentPostError extends Error {
  override readonly name = 'PermanentPostError';
  constructor(readonly reason: string, readonly code?: string | number) {
    super(reason);
  }
}

/** The platform said 429: wait `retryAfterMs`; `global` means the whole bot, not just this route or channel. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(readonly retryAfterMs: number, readonly global: boolean) {
    super(`rate limited for ${retryAfterMs} ms${global ? ' (global)' : ''}`);
  }
}

/** Platform ids are namespaced: "discord:123" -> "123". */
export function rawId(namespaced: string): string {
  const i = namespaced.indexOf(':');
  return i >= 0 ? namespaced.slice(i + 1) : namespaced;
}

/** "discord:123" -> "discord". */
export function platformOf(namespaced: string): string {
  return namespaced.slice(0, Math.max(0, namespaced.indexOf(':')));
}

/**
 * Which delivery queue a community's jobs go to: one per bot identity that can serve them. A Discord bot serves
 * every guild (later: one route per shard); a Slack bot token belongs to one workspace.
 */
export function routeOf(communityId: string): string {
  const platform = platformOf(communityId);
  return platform === 'slack' ? `slack-${rawId(communityId)}` : platform;
}
