import { RESTJSONErrorCodes, DiscordAPIError, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import { actionIds, CHOICE_EMOJI, SELF_EMOJI, SELF_LEVELS } from '../../core/action-ids.js';
import type { Invocation } from '../../core/command.js';
import type { Reply } from '../../core/reply.js';
import { resolveUser, userName } from './identity.js';
import { renderMessage } from './render.js';
import { safeError, type DiscordRuntime } from './runtime.js';

/** Unicode emoji may arrive with or without the variation selector. */
const bare = (s: string) => s.replace(/\uFE0F/g, '');

/** The action an emoji stands for on a post: a choice letter, or a self-assessment level. */
export function actionForEmoji(emoji: string, postId: string): string | undefined {
  const e = bare(emoji);
  const choice = CHOICE_EMOJI.findIndex((c) => bare(c) === e);
  if (choice >= 0) return actionIds.answer(postId, choice);
  const level = SELF_LEVELS.find((l) => bare(SELF_EMOJI[l]) === e);
  return level ? actionIds.assess(postId, level) : undefined;
}

/**
 * A reaction on a linked channel post counts as an answer. Discord has no ephemeral replies to reactions,
 * so the outcome (recorded, already answered, closed...) goes to the user by DM; if their DMs are closed
 * the answer still counts and nothing else happens.
 */
export async function handleReaction(rt: DiscordRuntime, reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): Promise<void> {
  if (user.id === rt.client.user.id || user.bot) return;
  const message = reaction.message;
  const emoji = reaction.emoji.name;
  if (!message.guildId || !emoji || reaction.emoji.id) return;
  const communityId = `discord:${message.guildId}`;
  const postId = await rt.app.services.posts.byMessage(communityId, message.id);
  if (!postId) return;
  const actionId = actionForEmoji(emoji, postId);
  if (!actionId) return;
  const member = message.guild?.members.cache.get(user.id);
  const inv: Invocation = {
    platform: 'discord',
    communityId,
    channelId: `discord:${message.channelId}`,
    userId: `discord:${user.id}`,
    displayName: member?.displayName ?? (user.partial ? user.id : userName(user)),
    isAdmin: false,
    now: new Date(),
    resolveUser,
  };
  const reply = await rt.app.router.action(inv, actionId);
  await tellUser(rt, user.id, reply);
  for (const extra of reply.announce ?? []) {
    if (extra.visibility === 'private') { await tellUser(rt, user.id, extra); continue; }
    const channel = message.channel;
    if (!channel.isSendable()) continue;
    const sent = await channel.send(renderMessage(extra));
    await rt.attachPost(communityId, message.channelId, sent.id, extra);
  }
}

async function tellUser(rt: DiscordRuntime, userId: string, reply: Reply): Promise<void> {
  try {
    const dm = await rt.client.users.createDM(userId);
    // Buttons would not work in a DM (no server there), so the DM carries the text only.
    await dm.send(renderMessage({ ...reply, buttons: [] }));
  } catch (err) {
    const closed = err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser;
    if (closed) rt.log.debug({ user: userId }, 'discord: DMs closed; reaction outcome not delivered');
    else rt.log.warn({ err: safeError(err) }, 'discord: could not DM a reaction outcome');
  }
}
