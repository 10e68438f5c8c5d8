/** Discord API objects as the fake sends them: users, members, guilds, channels, messages, interactions. */
import { randomInt } from 'node:crypto';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const DISCORD_EPOCH = 1420070400000n;
const WORKER = BigInt(randomInt(0, 1024));
let increment = BigInt(randomInt(0, 4096));

/** Real-looking snowflakes; a random worker id keeps parallel test files apart. */
export function snowflake(): string {
  increment = (increment + 1n) & 4095n;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (WORKER << 12n) | increment);
}

export const PERMISSIONS = {
  none: 0n,
  /** What a regular member usually has: view, send, add reactions, read history, use application commands. */
  member: (1n << 10n) | (1n << 11n) | (1n << 6n) | (1n << 16n) | (1n << 31n),
  manageGuild: 1n << 5n,
  administrator: 1n << 3n,
} as const;

export interface FakeUser {
  id: string;
  username: string;
  globalName: string;
  bot?: boolean;
  /** Computed channel permissions Discord sends in interaction payloads. */
  permissions: bigint;
  roles: string[];
  /** DMs to this user fail with 50007, as when someone closed their DMs. */
  dmClosed?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  guildId?: string;
  type: number;
  recipientId?: string;
  /** The bot lacks Send Messages here: posts get 403 Missing Permissions (50013). */
  denied?: boolean;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
  roles: { id: string; name: string; permissions: bigint }[];
  /** The first text channel, for convenience. */
  channel: FakeChannel;
}

export interface FakeMessage {
  id: string;
  channelId: string;
  guildId?: string;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  author: Json;
  interactionId?: string;
  webhookId?: string;
  /** A deferred response not yet edited ("… is thinking"). */
  loading: boolean;
  deleted: boolean;
  edits: number;
  reactions: Map<string, Set<string>>;
  createdAt: number;
  nonce?: string;
  /** Files uploaded with the message (multipart requests). */
  attachments?: FakeAttachment[];
}

export interface FakeAttachment {
  id: string;
  filename: string;
  /** The alt text. */
  description?: string;
  contentType?: string;
  bytes: Buffer;
}

export function userObject(u: FakeUser): Json {
  return { id: u.id, username: u.username, global_name: u.globalName, discriminator: '0', avatar: null, bot: u.bot ?? false, public_flags: 0 };
}

export function memberObject(u: FakeUser, withUser = true): Json {
  return {
    ...(withUser ? { user: userObject(u) } : {}),
    roles: u.roles, nick: null, avatar: null, joined_at: new Date(0).toISOString(), premium_since: null,
    deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null, permissions: String(u.permissions),
  };
}

export function channelObject(c: FakeChannel, recipient?: FakeUser): Json {
  if (c.type === 1) return { id: c.id, type: 1, last_message_id: null, flags: 0, recipients: recipient ? [userObject(recipient)] : [] };
  return {
    id: c.id, type: 0, guild_id: c.guildId, name: c.name, position: 0, permission_overwrites: [], nsfw: false,
    topic: null, last_message_id: null, parent_id: null, rate_limit_per_user: 0, flags: 0,
  };
}

export function roleObject(r: { id: string; name: string; permissions: bigint }, position: number): Json {
  return {
    id: r.id, name: r.name, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null,
    unicode_emoji: null, position, permissions: String(r.permissions), managed: false, mentionable: false, flags: 0,
  };
}

export function guildCreate(g: FakeGuild, bot: FakeUser): Json {
  return {
    id: g.id, name: g.name, icon: null, splash: null, discovery_splash: null, owner_id: snowflake(), afk_channel_id: null, afk_timeout: 300,
    verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, features: [], mfa_level: 0,
    application_id: null, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null,
    description: null, banner: null, premium_tier: 0, premium_subscription_count: 0, preferred_locale: 'en-US',
    public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false, safety_alerts_channel_id: null,
    roles: g.roles.map(roleObject), emojis: [], stickers: [], joined_at: new Date().toISOString(), large: false, unavailable: false,
    member_count: 2, voice_states: [], members: [memberObject(bot)], channels: g.channels.map((c) => channelObject(c)), threads: [],
    presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
  };
}

export function messageObject(m: FakeMessage, appId: string): Json {
  return {
    id: m.id, type: m.interactionId ? 20 : 0, channel_id: m.channelId, ...(m.guildId ? { guild_id: m.guildId } : {}),
    author: m.author, content: m.content, ...(m.nonce ? { nonce: m.nonce } : {}), timestamp: new Date(m.createdAt).toISOString(),
    edited_timestamp: m.edits > 0 ? new Date().toISOString() : null, tts: false, mention_everyone: false, mentions: [],
    mention_roles: [], attachments: (m.attachments ?? []).map((a) => attachmentObject(m, a)), embeds: m.embeds, pinned: false, flags: m.flags | (m.loading ? 128 : 0), components: m.components,
    ...(m.webhookId ? { webhook_id: m.webhookId, application_id: appId } : {}),
    reactions: [...m.reactions].map(([emoji, users]) => ({ emoji: { id: null, name: emoji }, count: users.size, me: false, me_burst: false, burst_colors: [], count_details: { burst: 0, normal: users.size } })),
  };
}

function attachmentObject(m: FakeMessage, a: FakeAttachment): Json {
  const url = `https://cdn.discordapp.com/attachments/${m.channelId}/${a.id}/${a.filename}`;
  return {
    id: a.id, filename: a.filename, size: a.bytes.length, url, proxy_url: url,
    ...(a.contentType ? { content_type: a.contentType } : {}), ...(a.description ? { description: a.description } : {}),
  };
}

/** The common part of every interaction Discord sends from a guild channel. */
export function interactionBase(o: { id: string; token: string; appId: string; type: number; guild: FakeGuild; channel: FakeChannel; user: FakeUser }): Json {
  return {
    id: o.id, application_id: o.appId, type: o.type, token: o.token, version: 1,
    guild_id: o.guild.id, guild: { id: o.guild.id, locale: 'en-US', features: [] }, guild_locale: 'en-US',
    channel_id: o.channel.id, channel: channelObject(o.channel),
    member: memberObject(o.user), app_permissions: String(PERMISSIONS.member), locale: 'en-US', entitlements: [],
    authorizing_integration_owners: { 0: o.guild.id }, context: 0, attachment_size_limit: 10_485_760,
  };
}

/** The common part of an interaction from a direct message with the bot (context 1): no guild, no member, a user. */
export function dmInteractionBase(o: { id: string; token: string; appId: string; type: number; channel: FakeChannel; user: FakeUser }): Json {
  return {
    id: o.id, application_id: o.appId, type: o.type, token: o.token, version: 1,
    channel_id: o.channel.id, channel: channelObject(o.channel, o.user), user: userObject(o.user),
    app_permissions: String(PERMISSIONS.member), locale: 'en-US', entitlements: [],
    authorizing_integration_owners: { 0: '0' }, context: 1, attachment_size_limit: 10_485_760,
  };
}

export const OPTION_TYPE = { subcommand: 1, group: 2, string: 3, integer: 4, boolean: 5, user: 6, number: 10 } as const;
