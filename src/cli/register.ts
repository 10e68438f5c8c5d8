/**
 * `npm run register`: registers the slash commands from commands/ with Discord.
 * Global by default; to one guild (instant, for development) when DISCORD_GUILD_ID is set.
 * `npm run register -- --remove` registers an empty list in that scope (removes the commands).
 */
import { parseArgs } from 'node:util';
import { DiscordAPIError } from 'discord.js';
import { commands } from '../../commands/index.js';
import { ConfigError, loadConfig } from '../config.js';
import { loadDotEnv } from '../ops/env.js';
import { scrubSecrets } from '../ops/logger.js';
import { registerCommands } from '../platforms/discord/register.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { remove: { type: 'boolean', default: false } }, allowPositionals: false });
  loadDotEnv();
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN is not set: put the bot token in the environment (see README, Discord).');
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
  if (err instanceof ConfigError) return err.message;
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
