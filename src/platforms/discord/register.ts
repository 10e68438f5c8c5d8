import {
  ApplicationIntegrationType, InteractionContextType, REST, Routes, SlashCommandBuilder, SlashCommandSubcommandBuilder,
  type APIApplication, type RESTPostAPIChatInputApplicationCommandsJSONBody, type SharedSlashCommandOptions,
} from 'discord.js';
import { describeOptions, isGroup, type CommandSpec, type LeafCommand, type OptionInfo } from '../../core/command.js';
import { truncate } from '../../core/reply.js';
import { LIMITS } from './render.js';

const DESCRIPTION_MAX = 100;
const desc = (s: string) => truncate(s.trim() || '…', DESCRIPTION_MAX);

/** Slash-command JSON for every spec: zod enums become choices, groups become subcommands, suggest becomes autocomplete. */
export function commandJson(commands: readonly CommandSpec[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((spec) => {
    const builder = new SlashCommandBuilder()
      .setName(spec.name)
      .setDescription(desc(spec.description))
      .setContexts(InteractionContextType.Guild)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
    if (isGroup(spec)) {
      for (const leaf of spec.subcommands) {
        const sub = new SlashCommandSubcommandBuilder().setName(leaf.name).setDescription(desc(leaf.description));
        addOptions(sub, leaf);
        builder.addSubcommand(sub);
      }
    } else {
      addOptions(builder, spec);
    }
    return builder.toJSON();
  });
}

function addOptions<T extends SharedSlashCommandOptions<T>>(target: SharedSlashCommandOptions<T>, leaf: LeafCommand): void {
  // Discord wants required options before optional ones.
  const options = describeOptions(leaf).sort((a, b) => Number(b.required) - Number(a.required));
  for (const o of options) addOption(target, o);
}

function addOption<T extends SharedSlashCommandOptions<T>>(target: SharedSlashCommandOptions<T>, o: OptionInfo): void {
  const base = <B extends { setName(n: string): B; setDescription(d: string): B; setRequired(r: boolean): B }>(b: B) =>
    b.setName(o.name).setDescription(desc(o.description)).setRequired(o.required);
  switch (o.type) {
    case 'boolean':
      target.addBooleanOption((b) => base(b));
      return;
    case 'user':
      target.addUserOption((b) => base(b));
      return;
    case 'integer':
    case 'number': {
      const set = <B extends { setMinValue(n: number): B; setMaxValue(n: number): B }>(b: B) => {
        if (o.min !== undefined && Number.isFinite(o.min)) b.setMinValue(o.min);
        if (o.max !== undefined && Number.isFinite(o.max)) b.setMaxValue(o.max);
        return b;
      };
      if (o.type === 'integer') target.addIntegerOption((b) => set(base(b)));
      else target.addNumberOption((b) => set(base(b)));
      return;
    }
    default:
      target.addStringOption((b) => {
        base(b);
        if (o.maxLength !== undefined) b.setMaxLength(Math.min(o.maxLength, 6000));
        if (o.minLength !== undefined && o.minLength > 1) b.setMinLength(Math.min(o.minLength, 6000));
        if (o.choices && o.choices.length <= LIMITS.choices) {
          b.addChoices(...o.choices.map((c) => ({ name: c, value: c })));
        } else if (o.choices || o.suggest) {
          // Too many choices for a fixed list, or live suggestions: offer them as you type.
          b.setAutocomplete(true);
        }
        return b;
      });
  }
}

export interface RegisterOptions {
  token: string;
  /** The application id; looked up from the token when not given. */
  appId?: string;
  /** Register to this one guild (instant, for development) instead of globally. */
  guildId?: string;
  /** Base URL of the REST API (tests point it at a fake), e.g. http://127.0.0.1:1234/api */
  apiUrl?: string;
  /** Register an empty list: removes this bot's commands from that scope. */
  remove?: boolean;
}

/** PUTs the whole command list (bulk overwrite), so a command renamed or removed in commands/ disappears too. */
export async function registerCommands(commands: readonly CommandSpec[], o: RegisterOptions): Promise<{ appId: string; scope: string; names: string[] }> {
  const rest = new REST(o.apiUrl ? { api: o.apiUrl } : {}).setToken(o.token);
  const appId = o.appId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const body = o.remove ? [] : commandJson(commands);
  const route = o.guildId ? Routes.applicationGuildCommands(appId, o.guildId) : Routes.applicationCommands(appId);
  const result = (await rest.put(route, { body })) as { name: string }[];
  return { appId, scope: o.guildId ? `guild ${o.guildId}` : 'global', names: result.map((c) => c.name) };
}
