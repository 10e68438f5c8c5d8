import type { types } from '@slack/bolt';
import { CHOICE_EMOJI, SELF_EMOJI } from '../../core/action-ids.js';
import { plainChannel, renderChannels, renderInstants, truncate, type Button, type ChannelRef, type Field, type Form, type Reply } from '../../core/reply.js';
import { plainInstant } from '../../views/time.js';

type KnownBlock = types.KnownBlock;
type ButtonElement = types.Button;

/** Slack's documented Block Kit limits (https://docs.slack.dev/reference/block-kit). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  actionId: 255,
  actionsElements: 25,
  contextElements: 10,
  fieldText: 2000,
  sectionFields: 10,
  fallbackText: 3000,
  modalTitle: 24,
  inputLabel: 2000,
  placeholder: 150,
  inputMaxLength: 3000,
  callbackId: 255,
  privateMetadata: 3000,
} as const;

/**
 * Slack has no single regional-indicator emoji (🇦 🇧 …) in its standard set, so choices are keycaps on Slack.
 * `a` and `b` (🅰️ 🅱️) are accepted as aliases for the first two choices.
 */
const CHOICE_NAMES = ['one', 'two', 'three', 'four', 'five'] as const;
const CHOICE_ALIASES: Record<string, number> = { a: 0, b: 1 };
const SELF_NAMES: Record<string, string> = { [SELF_EMOJI.got]: 'white_check_mark', [SELF_EMOJI.partly]: 'thinking_face', [SELF_EMOJI.missed]: 'x' };

/** The Slack reaction name for one of the shared emoji, or undefined if Slack has no equivalent. */
export function slackEmojiName(emoji: string): string | undefined {
  const i = (CHOICE_EMOJI as readonly string[]).indexOf(emoji);
  if (i >= 0) return CHOICE_NAMES[i];
  return SELF_NAMES[emoji];
}

/** Maps a Slack reaction name back to the shared emoji (skin tones ignored). */
export function sharedEmoji(reaction: string): string | undefined {
  const name = reaction.replace(/::skin-tone-\d$/, '');
  const i = (CHOICE_NAMES as readonly string[]).indexOf(name);
  if (i >= 0) return CHOICE_EMOJI[i];
  if (name in CHOICE_ALIASES) return CHOICE_EMOJI[CHOICE_ALIASES[name]!];
  return Object.entries(SELF_NAMES).find(([, n]) => n === name)?.[0];
}

/** Escapes Slack's control characters so user text can never form a mention, link or `<!channel>`. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A word joiner keeps a typed "@channel" from ever being auto-linked into a broadcast.
    .replace(/(^|[^\w])@(channel|here|everyone)\b/gi, '$1@\u2060$2');
}

/** Slack shows the date in each reader's own zone ("Today at 5:00 PM"); clients that cannot get the fallback text. */
export const slackInstant = (seconds: number, zone: string) => `<!date^${seconds}^{date_short_pretty} {time}|${plainInstant(seconds, zone)}>`;

/**
 * A channel link (Slack shows the channel's current name, or "private channel" to those outside it). Only a Slack
 * channel id becomes markup; anything else stays escaped text.
 */
export const slackChannel = (ref: ChannelRef) => (ref.platform === 'slack' && /^[CGD][A-Z0-9]{2,40}$/.test(ref.id) ? `<#${ref.id}>` : escapeText(plainChannel(ref)));

/** Neutral light Markdown (**bold**, ||spoiler||, shared emoji, instants, channels) -> escaped Slack mrkdwn. */
export function toMrkdwn(text: string): string {
  const md = emojiToSlack(escapeText(text))
    .replace(/\*\*([^*\n]+?)\*\*/g, '*$1*')
    .replace(/\|\|([^|\n]+?)\|\|/g, '_$1_');
  // Tokens are rendered after escaping: their markup is the only "<" and ">" that reaches Slack unescaped.
  return renderChannels(renderInstants(md, slackInstant), slackChannel);
}

/** plain_text shows no date tokens or links, so instants become text in the community's zone and channels #ids. */
function toPlain(text: string): string {
  const plainText = emojiToSlack(escapeText(text.replace(/\*\*([^*\n]+?)\*\*/g, '$1').replace(/\|\|([^|\n]+?)\|\|/g, '$1')));
  return renderChannels(renderInstants(plainText, plainInstant), (ref) => escapeText(plainChannel(ref)));
}

/** Shows the shared choice emoji as the Slack reaction users must pick. */
function emojiToSlack(text: string): string {
  let out = text;
  CHOICE_EMOJI.forEach((e, i) => { out = out.split(e).join(`:${CHOICE_NAMES[i]}:`); });
  return out;
}

/** Cuts already-escaped text without leaving half an entity such as "&am" behind. */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  return truncate(text, max).replace(/&[a-z]{0,4}…$/, '…');
}

const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn' as const, text: fit(text, max), verbatim: true });
/** plain_text is escaped too and loses the Markdown markers. */
const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: fit(toPlain(text), max), emoji: true });

