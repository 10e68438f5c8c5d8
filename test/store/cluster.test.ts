import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/ops/logger.js';
import { communityKeys } from '../../src/store/keys.js';
import { connectRedis, masters, type Store } from '../../src/store/redis.js';
import { testBank } from '../support/bank.js';
import { scheduledConsole } from '../support/console.js';
import { freshCommunity } from '../support/redis.js';
import { launchCluster, type LaunchedCluster } from '../support/redis-cluster.js';
import { resolving } from '../support/script.js';

/**
 * The main paths on a real 3-master Redis Cluster in every run of the suite (`npm run test:cluster` runs all of
 * it there). A cluster refuses any command, MULTI or script whose keys span hash slots (CROSSSLOT), so a key
 * that leaves its community's hash tag fails here.
 */
let cluster: LaunchedCluster | undefined;
let url: string;
let app: App;
let raw: Store;

// A cluster of this file's own on either topology: its scheduler works the console queue, which no other file's may share.
beforeAll(async () => {
  const scratch = inject('redisScratch');
  cluster = await launchCluster({ dir: mkdtempSync(join(scratch, 'cluster-')), masters: 3, pidFile: join(scratch, 'pids') });
  url = cluster.url;
  app = await createApp({ config: loadConfig({ DEFAULT_TIMEZONE: 'UTC' }), redisUrl: url, bank: testBank(), log: createLogger('silent') });
  raw = connectRedis(url);
}, 30_000);
afterAll(async () => {
  await app?.close();
  raw?.disconnect();
  await cluster?.stop();
});

describe('on a 3-master Redis Cluster', () => {
  it('is a real cluster: three masters, and a command across slots is refused', async () => {
    expect(await masters(raw)).toHaveLength(3);
    await expect(raw.mset('{a}:x', '1', '{b}:y', '2')).rejects.toThrow(/CROSSSLOT/);
  });

  it('a community\'s day: schedule, post, answers, hints, teams, boards, streaks, settings, mock, review, reveal', async () => {
    const community = freshCommunity();
    const { cli, output } = await scheduledConsole(app, { communityId: community, at: '2030-01-07T08:00:00Z' });
    await cli.runScript(resolving(`
/schedule set daily 09:00 tz:UTC topics:probability difficulty:medium kinds:choice window:2h mode:both recap:yes
/settings timezone Europe/Berlin
/settings points medium:25
/clock 2030-01-07T09:00:20Z
/as amy
/team join solvers
/answer {{letter:1/3}}
/as ben
/settings mytimezone Asia/Tokyo
/answer {{letter:1/2}}
/quiz probability easy
/hint
/answer 1/6
/clock +2h
/leaderboard week
/leaderboard month teams
/streak
/stats
/mock math 5 10
/mock stop
/mock stop
/review
/schedule pause
/clock +1d
`, () => output()));
    const text = output();
    expect(text).not.toMatch(/Something went wrong/);
    expect(text).toMatch(/📣 📅 Question of the day · math · probability/);
    expect(text).toMatch(/✅ Answer revealed/);
    expect(text).toMatch(/2 answers · 50% correct\./);
    const k = communityKeys(community);
    expect(await raw.zscore(k.board('all'), 'console:amy')).toBe('25');
    expect(await raw.zscore(k.board('all'), 'console:ben')).toBe('5'); // 10 for an easy one, halved by the hint
    expect(await raw.zscore(k.teamBoard('all'), 'solvers')).toBe('25');
    expect(await raw.hget(k.settings, 'timezone')).toBe('Europe/Berlin');
    expect(await raw.hget(k.user('console:ben'), 'tz')).toBe('Asia/Tokyo');
    expect(Number(await raw.hget(k.user('console:ben'), 'answered'))).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
