import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchRedis, type LaunchedRedis } from '../../src/ops/redis-launcher.js';

let redis: LaunchedRedis | undefined;
let dir: string | undefined;

/** One throwaway redis-server for the whole run, on a unix socket in a temp dir: never the machine's own Redis. */
export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'dg-test-redis-'));
  redis = await launchRedis({ dir, persistence: 'none', binary: process.env.REDIS_SERVER_BIN });
  project.provide('redisUrl', redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
