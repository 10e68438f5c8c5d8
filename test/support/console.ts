import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { App } from '../../src/app.js';
import { ClockReplay } from '../../src/delivery/clock.js';
import type { Router } from '../../src/core/router.js';
import { ConsolePlatform } from '../../src/platforms/console/console.js';
import { resolving } from './script.js';

/**
 * Runs a console script through a fresh console on `router`, with the clock fixed at `at`, and returns what it
 * printed. Lines may name choice options by text ({{letter:…}}, {{button:…}}; see script.ts).
 */
export async function runConsole(router: Router, script: string, o: { communityId: string; at: string; allowClock?: boolean; imageDir?: string }): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  const cli = new ConsolePlatform({
    router, output: out, allowClock: o.allowClock ?? false, communityId: o.communityId, clock: () => new Date(o.at),
    imageDir: o.imageDir ?? join(tmpdir(), 'dg-test-images'),
  });
  await cli.runScript(resolving(script, () => text));
  return text;
}

/**
 * A console attached to the app's scheduler, as `npm start -- --allow-clock` runs it: `/clock` plays every slot and
 * reveal in between through the delivery jobs. `output()` is everything printed so far.
 */
export async function scheduledConsole(app: App, o: { communityId: string; at: string }): Promise<{ cli: ConsolePlatform; output: () => string }> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  const holder: { replay?: ClockReplay } = {};
  const cli = new ConsolePlatform({
    router: app.router, output: out, allowClock: true, communityId: o.communityId, clock: () => new Date(o.at), imageDir: join(tmpdir(), 'dg-test-images'),
    onClock: async (now) => { await holder.replay?.advance(now); },
  });
  await app.startScheduler([cli]);
  holder.replay = new ClockReplay(app.delivery, app.services.scheduleRepo, () => cli.now());
  return { cli, output: () => text };
}
