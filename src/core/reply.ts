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
