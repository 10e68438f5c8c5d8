import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, REST, RESTJSONErrorCodes, Routes, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { scopeReply } from '../../core/action-ids.js';
import { PermanentPostError, RateLimitedError, rawId, type DmOptions, type PostingPort } from '../../core/posting.js';
import { channelRef, type Reply } from '../../core/reply.js';
import { renderMessage } from './render.js';

/** Discord errors that no retry can fix, with what an admin is told (channels as references any platform renders). */
const PERMANENT: Partial<Record<number, (channel: string) => string>> = {
  [RESTJSONErrorCodes.UnknownChannel]: (c) => `the channel ${ref(c)} no longer exists`,
  [RESTJSONErrorCodes.UnknownGuild]: () => 'the bot is no longer in this server',
  [RESTJSONErrorCodes.MissingAccess]: (c) => `the bot cannot see ${ref(c)}`,
  [RESTJSONErrorCodes.MissingPermissions]: (c) => `the bot cannot post in ${ref(c)} (missing permission)`,
  [RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel]: (c) => `${ref(c)} is not a text channel`,
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: () => 'the user does not accept direct messages',
  [RESTJSONErrorCodes.UnknownMessage]: () => 'the message no longer exists',
  [RESTJSONErrorCodes.UnknownUser]: () => 'the user no longer exists',
};

const ref = (channel: string) => channelRef(`discord:${channel}`);

/** A REST client for delivery: no retries of its own and no waiting on 429s, so the queue decides both. */
export function deliveryRest(token: string, api?: string): REST {
  return new REST({ retries: 0, rejectOnRateLimit: () => true, timeout: 10_000, ...(api ? { api } : {}) }).setToken(token);
}

/**
 * Posting through Discord's REST API only (no gateway cache), so any process can deliver to any channel.
 * Messages carry an enforced nonce: a retry after an unanswered request returns the first message instead of
 * posting a second one.
 */
export class DiscordPoster implements PostingPort {
  readonly platform = 'discord' as const;
  readonly route = 'discord';
  /** Opening the DM channel, then the message. */
  readonly requestsPerDm = 2;

  constructor(private readonly rest: REST) {}

  async post(channelId: string, reply: Reply, idempotencyKey: string): Promise<string> {
    const channel = rawId(channelId);
    const body: RESTPostAPIChannelMessageJSONBody = { ...toJson(reply), nonce: nonce(idempotencyKey), enforce_nonce: true };
    const sent = await call(channel, () => this.rest.post(Routes.channelMessages(channel), { body })) as { id: string };
    return sent.id;
  }

  async edit(channelId: string, messageId: string, reply: Reply): Promise<void> {
    const channel = rawId(channelId);
    await call(channel, () => this.rest.patch(Routes.channelMessage(channel, messageId), { body: toJson(reply) }));
  }

  async react(channelId: string, messageId: string, emoji: string[]): Promise<void> {
    const channel = rawId(channelId);
    for (const e of emoji) {
      await call(channel, () => this.rest.put(Routes.channelMessageOwnReaction(channel, messageId, encodeURIComponent(e))));
    }
  }

  async dm(userId: string, reply: Reply, opts: DmOptions = {}): Promise<void> {
    const user = rawId(userId);
    const dm = await call('', () => this.rest.post(Routes.userChannels(), { body: { recipient_id: user } })) as { id: string };
    // A DM has no server: buttons work there only when they name their community (interactions.ts reads it back).
    const shown = opts.communityId ? scopeReply(reply, opts.communityId) : { ...reply, buttons: [] };
    const body: RESTPostAPIChannelMessageJSONBody = { ...toJson(shown), ...(opts.idempotencyKey ? { nonce: nonce(opts.idempotencyKey), enforce_nonce: true } : {}) };
    await call(dm.id, () => this.rest.post(Routes.channelMessages(dm.id), { body }));
  }
}

/** Scheduled posts carry no image (an embed pointing at an attachment that is not uploaded would show broken). */
function toJson(reply: Reply): RESTPostAPIChannelMessageJSONBody {
  const m = renderMessage({ ...reply, image: undefined });
  return { embeds: m.embeds.map((e) => e.toJSON()), components: m.components.map((c) => c.toJSON()), allowed_mentions: { parse: [] } };
}

/** Discord nonces are at most 25 characters. */
function nonce(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

/** Runs one REST call and turns Discord's answer into the port's error kinds. */
async function call<T>(channel: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RateLimitError) throw new RateLimitedError(Math.max(err.retryAfter, 1), err.global);
    if (err instanceof DiscordAPIError) {
      const why = typeof err.code === 'number' ? PERMANENT[err.code] : undefined;
      if (why) throw new PermanentPostError(why(channel), err.code);
      if (err.status === 403 || err.status === 404) throw new PermanentPostError(`Discord refused the post (${err.status}: ${err.message})`, err.code);
      if (err.status === 429) throw new RateLimitedError(1000, false);
    }
    if (err instanceof HTTPError && err.status === 429) throw new RateLimitedError(1000, false);
    throw err;
  }
}
