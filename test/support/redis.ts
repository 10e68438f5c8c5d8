import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { connectRedis, masters, type Store } from '../../src/store/redis.js';
import { launchRedis } from '../../src/ops/redis-launcher.js';
import { launchCluster, type LaunchedCluster } from './redis-cluster.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** 'cluster' when the suite runs on a 3-master Redis Cluster (`npm run test:cluster`). */
export function testTopology(): 'single' | 'cluster' {
  return inject('redisTopology');
}

export function testRedis(): Store {
  return connectRedis(testRedisUrl());
}

/** A fresh community id, so test files sharing the server never see each other's data. */
export function freshCommunity(platform = 'console'): string {
  return `${platform}:t${randomBytes(6).toString('hex')}`;
}

const privateClusters = new Map<number, Promise<LaunchedCluster>>();

/**
 * Redis for a test file that must not share the cross-community state (schedule index, delivery queues) with
 * others: database `db` of the suite's server, or on the cluster topology (which has no databases) a 3-master
 * cluster of this file's own, stopped after the file (test/support/setup.ts).
 */
export async function isolatedRedis(db?: number): Promise<{ url: string; db?: number }> {
  if (db === undefined) return { url: testRedisUrl() };
  if (testTopology() === 'single') return { url: testRedisUrl(), db };
  let cluster = privateClusters.get(db);
  if (!cluster) {
    const scratch = inject('redisScratch');
    cluster = launchCluster({ dir: mkdtempSync(join(scratch, `db${db}-`)), masters: 3, pidFile: join(scratch, 'pids') });
    privateClusters.set(db, cluster);
  }
  return { url: (await cluster).url };
}

export async function stopPrivateRedis(): Promise<void> {
  const all = [...privateClusters.values()];
  privateClusters.clear();
  await Promise.all(all.map(async (c) => (await c).stop()));
}

/** Empties the database (on a cluster: every master). */
export async function flushAll(redis: Store): Promise<void> {
  for (const node of await masters(redis)) await node.flushdb();
}

/**
 * A Redis of a test's own for bot processes: a redis-server on a unix socket, or on the cluster topology a 3-master
 * cluster. `env` is how a bot process reaches it (REDIS_URL or REDIS_CLUSTER_NODES).
 */
export async function privateRedis(): Promise<{ url: string; env: Record<string, string>; stop(): Promise<void> }> {
  const scratch = inject('redisScratch');
  const dir = mkdtempSync(join(scratch, 'own-'));
  if (testTopology() === 'cluster') {
    const cluster = await launchCluster({ dir, masters: 3, pidFile: join(scratch, 'pids') });
    return { url: cluster.url, env: { REDIS_CLUSTER_NODES: cluster.url.replace(/^redis-cluster:\/\//, '') }, stop: cluster.stop };
  }
  const server = await launchRedis({ dir, persistence: 'none', binary: process.env.REDIS_SERVER_BIN });
  return { url: server.url, env: { REDIS_URL: server.url }, stop: server.stop };
}
