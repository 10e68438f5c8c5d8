/**
 * Renders the README's example images from seeded data: a private redis-server, twelve weeks of study by a few
 * learners answered through the services, then `/progress` and `/leaderboard image:yes` as the commands make them.
 * Usage: npm run render:example [-- <output folder, default docs>]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRedis } from '../src/ops/redis-launcher.js';
import { connectRedis } from '../src/store/redis.js';
import { loadBank } from '../src/load-bank.js';
import { createServices, type Services } from '../src/services/services.js';
import { createLogger } from '../src/ops/logger.js';
import type { Invocation } from '../src/core/command.js';
import type { Reply } from '../src/core/reply.js';
import { seededRandom, seedLearner, type Learner } from './seed-progress.js';

export const EXAMPLE_COMMUNITY = 'console:example';
/** The day the example is drawn on; its twelve weeks span the spring DST change in Europe. */
export const EXAMPLE_NOW = new Date('2026-04-22T17:00:00Z');

export const LEARNERS: Learner[] = [
  {
    userId: 'console:ada', name: 'Ada', team: 'gradient-descenders', studyRate: 0.8, perDay: [1, 12],
    skill: { math: 0.9, cs: 0.85, workflow: 0.75, classical: 0.8, deep: 0.7, applications: 0.6, systems: 0.55, behavioral: 0.7 },
    focus: { math: 1, cs: 4, classical: 1, deep: 1, workflow: 1, applications: 0.5, systems: 0.5, behavioral: 0.5 },
  },
  ...['Grace', 'Alan', 'Katherine', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Claude', 'Radia', 'Tim'].map((name, i): Learner => ({
    userId: `console:${name.toLowerCase()}`, name, team: ['gradient-descenders', 'overfitters', 'bayesians'][i % 3], studyRate: 0.35 + (i % 4) * 0.1, perDay: [2, 6],
    skill: { math: 0.6 + (i % 3) * 0.1, cs: 0.7, classical: 0.6, deep: 0.65 }, focus: { math: 1, cs: 1, classical: 1, deep: 1 },
  })),
];

/** Seeds the example community and returns Ada's `/progress` and the all-time `/leaderboard image:yes`. */
export async function renderExample(services: Services): Promise<{ progress: Reply; leaderboard: Reply }> {
  const random = seededRandom(2026);
  const ada = LEARNERS[0]!;
  await services.userZones.set(EXAMPLE_COMMUNITY, ada.userId, 'Europe/Berlin');
  for (const l of LEARNERS) await seedLearner(services, EXAMPLE_COMMUNITY, l, EXAMPLE_NOW, l === ada ? 84 : 40, random);
  const inv: Invocation = { platform: 'console', communityId: EXAMPLE_COMMUNITY, channelId: 'console:main', userId: ada.userId, displayName: ada.name, isAdmin: false, now: EXAMPLE_NOW };
  await services.progress.goal(inv, '2026-06-15');
  return { progress: await services.progress.show(inv, ada.userId), leaderboard: await services.boards.leaderboard(inv, 'all', false, true) };
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'docs';
  const dir = mkdtempSync(join(tmpdir(), 'dg-example-'));
  const server = await launchRedis({ dir, persistence: 'none' });
  const redis = connectRedis(server.url);
  try {
    const services = createServices({ redis, bank: loadBank('questions'), defaultTimezone: 'UTC', log: createLogger('silent'), random: seededRandom(7) });
    const { progress, leaderboard } = await renderExample(services);
    mkdirSync(out, { recursive: true });
    for (const [name, reply] of [['progress-example.png', progress], ['leaderboard-example.png', leaderboard]] as const) {
      if (!reply.image) throw new Error(`no image in the ${name} reply: ${reply.body}`);
      writeFileSync(join(out, name), reply.image.png);
      console.log(`${join(out, name)}: ${reply.image.width}×${reply.image.height}, ${(reply.image.png.length / 1024).toFixed(0)} KiB`);
      console.log(`  alt: ${reply.image.alt}`);
    }
  } finally {
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('render-example.ts')) void main();
