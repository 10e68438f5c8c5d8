import type { App } from '../../app.js';
import type { RunningPlatform } from '../start.js';

export async function startSlack(_app: App): Promise<RunningPlatform> {
  throw new Error('The Slack platform is not part of this build yet.');
}
