/**
 * `npm run register`: registers the slash commands from commands/ with Discord.
 * Global by default; to one guild (instant, for development) when DISCORD_GUILD_ID is set.
 * `npm run register -- --remove` registers an empty list in that scope (removes the commands).
 * `npm run register -- --print` prints the command JSON without sending it (no token needed).
 */
import { parseArgs } from 'node:util';
import { DiscordAPIError } from 'discord.js';
import { commands } from '../../commands/index.js';
import { ConfigError, loadConfig } from '../config.js';
import { loadDotEnv } from '../ops/env.js';
import { scrubSecrets } from '../ops/logger.js';
import { commandJson, registerCommands } from '../platforms/discord/register.js';

const REGISTER_USAGE = `Usage: npm run register [-- --remove | --print | --help]

Registers the slash commands from commands/ with Discord, replacing the ones registered before.
Reads DISCORD_TOKEN (and DISCORD_APP_ID, DISCORD_GUILD_ID) from the environment or .env.
Global commands can take up to an hour to appear; with DISCORD_GUILD_ID they go to that one server at once.

Options:
  --remove   register an empty list in that scope, which removes the commands
  --print    print the command JSON instead of sending it (needs no token)
  --help     show this help
`;

class UsageError extends Error {}

async function main(): Promise<void> {
  let values: { remove?: boolean; print?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { remove: { type: 'boolean' }, print: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: false }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n\n${REGISTER_USAGE}`);
  }
  if (values.help) { process.stdout.write(REGISTER_USAGE); return; }
  if (values.print) { process.stdout.write(`${JSON.stringify(commandJson(commands), null, 2)}\n`); return; }
  loadDotEnv();
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN is not set: put the bot token in the environment or .env (see README, Discord). `npm run register -- --help` shows the options.');
  const done = await registerCommands(commands, {
    token: config.DISCORD_TOKEN,
    appId: config.DISCORD_APP_ID,
    guildId: config.DISCORD_GUILD_ID,
    apiUrl: config.DISCORD_API_URL,
    remove: values.remove,
  });
  if (values.remove) {
    process.stdout.write(`Removed the slash commands of application ${done.appId} (${done.scope}).\n`);
    return;
  }
  process.stdout.write(`Registered ${done.names.length} slash commands for application ${done.appId} (${done.scope}): ${done.names.map((n) => `/${n}`).join(' ')}\n`);
  if (!config.DISCORD_GUILD_ID) {
    process.stdout.write('Tip: if you registered them to a test guild before, run `DISCORD_GUILD_ID=<id> npm run register -- --remove` so they are not listed twice there.\n');
  }
}

function explain(err: unknown): string {
  if (err instanceof ConfigError || err instanceof UsageError) return err.message;
  if (err instanceof DiscordAPIError) {
    if (err.status === 401) return 'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the Developer Portal (Bot → Reset Token).';
    if (err.status === 403 || err.code === 50001) return `Discord refused (${err.status}, code ${err.code}): is DISCORD_APP_ID the application of this token, and was the bot invited to DISCORD_GUILD_ID with the applications.commands scope?`;
    return `Discord rejected the commands (${err.status}, code ${err.code}): ${scrubSecrets(err.message)}`;
  }
  return scrubSecrets(err instanceof Error ? err.message : String(err));
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${explain(err)}\n`);
  process.exit(1);
});
