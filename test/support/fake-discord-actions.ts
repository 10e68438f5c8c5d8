/** What users do in the fake Discord: run slash commands, click buttons, submit modals, type for autocomplete, react. */
import { randomBytes } from 'node:crypto';
import type { FakeInteraction } from './fake-discord-rest.js';
import {
  dmInteractionBase, interactionBase, memberObject, messageObject, OPTION_TYPE, snowflake, userObject,
  type FakeChannel, type FakeGuild, type FakeMessage, type FakeUser,
} from './fake-discord-payloads.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

type OptionValue = string | number | boolean | FakeUser;

export abstract class FakeDiscordActions {
  abstract readonly appId: string;
  abstract readonly interactions: Map<string, FakeInteraction>;
  abstract readonly commands: Map<string, Json[]>;
  abstract readonly messages: Map<string, FakeMessage>;
  abstract dispatch(t: string, d: Json): void;
  abstract until<T>(probe: () => T | undefined | false, timeoutMs?: number, what?: string): Promise<T>;
  protected abstract changed(): void;

  /** `guild` undefined: the interaction comes from the user's direct messages with the bot (`channel`). */
  private newInteraction(type: number, guild: FakeGuild | undefined, user: FakeUser, data: Json, extra: Json = {}, channel: FakeChannel = guild!.channel): FakeInteraction {
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb246${id}OnRva2Vu${randomBytes(48).toString('base64url')}`;
    const base = guild ? interactionBase({ id, token, appId: this.appId, type, guild, channel, user }) : dmInteractionBase({ id, token, appId: this.appId, type, channel, user });
    const payload = { ...base, data, ...extra };
    const it: FakeInteraction = { id, token, type, payload, dispatchedAt: Date.now(), followupIds: [] };
    this.interactions.set(id, it);
    this.dispatch('INTERACTION_CREATE', payload);
    return it;
  }

  private registered(guild: FakeGuild, name: string): Json {
    const def = this.commands.get(guild.id)?.find((c) => c.name === name) ?? this.commands.get('global')?.find((c) => c.name === name);
    if (!def) throw new Error(`fake Discord: /${name} is not registered, so Discord would not offer it`);
    return def;
  }

  /**
   * A user runs a slash command. Options are checked against the registered definition the way Discord's
   * client does (known names, types, choices, min/max, max_length, required), then typed like Discord sends them.
   */
  slash(o: { guild: FakeGuild; user: FakeUser; command: string; sub?: string; options?: Record<string, OptionValue>; channel?: FakeChannel }): FakeInteraction {
    const def = this.registered(o.guild, o.command);
    let defs: Json[] = def.options ?? [];
    if (o.sub !== undefined) {
      const sub = defs.find((d) => d.type === OPTION_TYPE.subcommand && d.name === o.sub);
      if (!sub) throw new Error(`fake Discord: /${o.command} has no subcommand ${o.sub}`);
      defs = sub.options ?? [];
    } else if (defs.some((d) => d.type === OPTION_TYPE.subcommand)) {
      throw new Error(`fake Discord: /${o.command} needs a subcommand`);
    }
    const given = o.options ?? {};
    const resolved: Json = { users: {}, members: {} };
    const options = Object.entries(given).map(([name, v]) => {
      const d = defs.find((x) => x.name === name);
      if (!d) throw new Error(`fake Discord: /${o.command} has no option ${name}`);
      if (d.type === OPTION_TYPE.user) {
        const u = v as FakeUser;
        resolved.users[u.id] = userObject(u);
        resolved.members[u.id] = memberObject(u, false);
        return { name, type: d.type, value: u.id };
      }
      if (d.type === OPTION_TYPE.string) {
        if (typeof v !== 'string') throw new Error(`fake Discord: ${name} takes text`);
        if (d.choices && !d.choices.some((c: Json) => c.value === v)) throw new Error(`fake Discord: ${name} must be one of the registered choices`);
        if (d.max_length !== undefined && v.length > d.max_length) throw new Error(`fake Discord: the client stops ${name} at ${d.max_length} characters`);
      } else if (d.type === OPTION_TYPE.integer || d.type === OPTION_TYPE.number) {
        if (typeof v !== 'number' || (d.type === OPTION_TYPE.integer && !Number.isInteger(v))) throw new Error(`fake Discord: ${name} takes a number`);
        if ((d.min_value !== undefined && v < d.min_value) || (d.max_value !== undefined && v > d.max_value)) throw new Error(`fake Discord: ${name} out of range`);
      } else if (d.type === OPTION_TYPE.boolean && typeof v !== 'boolean') {
        throw new Error(`fake Discord: ${name} takes true/false`);
      }
      return { name, type: d.type, value: v };
    });
    for (const d of defs) if (d.required && !(d.name in given)) throw new Error(`fake Discord: /${o.command} requires ${d.name}`);
    const hasResolved = Object.keys(resolved.users).length > 0;
    const data = {
      id: def.id, name: def.name, type: 1, ...(def.guild_id ? { guild_id: def.guild_id } : {}),
      options: o.sub !== undefined ? [{ name: o.sub, type: OPTION_TYPE.subcommand, options }] : options,
      ...(hasResolved ? { resolved } : {}),
    };
    return this.newInteraction(2, o.guild, o.user, data, {}, o.channel);
  }

  /** A user types in an option with autocomplete. */
  autocomplete(o: { guild: FakeGuild; user: FakeUser; command: string; sub?: string; focused: string; value: string }): FakeInteraction {
    const def = this.registered(o.guild, o.command);
    const focused = { name: o.focused, type: OPTION_TYPE.string, value: o.value, focused: true };
    const options = o.sub !== undefined ? [{ name: o.sub, type: OPTION_TYPE.subcommand, options: [focused] }] : [focused];
    return this.newInteraction(4, o.guild, o.user, { id: def.id, name: def.name, type: 1, options });
  }

  /**
   * A user presses a button on a message. Real clients can only press buttons that exist; `forged: true`
   * sends any custom id, as a modified client could.
   */
  click(o: { guild: FakeGuild; user: FakeUser; message: FakeMessage; customId: string; forged?: boolean }): FakeInteraction {
    const ids = o.message.components.flatMap((row: Json) => (row.components ?? []).map((c: Json) => c.custom_id));
    if (!o.forged && !ids.includes(o.customId)) throw new Error(`fake Discord: no button ${o.customId} on that message`);
    const channel = [o.guild.channel, ...o.guild.channels].find((c) => c.id === o.message.channelId) ?? o.guild.channel;
    return this.newInteraction(3, o.guild, o.user, { custom_id: o.customId, component_type: 2 }, { message: messageObject(o.message, this.appId) }, channel);
  }

  /** A user presses a button on a message the bot sent them by direct message (no guild in the interaction). */
  clickInDm(o: { user: FakeUser; message: FakeMessage; customId: string; channel: FakeChannel; forged?: boolean }): FakeInteraction {
    const ids = o.message.components.flatMap((row: Json) => (row.components ?? []).map((c: Json) => c.custom_id));
    if (!o.forged && !ids.includes(o.customId)) throw new Error(`fake Discord: no button ${o.customId} on that message`);
    return this.newInteraction(3, undefined, o.user, { custom_id: o.customId, component_type: 2 }, { message: messageObject(o.message, this.appId) }, o.channel);
  }

  /**
   * A user submits the modal that `shownBy` opened. Values are delivered as given, even beyond the modal's
   * max_length, to check the bot's own limits (a modified client could send them).
   */
  submitModal(o: { guild?: FakeGuild; user: FakeUser; shownBy: FakeInteraction; values: Record<string, string> }): FakeInteraction {
    if (o.shownBy.ack?.type !== 9) throw new Error('fake Discord: that interaction did not open a modal');
    const modal = o.shownBy.ack.data;
    const value = (id: string) => o.values[id] ?? '';
    const components = (modal.components as Json[]).map((c, i) => (c.type === 18
      ? { type: 18, id: c.id ?? i + 1, component: { type: 4, id: c.component.id ?? i + 100, custom_id: c.component.custom_id, value: value(c.component.custom_id) } }
      : { type: 1, id: c.id ?? i + 1, components: (c.components as Json[]).map((t) => ({ type: 4, custom_id: t.custom_id, value: value(t.custom_id) })) }));
    const extra = o.shownBy.payload.message ? { message: o.shownBy.payload.message } : {};
    const channel = o.guild ? o.guild.channel : { id: o.shownBy.payload.channel_id, name: '', type: 1 };
    return this.newInteraction(5, o.guild, o.user, { custom_id: modal.custom_id, components }, extra, channel);
  }

  /** A user adds a reaction to a message. */
  react(o: { guild: FakeGuild; user: FakeUser; message: FakeMessage; emoji: string }): void {
    const users = o.message.reactions.get(o.emoji) ?? new Set<string>();
    o.message.reactions.set(o.emoji, users);
    users.add(o.user.id);
    this.dispatch('MESSAGE_REACTION_ADD', {
      user_id: o.user.id, channel_id: o.message.channelId, message_id: o.message.id, guild_id: o.guild.id,
      emoji: { id: null, name: o.emoji }, member: memberObject(o.user), burst: false, burst_colors: [], type: 0, message_author_id: o.message.author.id,
    });
    this.changed();
  }

  /** The interaction's first response (callback). */
  response(it: FakeInteraction, timeoutMs = 5000): Promise<NonNullable<FakeInteraction['ack']>> {
    return this.until(() => it.ack, timeoutMs, `a response to interaction ${it.id}`);
  }

  /** The message the user sees as the response, once it is no longer "thinking". */
  reply(it: FakeInteraction, timeoutMs = 5000): Promise<FakeMessage> {
    return this.until(() => {
      const m = it.originalId ? this.messages.get(it.originalId) : undefined;
      return m && !m.loading ? m : undefined;
    }, timeoutMs, `the reply to interaction ${it.id}`);
  }

  followups(it: FakeInteraction): FakeMessage[] {
    return it.followupIds.map((id) => this.messages.get(id)!).filter((m) => !m.deleted);
  }
}
