import type { Reply } from '../../src/core/reply.js';
import type { Messenger } from '../../src/platforms/messenger.js';

/** A Messenger that keeps what it was asked to post, for scheduler tests (the platforms have their own e2e tests). */
export class RecordingMessenger implements Messenger {
  readonly posts: { channelId: string; messageId: string; reply: Reply }[] = [];
  readonly edits: { channelId: string; messageId: string; reply: Reply }[] = [];
  private seq = 0;

  constructor(readonly platform: Messenger['platform'] = 'console', private readonly tag = 'm') {}

  async post(channelId: string, reply: Reply): Promise<string> {
    const messageId = `${this.tag}${++this.seq}`;
    this.posts.push({ channelId, messageId, reply });
    return messageId;
  }

  async edit(channelId: string, messageId: string, reply: Reply): Promise<void> {
    this.edits.push({ channelId, messageId, reply });
  }
}
