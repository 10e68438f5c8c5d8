import type { webApi } from '@slack/bolt';
import type { Form, Reply } from '../../core/reply.js';
import type { Logger } from '../../ops/logger.js';
import type { PostRepository } from '../../store/posts.js';
import { renderMessage, renderModal, slackEmojiName } from './render.js';
import { describe } from './users.js';

/** Where a reply goes: the conversation, the person, and the interaction's response_url / trigger_id if any. */
export interface Target {
  communityId: string;
  /** Raw Slack ids (C…/D…/G…, U…). */
  channel: string;
  user: string;
  responseUrl?: string;
  triggerId?: string;
}

const joinNote = (footer: string | undefined, note: string) => (footer ? `${footer} ${note}` : note);
const stripMarkup = (s: string) => s.replace(/\*\*/g, '');

/** What a modal carries so its submission can answer in the right place. */
export interface FormMetadata { c?: string; r?: string }

const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Sends Replies to Slack: ephemeral for private ones, channel messages (linked to posts, with reactions), modals for forms. */
export class SlackOutput {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly posts: PostRepository,
    private readonly log: Logger,
    /** Origins besides https://hooks.slack.com that response_urls may point to (a local fake in tests). */
    private readonly responseOrigins: string[] = [],
    private readonly fetchFn: typeof fetch = globalThis.fetch,
  ) {}

  async deliver(reply: Reply, t: Target): Promise<void> {
    if (reply.form && t.triggerId && (await this.openForm(reply.form, t))) {
      // The modal is the answer; nothing else to show.
    } else if (reply.image) {
      await this.sendImage(reply, t);
    } else if (reply.visibility === 'private') {
      await this.sendPrivate(reply, t);
    } else {
      await this.sendChannel(reply, t);
    }
    for (const extra of reply.announce ?? []) await this.sendChannel({ ...extra, visibility: 'channel' }, { ...t, triggerId: undefined });
  }

  async sendPrivate(reply: Reply, t: Target): Promise<void> {
    const msg = renderMessage(reply);
    if (t.responseUrl && (await this.respond(t.responseUrl, { response_type: 'ephemeral', replace_original: false, ...msg }))) return;
    try {
      await this.client.chat.postEphemeral({ channel: t.channel, user: t.user, ...msg });
    } catch (err) {
      this.log.warn({ err: describe(err), channel: t.channel }, 'slack: could not send an ephemeral reply');
    }
  }

  /**
   * An image reply is a file upload (files.uploadV2) with the reply's text as its comment, which is also what
   * clients without the image show. A channel reply is uploaded to the channel. A private one goes to the user's
   * direct messages with the app (a file shared in a channel is seen by everyone there), and the text is shown
   * privately in the channel with a note saying where the image went.
   */
  async sendImage(reply: Reply, t: Target): Promise<void> {
    const text = renderMessage({ ...reply, image: undefined, buttons: [] }).text;
    if (reply.visibility === 'channel') {
      try {
        await this.upload(reply, t.channel, text);
      } catch (err) {
        const code = describe(err);
        this.log.warn({ err: code, channel: t.channel }, 'slack: could not upload an image to the channel');
        const note = CANNOT_POST.has(code) ? 'Invite the app to this channel (/invite) to get the image here.' : 'The image could not be uploaded.';
        await this.sendChannel({ ...reply, image: undefined, footer: joinNote(reply.footer, note) }, t);
      }
      return;
    }
    let note = 'The image is in your direct messages with the app.';
    try {
      const opened = await this.client.conversations.open({ users: t.user });
      const dm = opened.channel?.id;
      if (!dm) throw new Error('conversations.open returned no channel');
      await this.upload(reply, dm, text);
    } catch (err) {
      this.log.warn({ err: describe(err) }, 'slack: could not send an image by direct message');
      note = 'The image could not be sent to your direct messages.';
    }
    await this.sendPrivate({ ...reply, image: undefined, footer: joinNote(reply.footer, note) }, t);
  }

  private async upload(reply: Reply, channel: string, text: string): Promise<void> {
    const image = reply.image!;
    await this.client.files.uploadV2({
      channel_id: channel, file: Buffer.from(image.png), filename: image.fileName, title: reply.title ? stripMarkup(reply.title) : image.fileName,
      alt_text: image.alt, initial_comment: text,
    });
  }

  async sendChannel(reply: Reply, t: Target): Promise<void> {
    try {
      await this.postMessage(t.communityId, t.channel, reply);
    } catch (err) {
      const code = describe(err);
      // Slash commands work in channels the bot is not in; the response_url can still post there.
      if (t.responseUrl && CANNOT_POST.has(code) && (await this.respond(t.responseUrl, { response_type: 'in_channel', replace_original: false, ...renderMessage(reply) }))) {
        if (reply.postId) this.log.info({ channel: t.channel }, 'slack: bot is not in the channel, so reactions on this post cannot be answers');
        return;
      }
      this.log.warn({ err: code, channel: t.channel }, 'slack: could not post a channel message');
    }
  }

  /** Posts a channel message, links it to its post and adds the answer reactions; returns "<channel>:<ts>". */
  async postMessage(communityId: string, channel: string, reply: Reply): Promise<string> {
    const res = await this.client.chat.postMessage({ channel, ...renderMessage(reply), unfurl_links: false, unfurl_media: false });
    const ch = res.channel ?? channel;
    const ts = res.ts!;
    const messageId = `${ch}:${ts}`;
    if (reply.postId) await this.posts.linkMessage(communityId, reply.postId, messageId);
    for (const emoji of reply.reactions ?? []) {
      const name = slackEmojiName(emoji);
      if (!name) continue;
      await this.client.reactions.add({ channel: ch, timestamp: ts, name }).catch((err: unknown) => {
        this.log.warn({ err: describe(err), name }, 'slack: could not add a reaction');
      });
    }
    return messageId;
  }

  async openForm(form: Form, t: Target): Promise<boolean> {
    const meta: FormMetadata = { c: t.channel, r: t.responseUrl };
    try {
      await this.client.views.open({ trigger_id: t.triggerId!, view: renderModal(form, JSON.stringify(meta)) });
      return true;
    } catch (err) {
      this.log.warn({ err: describe(err) }, 'slack: could not open a modal; showing the text instead');
      return false;
    }
  }

  /** POSTs to an interaction's response_url; false if it is not a Slack URL or the post failed. */
  async respond(url: string, message: Record<string, unknown>): Promise<boolean> {
    if (!this.isResponseUrl(url)) {
      this.log.warn('slack: ignoring a response_url that does not point to Slack');
      return false;
    }
    try {
      const res = await this.fetchFn(url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message), signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return true;
      this.log.warn({ status: res.status }, 'slack: response_url refused the reply');
    } catch (err) {
      this.log.warn({ err: describe(err) }, 'slack: response_url failed');
    }
    return false;
  }

  private isResponseUrl(url: string): boolean {
    let u: URL;
    try { u = new URL(url); } catch { return false; }
    if (u.protocol === 'https:' && u.hostname === 'hooks.slack.com') return true;
    return this.responseOrigins.includes(u.origin);
  }
}
