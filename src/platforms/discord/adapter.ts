import type { App } from '../../app.js';
import type { RunningPlatform } from '../start.js';

export async function startDiscord(_app: App): Promise<RunningPlatform> {
  throw new Error('The Discord platform is not part of this build yet.');
}
