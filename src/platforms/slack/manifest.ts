import { describeOptions, isGroup, type CommandSpec, type LeafCommand, type OptionInfo } from '../../core/command.js';

/**
 * The bot scopes the adapter uses, and no more:
 * - commands: slash commands
 * - chat:write: chat.postMessage (also to a user id: reminders by direct message), chat.update, chat.postEphemeral
 * - reactions:read: the reaction_added event (reaction answers)
 * - reactions:write: reactions.add (answer emoji on channel questions)
 * - users:read: users.info (display names; is_admin / is_owner for admin commands)
 * - files:write: files.uploadV2 (the /progress and /leaderboard images)
 * - im:write: conversations.open, to send a private image to the user's direct messages with the app
 */
export const BOT_SCOPES = ['chat:write', 'commands', 'files:write', 'im:write', 'reactions:read', 'reactions:write', 'users:read'] as const;
export const BOT_EVENTS = ['reaction_added'] as const;

/** Slack's manifest limits: app name (display_information.name) and slash commands. */
export const MAX_APP_NAME = 35;
const MAX_DESCRIPTION = 100;
const MAX_USAGE_HINT = 100;

export interface ManifestOptions {
  name?: string;
  /** HTTP mode: the public base URL (https://bot.example.com); Slack then posts to <url>/slack/events. Omit for Socket Mode. */
  requestUrl?: string;
}

/** `[easy|medium|hard]`; with `named`, long lists of choices give way to the option's name (`[track]`). */
function optionHint(o: OptionInfo, named = false): string {
  const value = o.choices && !named ? o.choices.join('|') : o.type === 'user' ? `@${o.name}` : o.name;
  const body = o.namedOnly ? `${o.name}:${o.choices ? value : '…'}` : value;
  return o.required ? `<${body}>` : `[${body}]`;
}

type Detail = 'full' | 'named' | 'compact';

function leafHint(leaf: LeafCommand, detail: Detail): string {
  const opts = describeOptions(leaf);
  if (detail !== 'compact') return opts.map((o) => optionHint(o, detail === 'named')).join(' ');
  return [...opts.filter((o) => o.required).map((o) => optionHint(o)), ...(opts.some((o) => !o.required) ? ['[…]'] : [])].join(' ');
}

/**
 * "[topic] [easy|medium|hard]" for a leaf; "join <name> | leave | list" for a group. Shortened to fit Slack's limit:
 * first long choice lists become option names ("[track] [questions] [minutes]"), then optional options become "[…]".
 */
export function usageHint(spec: CommandSpec): string {
  const leaves = isGroup(spec) ? spec.subcommands : [spec];
  const render = (detail: Detail) => leaves.map((l) => [isGroup(spec) ? l.name : '', leafHint(l, detail)].filter(Boolean).join(' ')).join(' | ');
  for (const hint of [render('full'), render('named'), render('compact')]) if (hint.length <= MAX_USAGE_HINT) return hint;
  return clip(isGroup(spec) ? spec.subcommands.map((s) => s.name).join(' | ') : render('compact'), MAX_USAGE_HINT);
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A Slack app manifest (as a plain object, ready for YAML) generated from the command specs. */
export function buildManifest(commands: readonly CommandSpec[], opts: ManifestOptions = {}): Record<string, unknown> {
  const name = (opts.name ?? 'Daily Gradient').trim();
  if (!name || name.length > MAX_APP_NAME) {
    throw new Error(`The app name must be 1-${MAX_APP_NAME} characters (Slack's limit); "${name.slice(0, 60)}${name.length > 60 ? '…' : ''}" has ${name.length}.`);
  }
  const base = opts.requestUrl?.replace(/\/+$/, '');
  const endpoint = base ? `${base}/slack/events` : undefined;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: 'Machine-learning interview practice: daily questions, streaks and leaderboards.',
      background_color: '#1f2937',
    },
    features: {
      // Reminders are direct messages: chat.postMessage to a user id lands in the app home's Messages tab (chat:write
      // is enough). Read-only, since the bot reads no messages there; its buttons work.
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: name, always_online: true },
      slash_commands: commands.map((spec) => {
        const hint = usageHint(spec);
        return {
          command: `/${spec.name}`,
          description: clip(spec.description, MAX_DESCRIPTION),
          ...(hint ? { usage_hint: hint } : {}),
          // Slack then sends mentions as <@U123|name>, which the adapter resolves to user ids.
          should_escape: true,
          ...(endpoint ? { url: endpoint } : {}),
        };
      }),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(endpoint ? { request_url: endpoint } : {}), bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(endpoint ? { request_url: endpoint } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !endpoint,
      token_rotation_enabled: false,
    },
  };
}
