import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchRedis } from '../../src/ops/redis-launcher.js';
import { launchCluster } from './redis-cluster.js';

let stop: (() => Promise<void>) | undefined;
let dir: string | undefined;

/**
 * One throwaway Redis for the whole run, never the machine's own: a redis-server on a unix socket in a temp dir, or
 * with TEST_TOPOLOGY=cluster (`npm run test:cluster`) a 3-master Redis Cluster on loopback ports, so every test also
 * proves its commands cluster-safe (a multi-key command across slots fails with CROSSSLOT).
 */
export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'dg-test-redis-'));
  const topology = process.env.TEST_TOPOLOGY === 'cluster' ? 'cluster' : 'single';
  const scratch = join(dir, 'private');
  mkdirSync(scratch);
  if (topology === 'cluster') {
    const cluster = await launchCluster({ dir: join(dir, 'cluster'), masters: 3, pidFile: join(scratch, 'pids') });
    stop = cluster.stop;
    project.provide('redisUrl', cluster.url);
  } else {
    const redis = await launchRedis({ dir, persistence: 'none', binary: process.env.REDIS_SERVER_BIN });
    stop = redis.stop;
    project.provide('redisUrl', redis.url);
  }
  project.provide('redisTopology', topology);
  project.provide('redisScratch', scratch);
}

export async function teardown(): Promise<void> {
  await stop?.();
  if (!dir) return;
  // Servers that test files started for themselves and could not stop (a worker that was killed).
  let pids: string[] = [];
  try { pids = readFileSync(join(dir, 'private', 'pids'), 'utf8').split('\n').filter(Boolean); } catch { /* none */ }
  for (const pid of pids) {
    try { process.kill(Number(pid), 'SIGKILL'); } catch { /* already gone */ }
  }
  rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    redisTopology: 'single' | 'cluster';
    /** A directory for servers that test files start themselves (their pids go in `pids`, killed at the end). */
    redisScratch: string;
  }
}
