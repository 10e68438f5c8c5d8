/**
 * `npm run start:shards`: runs the Discord bot as one process per shard with discord.js's ShardingManager. Each
 * shard process is the ordinary bot (src/main.ts) given its shard id: it holds that shard's gateway session (a
 * Redis lease makes it the only one in the fleet), works the delivery queues, and serves METRICS_PORT + its shard
 * id. A shard process that dies is started again. Needs a shared Redis (REDIS_URL, REDIS_CLUSTER_NODES or
 * REDIS_SENTINELS) and DISCORD_TOKEN.
 */
import { once } from 'node:events';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import { ConfigError, loadConfig, redisConnection, type Config } from './config.js';
import { loadDotEnv } from './ops/env.js';
import { createLogger, scrubSecrets } from './ops/logger.js';

/** Discord's recommended shard count for this bot (GET /gateway/bot), through DISCORD_API_URL when set. */
async function recommendedShards(config: Config): Promise<number> {
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN!);
  const { shards } = await rest.get(Routes.gatewayBot()) as { shards: number };
  return shards;
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL).child({ role: 'shard manager' });
  if (!config.DISCORD_TOKEN) throw new ConfigError('npm run start:shards runs the Discord bot in shard processes: set DISCORD_TOKEN.');
  if (!redisConnection(config)) {
    throw new ConfigError('Sharded mode needs a Redis that every shard process shares: set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS. (The embedded redis-server belongs to one process.)');
  }
  const totalShards = config.DISCORD_SHARD_COUNT ?? await recommendedShards(config);
  const shardList = config.DISCORD_SHARDS ?? Array.from({ length: totalShards }, (_, i) => i);
  const bad = shardList.find((id) => id >= totalShards);
  if (bad !== undefined) throw new ConfigError(`DISCORD_SHARDS: shard ${bad} does not exist with ${totalShards} shards (ids are 0 to ${totalShards - 1}).`);

  const here = fileURLToPath(import.meta.url);
  const manager = new ShardingManager(join(dirname(here), `main${extname(basename(here))}`), {
    totalShards, shardList, mode: 'process', respawn: true, token: config.DISCORD_TOKEN,
    // Under tsx the shard processes need its loader too; from dist/ this is empty.
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, of: totalShards }, 'shard process started');
    shard.on('death', () => log.warn({ shard: shard.id }, 'shard process exited; starting it again'));
    shard.on('error', (err) => log.error({ shard: shard.id, err: scrubSecrets(err.message) }, 'shard process error'));
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 15_000).unref();
    // Each shard process stops cleanly on SIGTERM (and gives its gateway lease up at once).
    await Promise.all([...manager.shards.values()].map((shard) => new Promise<void>((done) => {
      const child = shard.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      shard.kill();
    })));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  log.info({ shards: shardList, of: totalShards }, 'starting shard processes');
  // No timeout (-1: spawn returns without waiting): a shard process standing by for its lease (its predecessor
  // still holds it) is not a failure. Readiness is awaited here instead, without a deadline.
  const shards = await manager.spawn({ amount: totalShards, delay: config.DISCORD_SHARD_SPAWN_DELAY_MS, timeout: -1 });
  await Promise.all([...shards.values()].map((shard) => (shard.ready ? undefined : once(shard, 'ready'))));
  log.info({ shards: shardList }, 'every shard process is ready');
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${err instanceof ConfigError ? err.message : scrubSecrets(err instanceof Error ? err.stack ?? err.message : String(err))}\n`);
  process.exit(1);
});
