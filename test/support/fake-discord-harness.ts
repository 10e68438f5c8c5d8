import { commands } from '../../commands/index.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/ops/logger.js';
import { startDiscord, type DiscordOptions } from '../../src/platforms/discord/adapter.js';
import { registerCommands } from '../../src/platforms/discord/register.js';
import type { RunningPlatform } from '../../src/platforms/start.js';
import type { Bank } from '../../src/domain/bank.js';
import { testBank } from './bank.js';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.js';
import { isolatedRedis } from './redis.js';

export interface DiscordHarness {
  fake: FakeDiscord;
  app: App;
  platform: RunningPlatform;
  /** Every log line the app wrote (debug and up), for checking that no token leaks. */
  logs: string[];
  stop(): Promise<void>;
}

/** The fake Discord, the commands registered on it (globally), the real app on the test Redis, and the real discord.js bot. */
/** Files that run delivery workers pass their own Redis `db` (1-15), so no other file's worker takes their jobs. */
export async function startDiscordHarness(opts: { env?: Record<string, string>; fake?: FakeDiscordOptions; discord?: DiscordOptions; db?: number; bank?: Bank } = {}): Promise<DiscordHarness> {
  const fake = await FakeDiscord.start(opts.fake);
  await registerCommands(commands, { token: fake.token, appId: fake.appId, apiUrl: fake.apiUrl });
  const logs: string[] = [];
  const log = createLogger('debug', { write: (line: string) => { logs.push(line); } });
  const config = loadConfig({ DEFAULT_TIMEZONE: 'UTC', DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl, ...opts.env });
  const redis = await isolatedRedis(opts.db);
  const app = await createApp({ config, redisUrl: redis.url, bank: opts.bank ?? testBank(), log, redisDb: redis.db });
  let platform: RunningPlatform;
  try {
    platform = await startDiscord(app, opts.discord);
  } catch (err) {
    await app.close();
    await fake.stop();
    throw err;
  }
  return {
    fake, app, platform, logs,
    stop: async () => {
      await platform.stop();
      await app.close();
      await fake.stop();
    },
  };
}
