import {
  ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, TimestampStyles, channelMention, time,
  type APIApplicationCommandOptionChoice, type APIEmbedField,
} from 'discord.js';
import type { Button, Form, Reply, Tone } from '../../core/reply.js';
import { hasChannelRef, hasInstant, plainChannel, renderChannels, renderInstants, truncate, type ChannelRef } from '../../core/reply.js';
import { plainInstant } from '../../views/time.js';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message, .../interactions). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  /** Attachment description (the image's alt text), and the upload size for bots without boosts. */
  attachmentDescription: 1024,
  attachmentBytes: 10 * 1024 * 1024,
  buttonsPerRow: 5,
  rows: 5,
  customId: 100,
  buttonLabel: 80,
  modalTitle: 45,
  inputLabel: 45,
  placeholder: 100,
  inputMaxLength: 4000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

const TONE_COLOUR: Record<Tone, number> = {
  info: 0x5865f2,
  question: 0x3498db,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

const STYLE: Record<NonNullable<Button['style']>, ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Zero-width space: Discord rejects empty field names and values. */
const BLANK = '\u200b';

/** A message body for channel.send, interaction replies, follow-ups and edits. */
export interface DiscordMessage {
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
  allowedMentions: { parse: [] };
  /** The reply's image, uploaded with the message and shown inside the embed (attachment://<name>). */
  files?: AttachmentBuilder[];
}

/**
 * Embed footers show Markdown literally (and would reveal ||spoilers||) and do not render timestamps, so such
 * footers become subtext in the description.
 */
const hasMarkdown = (s: string) => /\|\||`|\*\*|__|~~/.test(s) || hasInstant(s) || hasChannelRef(s);

/** "<t:…:f> (<t:…:R>)": Discord shows the date and time in each reader's own zone, and how far away it is. */
const nativeInstant = (seconds: number) => `${time(seconds, TimestampStyles.ShortDateTime)} (${time(seconds, TimestampStyles.RelativeTime)})`;
/** Where Discord renders timestamps (description, field values) they are native; titles, field names and footers get text. */
/** A channel mention (Discord shows the channel's current name, as a link); a channel of another platform as text. */
const nativeChannel = (ref: ChannelRef) => (ref.platform === 'discord' && /^\d{5,25}$/.test(ref.id) ? channelMention(ref.id) : plainChannel(ref));
const native = (s: string) => renderChannels(renderInstants(s, nativeInstant), nativeChannel);
const plain = (s: string) => renderChannels(renderInstants(s, plainInstant), plainChannel);

const len = (s: string | undefined) => s?.length ?? 0;

export function renderMessage(reply: Reply): DiscordMessage {
  const embed = renderEmbed(reply);
  const message: DiscordMessage = { embeds: [embed], components: renderButtons(reply.buttons ?? []), allowedMentions: { parse: [] } };
  const image = reply.image;
  if (image && image.png.length <= LIMITS.attachmentBytes) {
    const name = /^[A-Za-z0-9_-]{1,60}\.png$/.test(image.fileName) ? image.fileName : 'image.png';
    message.files = [new AttachmentBuilder(Buffer.from(image.png), { name, description: truncate(image.alt, LIMITS.attachmentDescription) })];
    embed.setImage(`attachment://${name}`);
  }
  return message;
}

/** One embed within every per-field limit and the 6000-character total; the description is cut last and cleanly. */
export function renderEmbed(reply: Reply): EmbedBuilder {
  const title = reply.title ? truncate(plain(reply.title), LIMITS.title) : undefined;
  const footerRaw = reply.footer?.trim() || undefined;
  const footerInline = footerRaw !== undefined && hasMarkdown(footerRaw);
  const footer = footerRaw && !footerInline ? truncate(footerRaw, LIMITS.footer) : undefined;
  const subtext = footerRaw && footerInline
    ? truncate(native(footerRaw), 1000).split('\n').map((l) => `-# ${l}`).join('\n')
    : undefined;

  const room = LIMITS.embedTotal - len(title) - len(footer);
  const fields = fitFields((reply.fields ?? []).map((f) => ({ ...f, name: plain(f.name), value: native(f.value) })));
  const body = native(reply.body).trim();
  // Keep a fair share for the main text: drop trailing fields before squeezing the description below this.
  const wanted = Math.min(LIMITS.description, body.length + (subtext ? subtext.length + 2 : 0));
  const floor = Math.min(wanted, 1500);
  let dropped = 0;
  while (fields.length > 0 && floor + fieldsLength(fields) > room) { fields.pop(); dropped++; }
  if (dropped > 0) {
    const note = { name: BLANK, value: `… ${dropped} more not shown` };
    if (floor + fieldsLength(fields) + note.name.length + note.value.length <= room && fields.length < LIMITS.fields) fields.push(note);
  }
  const descRoom = Math.min(LIMITS.description, room - fieldsLength(fields));
  const description = composeDescription(body, subtext, descRoom);

  const embed = new EmbedBuilder().setColor(TONE_COLOUR[reply.tone ?? 'info']);
  if (title) embed.setTitle(title);
  if (description) embed.setDescription(description);
  if (fields.length) embed.addFields(fields);
  if (footer) embed.setFooter({ text: footer });
  // An embed needs at least one visible part.
  if (!title && !description && !fields.length && !footer) embed.setDescription(BLANK);
  return embed;
}

