import type { DmOptions, PostingPort } from '../../src/core/posting.js';
import type { Reply } from '../../src/core/reply.js';

export interface Recorded { channelId: string; messageId: string; reply: Reply; key: string; at: number }

/**
 * A platform that keeps what it was asked to post, for delivery tests that need no real platform (the Discord and
 * Slack posters have their own tests against the fake servers). Like Discord, a repeated idempotency key returns
 * the first message.
 */
export class RecordingPort implements PostingPort {
  readonly posts: Recorded[] = [];
  readonly edits: { channelId: string; messageId: string; reply: Reply }[] = [];
  readonly dms: { userId: string; reply: Reply; opts: DmOptions }[] = [];
  private seq = 0;

  readonly route: string;

  constructor(readonly platform: PostingPort['platform'] = 'console', private readonly tag = 'm', route?: string) {
    this.route = route ?? platform;
  }

  async post(channelId: string, reply: Reply, key: string): Promise<string> {
    const earlier = this.posts.find((p) => p.key === key);
    if (earlier) return earlier.messageId;
    const messageId = `${this.tag}${++this.seq}`;
    this.posts.push({ channelId, messageId, reply, key, at: Date.now() });
    return messageId;
  }

  async edit(channelId: string, messageId: string, reply: Reply): Promise<void> {
    this.edits.push({ channelId, messageId, reply });
  }

  async react(): Promise<void> {}

  async dm(userId: string, reply: Reply, opts: DmOptions = {}): Promise<void> {
    if (opts.idempotencyKey && this.dms.some((d) => d.opts.idempotencyKey === opts.idempotencyKey)) return;
    this.dms.push({ userId, reply, opts });
  }
}
