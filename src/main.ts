import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, discordShards, redisConnection } from './config.js';
import { loadDotEnv } from './ops/env.js';
import { DataDirLockedError, lockDataDir, type DataLock } from './ops/data-lock.js';
import { createLogger, scrubSecrets } from './ops/logger.js';
import { launchRedis, RedisLaunchError, type LaunchedRedis } from './ops/redis-launcher.js';
import { loadBank } from './load-bank.js';
import { BankError } from './domain/bank.js';
import { createApp } from './app.js';
import { RedisUnavailableError } from './store/redis.js';
import { ConsolePlatform } from './platforms/console/console.js';
import { startPlatforms, type RunningPlatform } from './platforms/start.js';
import { startOpsServer } from './ops/http.js';
import { createMetrics } from './ops/metrics.js';
import { ClockReplay } from './delivery/clock.js';
import { startWebServer } from './web/server.js';

const { values: flags } = parseArgs({
  options: {
    script: { type: 'string' },
    'allow-clock': { type: 'boolean', default: false },
    user: { type: 'string' },
  },
  allowPositionals: false,
});

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const hasTokens = Boolean(config.DISCORD_TOKEN || config.SLACK_BOT_TOKEN);
  const consoleOn = config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && !hasTokens) || Boolean(flags.script);
  if (!consoleOn && !hasTokens) {
    throw new ConfigError('Nothing to run: CONSOLE=off and neither DISCORD_TOKEN nor SLACK_BOT_TOKEN is set. Set a token (see .env.example), or unset CONSOLE to use the terminal.');
  }
  const configured = redisConnection(config);
  const shards = discordShards(config);
  if (!configured && shards.sharded && config.DISCORD_TOKEN) {
    throw new ConfigError(`Discord sharding (${shards.count} shards) needs a Redis that every shard process shares: set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS. The embedded redis-server belongs to one process.`);
  }
  // In the terminal, keep logs quiet unless asked for.
  const level = consoleOn && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
  const log = createLogger(level);

  const bank = loadBank(config.QUESTIONS_DIR);
  log.info({ questions: bank.questions.length }, 'question bank loaded');

  let launched: LaunchedRedis | undefined;
  let lock: DataLock | undefined;
  let redisUrl = configured;
  if (!redisUrl) {
    lock = lockDataDir(config.DATA_DIR);
    launched = await launchRedis({ dir: join(config.DATA_DIR, 'redis'), binary: config.REDIS_SERVER_BIN, persistence: 'aof' });
    redisUrl = launched.url;
    log.info({ dir: join(config.DATA_DIR, 'redis') }, 'started embedded redis-server');
  }

  const metrics = createMetrics(true);
  const app = await createApp({ config, redisUrl, bank, log, metrics }).catch((err: unknown) => {
    if (err instanceof RedisUnavailableError && configured) {
      const name = config.REDIS_CLUSTER_NODES ? 'REDIS_CLUSTER_NODES' : config.REDIS_SENTINELS ? 'REDIS_SENTINELS' : 'REDIS_URL';
      throw new ConfigError(`Cannot reach Redis at ${name}=${err.address} (${err.reason}). Start Redis there, correct ${name}, or unset it to let the bot run its own redis-server.`);
    }
    throw err;
  });
  const started: { platforms?: RunningPlatform[] } = {}; // none yet while they start, for /healthz
  // Shard processes on one host each serve METRICS_PORT (and WEB_PORT) + their (first) shard id.
  const portOf = (base: number | undefined) => (base && shards.sharded ? base + shards.ids[0]! : base);
  const taken = (name: 'METRICS_PORT' | 'WEB_PORT', port: number) => (err: NodeJS.ErrnoException): never => {
    if (err.code !== 'EADDRINUSE') throw err;
    const which = port === config[name] ? `${name}=${port}` : `port ${port} (${name} ${config[name]} + shard ${shards.ids[0]})`;
    throw new ConfigError(`${which} is already in use on this host: another bot (or another program) listens there. Give each process on this host its own ${name}, or leave it unset.`);
  };
  const metricsPort = portOf(config.METRICS_PORT);
  const ops = metricsPort ? await startOpsServer(metricsPort, metrics, app.redis, undefined, () => started.platforms).catch(taken('METRICS_PORT', metricsPort)) : undefined;
  // The dashboard shares the app's Redis connection and services.
  const webPort = portOf(config.WEB_PORT);
  const web = webPort && app.services.dashboard
    ? await startWebServer({ app, links: app.services.dashboard, port: webPort, rateLimit: config.WEB_RATE_LIMIT, trustProxy: config.WEB_TRUST_PROXY }).catch(taken('WEB_PORT', webPort))
    : undefined;
  if (web) log.info({ port: web.port, url: config.DASHBOARD_URL }, 'dashboard listening');
  const platforms = await startPlatforms(app);
  started.platforms = platforms;

  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    // With Redis unreachable a clean stop can wait for ever; unfinished jobs are taken over by another replica.
    setTimeout(() => process.exit(code), 10_000).unref();
    for (const p of [...platforms].reverse()) await p.stop().catch((err) => log.warn({ err }, 'platform stop failed'));
    ops?.close();
    await web?.close().catch((err: unknown) => log.warn({ err }, 'dashboard stop failed'));
    await app.close();
    await launched?.stop();
    lock?.release();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // A shard process whose manager is gone stops too, so no orphan keeps a gateway lease.
  if (process.env.SHARDING_MANAGER && process.send) process.on('disconnect', () => void shutdown(0));

  if (consoleOn) {
    const clock: { replay?: ClockReplay } = {};
    const cli = new ConsolePlatform({
      router: app.router, output: process.stdout, allowClock: flags['allow-clock'], user: flags.user, imageDir: join(config.DATA_DIR, 'images'),
      // /clock plays every slot and reveal up to the new time, in order, through the delivery jobs.
      onClock: async (now) => { await clock.replay?.advance(now); },
    });
    platforms.push({ name: 'console', messenger: cli, ready: () => true, stop: async () => undefined });
    await app.startScheduler(platforms.map((p) => p.messenger));
    if (flags['allow-clock']) clock.replay = new ClockReplay(app.delivery, app.services.scheduleRepo, () => cli.now());
    if (flags.script) {
      await cli.runScript(readFileSync(flags.script, 'utf8').split('\n'));
    } else if (!process.stdin.isTTY) {
      const { createInterface } = await import('node:readline');
      await cli.runScript(createInterface({ input: process.stdin }));
    } else {
      await cli.runInteractive(process.stdin);
    }
    await shutdown(0);
  } else {
    await app.startScheduler(platforms.map((p) => p.messenger));
    log.info({ platforms: platforms.map((p) => p.name) }, 'Daily Gradient is running');
  }
}

function explain(err: unknown): string {
  if (err instanceof ConfigError || err instanceof BankError || err instanceof RedisLaunchError || err instanceof RedisUnavailableError || err instanceof DataDirLockedError) return err.message;
  return scrubSecrets(err instanceof Error ? err.stack ?? err.message : String(err));
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${explain(err)}\n`);
  process.exit(1);
});

