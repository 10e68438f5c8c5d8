import type { App } from '../app.js';
import type { Messenger } from './messenger.js';

export interface RunningPlatform {
  name: 'discord' | 'slack' | 'console';
  messenger: Messenger;
  stop(): Promise<void>;
}

/** Starts Discord and/or Slack when their tokens are configured. */
export async function startPlatforms(app: App, _opts: { console: boolean }): Promise<RunningPlatform[]> {
  const running: RunningPlatform[] = [];
  if (app.config.DISCORD_TOKEN) throw new Error('The Discord platform is not part of this build yet.');
  if (app.config.SLACK_BOT_TOKEN) throw new Error('The Slack platform is not part of this build yet.');
  return running;
}
