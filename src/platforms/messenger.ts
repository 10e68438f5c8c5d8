import type { Reply } from '../core/reply.js';

/** What the scheduler needs from a platform: post to a channel, edit that post, add reactions. */
export interface Messenger {
  readonly platform: 'discord' | 'slack' | 'console';
  /** Posts a channel message; returns the platform message id. */
  post(channelId: string, reply: Reply): Promise<string>;
  edit(channelId: string, messageId: string, reply: Reply): Promise<void>;
}

/** Platform ids are namespaced: "discord:123" -> "123". */
export function rawId(namespaced: string): string {
  const i = namespaced.indexOf(':');
  return i >= 0 ? namespaced.slice(i + 1) : namespaced;
}
