import type { Reply } from '../../core/reply.js';
import { rawId, type Messenger } from '../messenger.js';
import { renderMessage } from './render.js';
import type { DiscordRuntime } from './runtime.js';

/** Channel posts for the scheduler: questions of the day (linked for reactions), reveals, and edits of them. */
export class DiscordMessenger implements Messenger {
  readonly platform = 'discord' as const;

  constructor(private readonly rt: DiscordRuntime) {}

  private async channel(channelId: string) {
    const id = rawId(channelId);
    const channel = await this.rt.client.channels.fetch(id);
    if (!channel || channel.isDMBased() || !channel.isSendable()) {
      throw new Error(`Discord channel ${id} is not a server text channel the bot can post in.`);
    }
    return channel;
  }

  async post(channelId: string, reply: Reply): Promise<string> {
    const channel = await this.channel(channelId);
    const community = `discord:${channel.guildId}`;
    const sent = await channel.send(renderMessage(reply));
    await this.rt.attachPost(community, channel.id, sent.id, reply);
    for (const extra of reply.announce ?? []) {
      if (extra.visibility !== 'channel') continue;
      const more = await channel.send(renderMessage(extra));
      await this.rt.attachPost(community, channel.id, more.id, extra);
    }
    return sent.id;
  }

  async edit(channelId: string, messageId: string, reply: Reply): Promise<void> {
    const channel = await this.channel(channelId);
    await channel.messages.edit(messageId, renderMessage(reply));
  }
}
