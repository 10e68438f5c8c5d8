import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/ops/logger.js';
import { launchRedis, type LaunchedRedis } from '../../src/ops/redis-launcher.js';
import { testBank } from './bank.js';
import { FakeDiscord } from './fake-discord.js';
import { Replica, writeTestBank } from './replica.js';

/** A test file's stand of bot processes: the fake Discord, a redis-server of its own, and an app to set up and read. */
export interface ReplicaStand {
  fake: FakeDiscord;
  redis: LaunchedRedis;
  app: App;
  /** Starts a bot process (the real entry point) on the stand; it is killed when the file ends. */
  replica(name: string): Replica;
}

/**
 * Registers the stand's start and stop with the file's hooks. Replicas deliver quickly (short locks and retries)
 * so that a killed one's jobs move on within a test; `env` adds to that.
 */
export function replicaStand(name: string, env: Record<string, string> = {}): ReplicaStand {
  const dir = mkdtempSync(join(tmpdir(), `dg-${name}-`));
  const questionsDir = writeTestBank(dir);
  const replicas: Replica[] = [];
  const stand = {
    replica(replicaName: string): Replica {
      const r = new Replica(replicaName, {
        REDIS_URL: stand.redis.url, DISCORD_TOKEN: stand.fake.token, DISCORD_API_URL: stand.fake.apiUrl, QUESTIONS_DIR: questionsDir,
        DELIVERY_LOCK_MS: '2000', DELIVERY_RETRY_BASE_MS: '300', DELIVERY_RETRY_MAX_MS: '2000', ...env,
      });
      replicas.push(r);
      return r;
    },
  } as ReplicaStand;
  beforeAll(async () => {
    stand.fake = await FakeDiscord.start({ globalLimitPerSecond: 50 });
    stand.redis = await launchRedis({ dir, persistence: 'none', binary: process.env.REDIS_SERVER_BIN });
    stand.app = await createApp({ config: loadConfig({}), redisUrl: stand.redis.url, bank: testBank(), log: createLogger('silent') });
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill()));
    await stand.app?.close();
    await stand.fake?.stop();
    await stand.redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return stand;
}
