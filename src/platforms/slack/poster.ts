import { webApi } from '@slack/bolt';
import { PermanentPostError, RateLimitedError, rawId, routeOf, type DmOptions, type PostingPort } from '../../core/posting.js';
import { channelRef, type Reply } from '../../core/reply.js';
import type { Logger } from '../../ops/logger.js';
import { renderMessage, slackEmojiName } from './render.js';
import { boltLogger } from './logging.js';

const ref = (channel: string) => channelRef(`slack:${channel}`);

/** Slack errors that no retry can fix, with what an admin is told (channels as references any platform renders). */
const PERMANENT: Record<string, (channel: string) => string> = {
  channel_not_found: (c) => `the channel ${ref(c)} was not found (deleted, or private without the bot)`,
  not_in_channel: (c) => `the bot is not a member of ${ref(c)}; invite it with /invite`,
  is_archived: (c) => `${ref(c)} is archived`,
  restricted_action: (c) => `the workspace does not let the bot post in ${ref(c)}`,
  missing_scope: () => 'the app lacks a permission (reinstall it from the manifest)',
  invalid_auth: () => 'the bot token is no longer valid',
  account_inactive: () => 'the bot was removed from the workspace',
  token_revoked: () => 'the bot token was revoked',
  not_authed: () => 'the bot token is missing',
  message_not_found: () => 'the message no longer exists',
  cant_update_message: () => 'the message can no longer be edited',
  user_not_found: () => 'the user no longer exists',
  cannot_dm_bot: () => 'the user is a bot',
  invalid_blocks: () => 'Slack rejected the message layout',
  msg_too_long: () => 'the message was too long for Slack',
};

/**
 * Slack's answers to a direct message (chat.postMessage to a user id, or conversations.open) that mean this user
 * cannot be reached by the app, whatever a retry does; the reason is what the user is shown by `/remind`.
 */
const DM_REFUSED: Record<string, string> = {
  messages_tab_disabled: 'the app\'s Messages tab is turned off in this workspace, so it cannot send direct messages (a workspace admin can turn it on under App Home in the app\'s settings)',
  cannot_dm_bot: 'Slack does not let apps send direct messages to a bot account',
  user_not_found: 'Slack no longer knows the account',
  user_disabled: 'the account is deactivated',
  user_not_visible: 'the app is not allowed to see the account',
  channel_not_found: 'Slack found no direct message conversation with the account',
  not_in_channel: 'the app is not in its direct message conversation with the account',
  is_archived: 'the direct message conversation is archived',
  restricted_action: 'a workspace setting keeps the app from sending direct messages',
};

/**
 * Posting through the Slack Web API (chat.postMessage / chat.update / reactions.add) with a client of its own:
 * no retries and no waiting on 429s inside the client, so the delivery queue decides both.
 */
export class SlackPoster implements PostingPort {
  readonly platform = 'slack' as const;
  readonly route: string;
  private readonly client: webApi.WebClient;

  constructor(token: string, opts: { teamId: string; apiUrl?: string; log: Logger }) {
    this.route = routeOf(`slack:${opts.teamId}`);
    this.client = new webApi.WebClient(token, {
      slackApiUrl: opts.apiUrl, logger: boltLogger(opts.log), timeout: 10_000,
      retryConfig: { retries: 0 }, rejectRateLimitedCalls: true,
    });
  }

  async post(channelId: string, reply: Reply): Promise<string> {
    // Slack has no idempotency key for chat.postMessage; the queue's job id keeps the send itself to one job.
    const channel = rawId(channelId);
    const res = await call(channel, () => this.client.chat.postMessage({ channel, ...renderMessage(reply), unfurl_links: false, unfurl_media: false }));
    return `${res.channel ?? channel}:${res.ts}`;
  }

  async edit(channelId: string, messageId: string, reply: Reply): Promise<void> {
    const [channel, ts] = split(channelId, messageId);
    await call(channel, () => this.client.chat.update({ channel, ts, ...renderMessage(reply) }));
  }

  async react(channelId: string, messageId: string, emoji: string[]): Promise<void> {
    const [channel, ts] = split(channelId, messageId);
    for (const e of emoji) {
      const name = slackEmojiName(e);
      if (!name) continue;
      await call(channel, () => this.client.reactions.add({ channel, timestamp: ts, name }).catch((err: unknown) => {
        if ((err as { data?: { error?: string } }).data?.error === 'already_reacted') return { ok: true };
        throw err;
      }));
    }
  }

  async dm(userId: string, reply: Reply, opts: DmOptions = {}): Promise<void> {
    // Posting to a user id lands in the app's direct messages with that user (the app home's Messages tab). Button
    // clicks there carry the workspace, so they need nothing extra; without a community the message is text only.
    const user = rawId(userId);
    const shown = opts.communityId ? reply : { ...reply, buttons: [] };
    await call(user, () => this.client.chat.postMessage({ channel: user, ...renderMessage(shown), unfurl_links: false, unfurl_media: false }), DM_REFUSED);
  }
}

/** Slack message ids are "<channel>:<ts>" (the channel a message landed in may differ from the one asked for). */
function split(channelId: string, messageId: string): [string, string] {
  const i = messageId.indexOf(':');
  return i >= 0 ? [messageId.slice(0, i), messageId.slice(i + 1)] : [rawId(channelId), messageId];
}

/** Runs one Web API call and turns Slack's answer into the port's error kinds; `refused` overrides reasons for a DM. */
async function call<T>(channel: string, fn: () => Promise<T>, refused: Record<string, string> = {}): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number };
    if (e.code === webApi.ErrorCode.RateLimitedError) throw new RateLimitedError(Math.max(1, e.retryAfter ?? 1) * 1000, false);
    const code = e.data?.error;
    if (code && Object.hasOwn(refused, code)) throw new PermanentPostError(refused[code]!, code);
    const why = code ? PERMANENT[code] : undefined;
    if (why) throw new PermanentPostError(why(channel), code);
    if (code === 'ratelimited') throw new RateLimitedError(1000, false);
    throw err;
  }
}
