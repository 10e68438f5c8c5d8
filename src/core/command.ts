import { z } from 'zod';
import type { Reply } from './reply.js';
import type { Services } from '../services/services.js';

export type Platform = 'discord' | 'slack' | 'console';

/** Who invoked something, and where. Ids are namespaced: discord:<id>, slack:<id>, console:<name>. */
export interface Invocation {
  platform: Platform;
  communityId: string;
  channelId: string;
  /** The channel's name, where the platform tells it (kept with a schedule for the dashboard). */
  channelName?: string;
  userId: string;
  displayName: string;
  /** Decided by the platform: Manage Server / a configured role on Discord, workspace admins or a list on Slack. */
  isAdmin: boolean;
  now: Date;
  /** The platform's id for this interaction (Discord interaction id, Slack trigger id): a replay of it runs nothing. */
  interactionId?: string;
  /** Turns a user reference typed in text (a mention, a name) into a namespaced user id. */
  resolveUser?: (raw: string) => string | undefined;
}

export interface CommandContext extends Invocation {
  services: Services;
  commands: readonly CommandSpec[];
}

type Options = z.ZodObject<Record<string, z.ZodType>>;

export interface LeafCommand<S extends Options = Options> {
  name: string;
  description: string;
  /** Options in the order a text invocation lists them. Field metadata (.meta) may set kind: 'user' | 'rest' and suggest: 'subject'. */
  options?: S;
  /** Only admins may run it. */
  admin?: boolean;
  /** Short usage examples shown in /help and Slack usage hints. */
  examples?: string[];
  run(ctx: CommandContext, args: z.infer<S>): Promise<Reply>;
}

export interface GroupCommand {
  name: string;
  description: string;
  subcommands: LeafCommand[];
}

export type CommandSpec = LeafCommand | GroupCommand;

export function defineCommand<S extends Options>(spec: LeafCommand<S>): LeafCommand;
export function defineCommand(spec: GroupCommand): GroupCommand;
export function defineCommand(spec: CommandSpec): CommandSpec {
  const names = isGroup(spec) ? [spec.name, ...spec.subcommands.map((s) => s.name)] : [spec.name];
  for (const n of names) if (!/^[a-z][a-z0-9-]{0,31}$/.test(n)) throw new Error(`invalid command name "${n}"`);
  return spec;
}

export const defineSubcommand = <S extends Options>(spec: LeafCommand<S>): LeafCommand => spec as unknown as LeafCommand;

export function isGroup(spec: CommandSpec): spec is GroupCommand {
  return 'subcommands' in spec;
}

export type OptionType = 'string' | 'integer' | 'number' | 'boolean' | 'user';

/** A plain description of one option, derived from its zod schema, for platforms (registration, parsing). */
export interface OptionInfo {
  name: string;
  description: string;
  type: OptionType;
  required: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  /** Takes the rest of a text invocation (free text such as an answer). */
  rest: boolean;
  /** In text invocations only given as name:value, never positionally. */
  namedOnly: boolean;
  /** The platform may offer live suggestions from this source. */
  suggest?: 'subject';
}

interface FieldMeta { kind?: 'user' | 'rest' | 'named'; suggest?: 'subject'; description?: string }

export function describeOptions(spec: LeafCommand): OptionInfo[] {
  if (!spec.options) return [];
  return Object.entries(spec.options.shape).map(([name, field]) => {
    const meta = (z.globalRegistry.get(field) ?? {}) as FieldMeta;
    let inner: z.ZodType = field;
    let required = true;
    while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
      required = false;
      inner = inner.def.innerType as z.ZodType;
    }
    const info: OptionInfo = {
      name,
      description: meta.description ?? field.description ?? inner.description ?? name,
      type: 'string',
      required,
      rest: meta.kind === 'rest',
      namedOnly: meta.kind === 'named',
      suggest: meta.suggest,
    };
    if (inner instanceof z.ZodEnum) info.choices = inner.options as string[];
    else if (inner instanceof z.ZodBoolean) info.type = 'boolean';
    else if (inner instanceof z.ZodNumber) {
      info.type = inner.format === 'safeint' || inner.isInt ? 'integer' : 'number';
      info.min = inner.minValue ?? undefined;
      info.max = inner.maxValue ?? undefined;
    } else if (inner instanceof z.ZodString) {
      info.minLength = inner.minLength ?? undefined;
      info.maxLength = inner.maxLength ?? undefined;
      if (meta.kind === 'user') info.type = 'user';
    }
    return info;
  });
}

/** "/quiz [topic] [difficulty]"; options only given as name:value show as "[tz:…]". */
export function usage(path: string[], spec: LeafCommand): string {
  const opts = describeOptions(spec).map((o) => {
    const word = o.namedOnly ? `${o.name}:…` : o.name;
    return o.required ? `<${word}>` : `[${word}]`;
  });
  return ['/' + path.join(' '), ...opts].join(' ');
}

/** The description, marked "(admin)" once for admin-only commands. */
export function summary(leaf: LeafCommand): string {
  return leaf.admin && !/\(admin\)/i.test(leaf.description) ? `${leaf.description} (admin)` : leaf.description;
}
