import { GuildMember, PermissionFlagsBits, type BaseInteraction, type User } from 'discord.js';
import type { Invocation } from '../../core/command.js';

const MENTION = /^<@!?(\d{15,21})>$|^(\d{15,21})$/;

/** "<@123>", "<@!123>" or a bare snowflake -> "discord:123". */
export function resolveUser(raw: string): string | undefined {
  const m = MENTION.exec(raw.trim());
  const id = m?.[1] ?? m?.[2];
  return id ? `discord:${id}` : undefined;
}

/** Manage Server (Administrator implies it), or the configured admin role. */
export function isAdmin(i: BaseInteraction, adminRoleId: string | undefined): boolean {
  if (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  if (!adminRoleId || !i.member) return false;
  return i.member instanceof GuildMember ? i.member.roles.cache.has(adminRoleId) : i.member.roles.includes(adminRoleId);
}

export function displayNameOf(i: BaseInteraction): string {
  const m = i.member;
  if (m instanceof GuildMember) return m.displayName;
  return m?.nick ?? userName(i.user);
}

export function userName(u: Pick<User, 'globalName' | 'username' | 'id'>): string {
  return u.globalName ?? u.username ?? u.id;
}

/** The channel's name from the gateway's cache, when it has the channel (the Guilds intent keeps them). */
function channelNameOf(i: BaseInteraction): { channelName?: string } {
  const ch = i.channel;
  return ch && 'name' in ch && typeof ch.name === 'string' && ch.name ? { channelName: ch.name } : {};
}

/** Who did what where; undefined outside a server (DMs), where the bot has no community. */
export function invocationOf(i: BaseInteraction, adminRoleId: string | undefined): Invocation | undefined {
  if (!i.guildId || !i.channelId) return undefined;
  return {
    platform: 'discord',
    communityId: `discord:${i.guildId}`,
    channelId: `discord:${i.channelId}`,
    ...channelNameOf(i),
    userId: `discord:${i.user.id}`,
    displayName: displayNameOf(i),
    isAdmin: isAdmin(i, adminRoleId),
    now: new Date(),
    interactionId: `discord-${i.id}`,
    resolveUser,
  };
}
