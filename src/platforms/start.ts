import type { App } from '../app.js';
import type { PostingPort } from '../core/posting.js';

export interface RunningPlatform {
  name: 'discord' | 'slack' | 'console';
  /** Scheduled delivery's way into this platform (REST only). */
  messenger: PostingPort;
  /** Connected and able to receive commands, or standing by to take over (for /healthz). */
  ready(): boolean;
  /** What /healthz shows; 'standby': another process holds the connection and this one takes over if it goes. */
  health?(): 'ready' | 'standby' | 'not ready';
  stop(): Promise<void>;
}

/**
 * Starts Discord and/or Slack when their tokens are configured; both may run in one process. Each platform's
 * library is loaded only when it is used, so a replica starts (and restarts) quicker.
 */
export async function startPlatforms(app: App): Promise<RunningPlatform[]> {
  const running: RunningPlatform[] = [];
  if (app.config.DISCORD_TOKEN) running.push(await (await import('./discord/adapter.js')).startDiscord(app));
  if (app.config.SLACK_BOT_TOKEN) running.push(await (await import('./slack/adapter.js')).startSlack(app));
  return running;
}
