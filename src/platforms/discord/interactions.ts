import {
  ApplicationCommandOptionType, MessageFlags,
  type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type CommandInteractionOption,
  type Interaction, type ModalSubmitInteraction,
} from 'discord.js';
import type { Invocation } from '../../core/command.js';
import { describeOptions } from '../../core/command.js';
import { errorReply, type Reply } from '../../core/reply.js';
import type { CommandInput } from '../../core/router.js';
import { invocationOf, resolveUser, userName } from './identity.js';
import { parseScopedActionId, scopeReply } from '../../core/action-ids.js';
import { platformOf } from '../../core/posting.js';
import { ANSWER_INPUT_ID, renderMessage, renderModal, subjectChoices } from './render.js';
import type { DiscordRuntime } from './runtime.js';
import { safeError } from './runtime.js';

type Answerable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

const OUTSIDE_GUILD = 'Daily Gradient works in server channels. Use its commands in a channel of your server.';

/** Entry point for every interaction; never throws, and every path ends in a response Discord accepts. */
export async function handleInteraction(rt: DiscordRuntime, i: Interaction): Promise<void> {
  try {
    if (i.isAutocomplete()) return await autocomplete(rt, i);
    if (!i.isChatInputCommand() && !i.isButton() && !i.isModalSubmit()) return;
    const inServer = invocationOf(i, rt.adminRoleId);
    if (inServer && i.isChatInputCommand()) return await answer(rt, i, inServer, () => rt.app.router.dispatch(inServer, commandInput(i)));
    if (i.isChatInputCommand()) return await answer(rt, i, undefined, async () => errorReply(OUTSIDE_GUILD));
    // A button or form in a direct message (a reminder) names its community in its id.
    const dm = inServer ? undefined : await directInvocation(rt, i);
    const inv = inServer ?? dm?.inv;
    if (!inv) return await answer(rt, i, undefined, async () => errorReply(OUTSIDE_GUILD));
    const actionId = dm?.actionId ?? i.customId;
    const text = i.isModalSubmit() && i.fields.fields.has(ANSWER_INPUT_ID) ? i.fields.getTextInputValue(ANSWER_INPUT_ID) : undefined;
    return await answer(rt, i, inv, () => rt.app.router.action(inv, actionId, i.isModalSubmit() ? text ?? '' : undefined), dm ? inv.communityId : undefined);
  } catch (err) {
    rt.log.error({ err: safeError(err), kind: i.type }, 'discord interaction failed');
    if (i.isRepliable()) await sayFailure(rt, i);
  }
}

/** Typed option values from the interaction; user options become namespaced ids. */
export function commandInput(i: ChatInputCommandInteraction): CommandInput {
  let options: readonly CommandInteractionOption[] = i.options.data;
  let sub: string | undefined;
  const first = options[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand) {
    sub = first.name;
    options = first.options ?? [];
  }
  const args: Record<string, unknown> = {};
  for (const o of options) {
    if (o.value === undefined || o.value === null) continue;
    args[o.name] = o.type === ApplicationCommandOptionType.User ? `discord:${String(o.value)}` : o.value;
  }
  return { name: i.commandName, sub, args };
}

/**
 * Runs the work and responds. If the work is still running after `deferAfterMs` the interaction is deferred
 * (ephemeral, so nothing private can leak) to stay inside Discord's 3-second window.
 */
async function answer(rt: DiscordRuntime, i: Answerable, inv: Invocation | undefined, work: () => Promise<Reply>, scope?: string): Promise<void> {
  let deferral: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    deferral = i.deferReply({ flags: MessageFlags.Ephemeral }).catch((err: unknown) => {
      rt.log.warn({ err: safeError(err) }, 'discord: could not defer an interaction');
    });
  }, rt.deferAfterMs);
  let reply: Reply;
  try {
    reply = await work();
  } finally {
    clearTimeout(timer);
    // Let a deferral in flight land first, so what follows knows whether the interaction is acknowledged.
    if (deferral) await deferral;
  }
  // In a direct message, the buttons and forms of the answer name their community too.
  await deliver(rt, i, inv, scope ? scopeReply(reply, scope) : reply);
}

