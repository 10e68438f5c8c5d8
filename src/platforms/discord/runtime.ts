import { DiscordAPIError, Routes, type Client } from 'discord.js';
import type { App } from '../../app.js';
import type { Reply } from '../../core/reply.js';
import { scrubSecrets, type Logger } from '../../ops/logger.js';

/** What the Discord handlers share: the app, the client and a few settings. */
export interface DiscordRuntime {
  app: App;
  log: Logger;
  client: Client<true>;
  adminRoleId: string | undefined;
  deferAfterMs: number;
  /** After a channel message showing a post was sent: link it for reactions and add the answer reactions. */
  attachPost(communityId: string, channelId: string, messageId: string, reply: Reply): Promise<void>;
}

export function createAttachPost(app: App, log: Logger, client: Client): DiscordRuntime['attachPost'] {
  return async (communityId, channelId, messageId, reply) => {
    if (reply.postId) await app.services.posts.linkMessage(communityId, reply.postId, messageId);
    // One at a time and in order, so the options appear A, B, C... under the message.
    for (const emoji of reply.reactions ?? []) {
      try {
        await client.rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(emoji)));
      } catch (err) {
        log.warn({ err: safeError(err), channel: channelId }, 'discord: could not add an answer reaction (missing Add Reactions permission?)');
        break;
      }
    }
  };
}

/** Webhook and interaction URLs carry interaction tokens: never log them. */
const TOKEN_IN_URL = /\/(webhooks|interactions)\/(\d+)\/[^/?\s]+/g;

/** A log-safe summary of an error: no request bodies (user text), no tokens in URLs. */
export function safeError(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError) {
    return {
      type: 'DiscordAPIError', status: err.status, code: err.code, method: err.method,
      message: scrubSecrets(err.message), path: scrubSecrets(new URL(err.url).pathname.replace(TOKEN_IN_URL, '/$1/$2/[token]')),
    };
  }
  if (err instanceof Error) {
    return { type: err.name, message: scrubSecrets(err.message).replace(TOKEN_IN_URL, '/$1/$2/[token]'), stack: scrubSecrets(err.stack ?? '').replace(TOKEN_IN_URL, '/$1/$2/[token]') };
  }
  return { message: scrubSecrets(String(err)) };
}
