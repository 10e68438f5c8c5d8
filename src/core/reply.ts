/** The platform-neutral message model every command returns; each platform renders it with its own builders. */

export type Tone = 'info' | 'question' | 'success' | 'warning' | 'error';

export interface Field { name: string; value: string; inline?: boolean }

export interface Button {
  actionId: string;
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
}

/** A free-text form (Discord modal, Slack view, console prompt). */
export interface Form {
  actionId: string;
  title: string;
  label: string;
  placeholder?: string;
  maxLength: number;
  /** The text may be left empty (e.g. the note of a report); the console takes "-" for nothing. */
  optional?: boolean;
}

/** A picture sent with a message (PNG), with the text alternative platforms give screen readers. */
export interface ImageAttachment {
  png: Uint8Array;
  /** The file name, e.g. progress.png (letters, digits, - and _, ending in .png). */
  fileName: string;
  /** A one-paragraph summary of what the image shows (at most MAX_ALT_TEXT characters). */
  alt: string;
  width: number;
  height: number;
}

/** Discord's limit for an attachment description; Slack's alt text allows more. */
export const MAX_ALT_TEXT = 1000;

export interface Reply {
  /** private: only the caller sees it (ephemeral); channel: everyone in the channel. */
  visibility: 'private' | 'channel';
  tone?: Tone;
  title?: string;
  body: string;
  fields?: Field[];
  buttons?: Button[];
  footer?: string;
  /** Emoji the platform adds as reactions after posting (channel questions answered by reaction). */
  reactions?: string[];
  /** Open this form instead of posting a message (platforms without forms show `body`). */
  form?: Form;
  /** The post (question instance) this message shows, so a platform can link its message to it. */
  postId?: string;
  /** Extra messages to post in the channel as a result of this action (e.g. a public reveal). */
  announce?: Reply[];
  /**
   * An image shown with the message: inside the embed on Discord, as a file upload on Slack, as a file under
   * DATA_DIR/images on the console. `body` stays a text summary of it, for clients and people without the image.
   */
  image?: ImageAttachment;
}

export const privateReply = (body: string, extra: Partial<Reply> = {}): Reply => ({ visibility: 'private', body, ...extra });
export const channelReply = (body: string, extra: Partial<Reply> = {}): Reply => ({ visibility: 'channel', body, ...extra });
export const errorReply = (body: string): Reply => ({ visibility: 'private', tone: 'error', body });

/** Cuts `text` to at most `max` characters at a line or word boundary, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(1, max - 1);
  const head = text.slice(0, room);
  const cut = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
  const base = cut > room * 0.6 ? head.slice(0, cut) : head;
  // Never leave half of a surrogate pair behind.
  let safe = /[\uD800-\uDBFF]$/.test(base) ? base.slice(0, -1) : base;
  // Nor half of platform markup (<t:…>, <!date…>, <@…>, <#…>), which would show as raw text.
  const open = safe.lastIndexOf('<');
  if (open >= 0 && open > safe.lastIndexOf('>') && /^<[t!@#]/.test(safe.slice(open))) safe = safe.slice(0, open);
  // Nor half of a neutral token (an instant or a channel), which no platform could render.
  for (const [start, end] of [['\uE000', '\uE001'], ['\uE002', '\uE003']] as const) {
    const at = safe.lastIndexOf(start);
    if (at >= 0 && at > safe.lastIndexOf(end)) safe = safe.slice(0, at);
  }
  return `${safe.trimEnd()}…`;
}

/**
 * A moment in time inside Reply text (body, field values, footer). Each platform renders it in the reader's own
 * zone where it can (Discord and Slack timestamps); elsewhere as a date and time in `zone`, the community's zone.
 */
export function instant(at: Date | number, zone: string): string {
  const seconds = Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000);
  return `\uE000${seconds}@${zone}\uE001`;
}

const INSTANT = /\uE000(-?\d+)@([A-Za-z0-9_+\-/]+)\uE001/g;

/** Replaces every instant in `text` with what `render` makes of it. */
export function renderInstants(text: string, render: (seconds: number, zone: string) => string): string {
  return text.includes('\uE000') ? text.replace(INSTANT, (_, s: string, zone: string) => render(Number(s), zone)) : text;
}

export const hasInstant = (text: string | undefined): boolean => Boolean(text?.includes('\uE000'));

/** A channel inside Reply text, as the platform it lives on and its id there. */
export interface ChannelRef { platform: 'discord' | 'slack' | 'console'; id: string }

const CHANNEL_ID = /^(discord|slack|console):([A-Za-z0-9_.-]{1,80})$/;
const CHANNEL = /\uE002(discord|slack|console):([A-Za-z0-9_.-]{1,80})\uE003/g;

/**
 * A channel inside Reply text (body, field values, footer), by its namespaced id ("slack:C0123ABC"). Each platform
 * renders it as a link to the channel where it can (`<#id>` on Discord and Slack) and as `#name-or-id` elsewhere.
 * The token carries only an id of letters, digits, `_`, `.` and `-`, so text that holds one (a failure reason kept
 * in Redis and shown later on any platform) can never smuggle markup through it.
 */
export function channelRef(channelId: string): string {
  return CHANNEL_ID.test(channelId) ? `\uE002${channelId}\uE003` : 'the channel';
}

/** Replaces every channel reference in `text` with what `render` makes of it. */
export function renderChannels(text: string, render: (ref: ChannelRef) => string): string {
  return text.includes('\uE002') ? text.replace(CHANNEL, (_, platform: ChannelRef['platform'], id: string) => render({ platform, id })) : text;
}

/** `#id`: how a channel reads where nothing links it (the console's channel ids are their names). */
export const plainChannel = (ref: ChannelRef): string => `#${ref.id}`;

/**
 * Text written before channel references existed named channels in platform markup (`<#123>`); on the community's
 * platform those become references, so they render everywhere instead of showing as raw markup.
 */
export function channelRefsFromMarkup(text: string, platform: string): string {
  if (!text.includes('<#') || (platform !== 'discord' && platform !== 'slack')) return text;
  return text.replace(/<#([A-Za-z0-9]{1,40})(?:\|[^>]{0,80})?>/g, (_, id: string) => channelRef(`${platform}:${id}`));
}

export const hasChannelRef = (text: string | undefined): boolean => Boolean(text?.includes('\uE002'));