async function deliver(rt: DiscordRuntime, i: Answerable, inv: Invocation | undefined, reply: Reply): Promise<void> {
  const fresh = !i.deferred && !i.replied;
  // A modal can only be the first response, and never the response to a modal.
  if (reply.form && fresh && !i.isModalSubmit()) {
    await i.showModal(renderModal(reply.form));
    return;
  }
  const message = renderMessage(reply);
  const isPrivate = reply.visibility === 'private';
  let postedId: string | undefined;
  if (fresh) {
    if (isPrivate) await i.reply({ ...message, flags: MessageFlags.Ephemeral });
    else postedId = (await i.reply({ ...message, withResponse: true })).resource?.message?.id;
  } else if (i.deferred && !i.replied) {
    if (isPrivate) {
      await i.editReply(message);
    } else {
      // The first message after an ephemeral deferral stays ephemeral (Discord rule), so settle it first,
      // post the public message as a separate follow-up, then remove the placeholder.
      await i.editReply({ ...renderMessage({ visibility: 'private', tone: 'info', body: 'Posted in the channel.' }) });
      postedId = (await i.followUp(message)).id;
      await i.deleteReply().catch(() => undefined);
    }
  } else {
    const sent = await i.followUp(isPrivate ? { ...message, flags: MessageFlags.Ephemeral } : message);
    if (!isPrivate) postedId = sent.id;
  }
  if (inv && postedId && i.channelId) await rt.attachPost(inv.communityId, i.channelId, postedId, reply);
  for (const extra of reply.announce ?? []) {
    const extraPrivate = extra.visibility === 'private';
    const sent = await i.followUp(extraPrivate ? { ...renderMessage(extra), flags: MessageFlags.Ephemeral } : renderMessage(extra));
    if (inv && !extraPrivate && i.channelId) await rt.attachPost(inv.communityId, i.channelId, sent.id, extra);
  }
}

/**
 * A button or form submitted in a direct message: its id names the community ("@discord:<guild>|…"). It is acted on
 * only for a user who set up reminders or ran a mock interview there (the only direct messages that carry such
 * buttons), so a forged id cannot act in a server the user never used the bot in; the post's own audience check does
 * the rest.
 */
async function directInvocation(rt: DiscordRuntime, i: ButtonInteraction | ModalSubmitInteraction): Promise<{ inv: Invocation; actionId: string } | undefined> {
  if (i.guildId || !i.channelId) return undefined;
  const scoped = parseScopedActionId(i.customId);
  if (!scoped || platformOf(scoped.communityId) !== 'discord') return undefined;
  const userId = `discord:${i.user.id}`;
  const { reminders, mock } = rt.app.services;
  if (!(await reminders.known(scoped.communityId, userId)) && !(await mock.known(scoped.communityId, userId))) return undefined;
  const inv: Invocation = {
    platform: 'discord', communityId: scoped.communityId, channelId: `discord:${i.channelId}`, userId, displayName: userName(i.user),
    isAdmin: false, now: new Date(), interactionId: `discord-${i.id}`, resolveUser,
  };
  return { inv, actionId: scoped.actionId };
}

/** Last resort when responding itself failed: a short ephemeral note instead of "This interaction failed". */
async function sayFailure(rt: DiscordRuntime, i: Answerable | Interaction): Promise<void> {
  if (!i.isRepliable() || i.isAutocomplete()) return;
  const note = { ...renderMessage(errorReply('Something went wrong while answering. Nothing new was recorded; please try again.')), flags: MessageFlags.Ephemeral as const };
  try {
    if (!i.deferred && !i.replied) await i.reply(note);
    else await i.followUp(note);
  } catch (err) {
    rt.log.warn({ err: safeError(err) }, 'discord: could not report a failure to the user');
  }
}

/** Suggestions for options marked suggest: 'subject' (tracks and topics) and for enum options. */
async function autocomplete(rt: DiscordRuntime, i: AutocompleteInteraction): Promise<void> {
  let choices: { name: string; value: string }[] = [];
  try {
    const sub = i.options.getSubcommand(false) ?? undefined;
    const { leaf } = rt.app.router.resolve(i.commandName, sub);
    const focused = i.options.getFocused(true);
    const info = describeOptions(leaf).find((o) => o.name === focused.name);
    const typed = String(focused.value ?? '');
    if (info?.suggest === 'subject') choices = subjectChoices(typed, rt.app.services.bank.tracks, rt.app.services.bank.topics);
    else if (info?.choices) choices = subjectChoices(typed, [], info.choices);
  } catch {
    choices = [];
  }
  await i.respond(choices);
}