function composeDescription(body: string, subtext: string | undefined, room: number): string {
  if (!subtext) return truncate(body, room);
  if (!body) return truncate(subtext, room);
  const sep = '\n\n';
  const bodyRoom = room - subtext.length - sep.length;
  if (bodyRoom < Math.min(body.length, 200)) return truncate(body, room);
  return `${truncate(body, bodyRoom)}${sep}${subtext}`;
}

/**
 * Fields within Discord's limits. A value longer than a field holds (a model answer, six long key points) goes on in
 * the fields that follow it, split at a line or word boundary, rather than being cut.
 */
function fitFields(fields: Reply['fields'] & object): APIEmbedField[] {
  const out = fields.flatMap((f) => splitValue(f.value.trim() || BLANK, LIMITS.fieldValue).map((value, i) => ({
    name: i === 0 ? truncate(f.name.trim() || BLANK, LIMITS.fieldName) : BLANK,
    value,
    inline: f.inline ?? false,
  })));
  if (out.length <= LIMITS.fields) return out;
  const kept = out.slice(0, LIMITS.fields - 1);
  kept.push({ name: BLANK, value: `… ${out.length - kept.length} more not shown`, inline: false });
  return kept;
}

/** Pieces of at most `max` characters, cut at a line break, else a space, in the second half of each piece. */
function splitValue(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const head = rest.slice(0, max);
    let cut = head.lastIndexOf('\n');
    if (cut < max / 2) cut = head.lastIndexOf(' ');
    if (cut < max / 2) cut = max;
    // Never leave half of a surrogate pair behind.
    if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut--;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out.filter((piece) => piece.length > 0);
}

function fieldsLength(fields: APIEmbedField[]): number {
  return fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/** Up to 5 rows of 5 buttons; ids longer than Discord allows or repeated ids are left out rather than rejected by Discord. */
export function renderButtons(buttons: Button[]): ActionRowBuilder<ButtonBuilder>[] {
  const seen = new Set<string>();
  const usable = buttons.filter((b) => {
    if (b.actionId.length === 0 || b.actionId.length > LIMITS.customId || seen.has(b.actionId)) return false;
    seen.add(b.actionId);
    return true;
  }).slice(0, LIMITS.buttonsPerRow * LIMITS.rows);
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let i = 0; i < usable.length; i += LIMITS.buttonsPerRow) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(usable.slice(i, i + LIMITS.buttonsPerRow).map((b) =>
      new ButtonBuilder()
        .setCustomId(b.actionId)
        .setLabel(truncate(b.label.trim() || '…', LIMITS.buttonLabel))
        .setStyle(STYLE[b.style ?? 'secondary']))));
  }
  return rows;
}

/** The text input's custom id inside answer modals. */
export const ANSWER_INPUT_ID = 'answer';

export function renderModal(form: Form): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(ANSWER_INPUT_ID)
    .setStyle(form.maxLength > 200 ? TextInputStyle.Paragraph : TextInputStyle.Short)
    .setRequired(!form.optional)
    .setMaxLength(Math.max(1, Math.min(form.maxLength, LIMITS.inputMaxLength)));
  if (!form.optional) input.setMinLength(1);
  if (form.placeholder) input.setPlaceholder(truncate(form.placeholder, LIMITS.placeholder));
  const label = new LabelBuilder().setLabel(truncate(form.label, LIMITS.inputLabel)).setTextInputComponent(input);
  return new ModalBuilder().setCustomId(form.actionId).setTitle(truncate(form.title, LIMITS.modalTitle)).addLabelComponents(label);
}

/** Autocomplete choices for a subject option: tracks and topics that start with (then contain) what was typed. */
export function subjectChoices(typed: string, tracks: readonly string[], topics: readonly string[]): APIApplicationCommandOptionChoice<string>[] {
  const q = typed.trim().toLowerCase();
  const all = [...new Set([...tracks, ...topics])];
  const starts = all.filter((s) => s.startsWith(q));
  const contains = all.filter((s) => !s.startsWith(q) && s.includes(q));
  return [...starts, ...contains].slice(0, LIMITS.choices).map((s) => {
    const label = tracks.includes(s) ? `${s} (track)` : s;
    return { name: truncate(label, LIMITS.choiceName), value: s.slice(0, LIMITS.choiceValue) };
  });
}
