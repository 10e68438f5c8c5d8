import { PassThrough } from 'node:stream';
import type { Router } from '../../src/core/router.js';
import { ConsolePlatform } from '../../src/platforms/console/console.js';
import { resolving } from './script.js';

/**
 * Runs a console script through a fresh console on `router`, with the clock fixed at `at`, and returns what it
 * printed. Lines may name choice options by text ({{letter:…}}, {{button:…}}; see script.ts).
 */
export async function runConsole(router: Router, script: string, o: { communityId: string; at: string; allowClock?: boolean }): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  const cli = new ConsolePlatform({ router, output: out, allowClock: o.allowClock ?? false, communityId: o.communityId, clock: () => new Date(o.at) });
  await cli.runScript(resolving(script, () => text));
  return text;
}
