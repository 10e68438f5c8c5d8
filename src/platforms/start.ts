import type { App } from '../app.js';
import type { PostingPort } from '../core/posting.js';
import { startDiscord } from './discord/adapter.js';
import { startSlack } from './slack/adapter.js';

export interface RunningPlatform {
  name: 'discord' | 'slack' | 'console';
  /** Scheduled delivery's way into this platform (REST only). */
  messenger: PostingPort;
  stop(): Promise<void>;
}

/** Starts Discord and/or Slack when their tokens are configured; both may run in one process. */
export async function startPlatforms(app: App): Promise<RunningPlatform[]> {
  const running: RunningPlatform[] = [];
  if (app.config.DISCORD_TOKEN) running.push(await startDiscord(app));
  if (app.config.SLACK_BOT_TOKEN) running.push(await startSlack(app));
  return running;
}