/** Splits long mrkdwn into section-sized pieces at paragraph, line or word boundaries. */
function chunks(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const head = rest.slice(0, max);
    let cut = head.lastIndexOf('\n\n');
    if (cut < max * 0.5) cut = head.lastIndexOf('\n');
    if (cut < max * 0.5) cut = head.lastIndexOf(' ');
    if (cut < max * 0.5) cut = /&[a-z]{0,4}$/.test(head) ? head.lastIndexOf('&') : max;
    // Escaped text has no literal "<", so one without its ">" is a date or link token: keep it whole.
    const open = head.lastIndexOf('<', cut - 1);
    if (open > 0 && open > head.lastIndexOf('>', cut - 1)) cut = open;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim()) out.push(rest);
  return out;
}

function buttonStyle(b: Button, primaries: number): ButtonElement['style'] {
  if (b.style === 'danger') return 'danger';
  if (b.style === 'success' || (b.style === 'primary' && primaries === 1)) return 'primary';
  return undefined;
}

export function renderButtons(buttons: Button[]): KnownBlock[] {
  const usable = buttons.filter((b) => b.actionId.length <= LIMITS.actionId);
  const primaries = usable.filter((b) => b.style === 'primary').length;
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < usable.length; i += LIMITS.actionsElements) {
    blocks.push({
      type: 'actions',
      elements: usable.slice(i, i + LIMITS.actionsElements).map((b): ButtonElement => {
        const style = buttonStyle(b, primaries);
        return { type: 'button', action_id: b.actionId, text: plain(b.label, LIMITS.buttonText), ...(style ? { style } : {}) };
      }),
    });
  }
  return blocks;
}

function renderFields(fields: Field[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let inline: Field[] = [];
  const flush = () => {
    for (let i = 0; i < inline.length; i += LIMITS.sectionFields) {
      blocks.push({ type: 'section', fields: inline.slice(i, i + LIMITS.sectionFields).map((f) => mrkdwn(`*${toMrkdwn(f.name)}*\n${toMrkdwn(f.value)}`, LIMITS.fieldText)) });
    }
    inline = [];
  };
  for (const f of fields) {
    if (f.inline) { inline.push(f); continue; }
    flush();
    blocks.push({ type: 'section', text: mrkdwn(`*${toMrkdwn(f.name)}*\n${toMrkdwn(f.value)}`, LIMITS.sectionText) });
  }
  flush();
  return blocks;
}

export interface SlackMessage {
  /** Notification / fallback text (also what screen readers get). */
  text: string;
  blocks: KnownBlock[];
}

/** Renders a neutral Reply as Block Kit within Slack's limits. */
export function renderMessage(reply: Reply): SlackMessage {
  const tail: KnownBlock[] = renderButtons(reply.buttons ?? []).slice(0, 2);
  if (reply.footer) tail.push({ type: 'context', elements: [mrkdwn(toMrkdwn(reply.footer), LIMITS.sectionText)] });
  let budget = LIMITS.blocks - tail.length;

  const head: KnownBlock[] = [];
  if (reply.title) head.push({ type: 'header', text: plain(reply.title, LIMITS.headerText) });
  const warn = reply.tone === 'error' && !reply.title ? '⚠️ ' : '';
  const body = reply.body ? `${warn}${reply.body}` : '';
  const pieces = chunks(toMrkdwn(body), LIMITS.sectionText);
  const room = budget - head.length - (reply.fields?.length ? 1 : 0);
  if (pieces.length > room) {
    pieces.length = room;
    pieces[room - 1] = fit(`${pieces[room - 1]} …`, LIMITS.sectionText);
  }
  for (const piece of pieces) head.push({ type: 'section', text: mrkdwn(piece, LIMITS.sectionText) });
  budget -= head.length;

  let fields = renderFields(reply.fields ?? []);
  if (fields.length > budget) {
    const hidden = fields.length - (budget - 1);
    fields = [...fields.slice(0, budget - 1), { type: 'context', elements: [mrkdwn(`…and ${hidden} more not shown.`, 100)] }];
  }
  const blocks = [...head, ...fields, ...tail];
  if (blocks.length === 0) blocks.push({ type: 'section', text: mrkdwn(' ', 10) });

  const fallback = [reply.title ? toPlain(reply.title) : '', toMrkdwn(body)].filter(Boolean).join('\n');
  return { text: fit(fallback || ' ', LIMITS.fallbackText), blocks };
}

/** The modal for a free-text Form; its submission comes back with callback_id = form.actionId. */
export function renderModal(form: Form, privateMetadata: string): types.ModalView {
  const maxLength = Math.max(1, Math.min(form.maxLength, LIMITS.inputMaxLength));
  return {
    type: 'modal',
    callback_id: form.actionId,
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain('Submit', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: privateMetadata.length <= LIMITS.privateMetadata ? privateMetadata : '',
    blocks: [{
      type: 'input',
      block_id: MODAL_BLOCK,
      ...(form.optional ? { optional: true } : {}),
      label: plain(form.label, LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: MODAL_INPUT,
        multiline: maxLength > 200,
        max_length: maxLength,
        ...(form.placeholder ? { placeholder: plain(form.placeholder, LIMITS.placeholder) } : {}),
      },
    }],
  };
}

export const MODAL_BLOCK = 'answer';
export const MODAL_INPUT = 'text';
