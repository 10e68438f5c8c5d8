import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config.js';
import { createLogger, scrubSecrets } from './ops/logger.js';
import { launchRedis, RedisLaunchError, type LaunchedRedis } from './ops/redis-launcher.js';
import { loadBank } from './load-bank.js';
import { BankError } from './domain/bank.js';
import { createApp } from './app.js';
import { ConsolePlatform } from './platforms/console/console.js';
import { startPlatforms, type RunningPlatform } from './platforms/start.js';
import { startOpsServer } from './ops/http.js';
import { createMetrics } from './ops/metrics.js';
import { ClockReplay } from './delivery/clock.js';

const { values: flags } = parseArgs({
  options: {
    script: { type: 'string' },
    'allow-clock': { type: 'boolean', default: false },
    user: { type: 'string' },
  },
  allowPositionals: false,
});

async function main(): Promise<void> {
  const config = loadConfig();
  const hasTokens = Boolean(config.DISCORD_TOKEN || config.SLACK_BOT_TOKEN);
  const consoleOn = config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && !hasTokens) || Boolean(flags.script);
  // In the terminal, keep logs quiet unless asked for.
  const level = consoleOn && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
  const log = createLogger(level);

  const bank = loadBank(config.QUESTIONS_DIR);
  log.info({ questions: bank.questions.length }, 'question bank loaded');

  let launched: LaunchedRedis | undefined;
  let redisUrl = config.REDIS_URL;
  if (!redisUrl) {
    launched = await launchRedis({ dir: join(config.DATA_DIR, 'redis'), binary: config.REDIS_SERVER_BIN, persistence: 'aof' });
    redisUrl = launched.url;
    log.info({ dir: join(config.DATA_DIR, 'redis') }, 'started embedded redis-server');
  }

  const metrics = createMetrics(true);
  const app = await createApp({ config, redisUrl, bank, log, metrics });
  const ops = config.METRICS_PORT ? await startOpsServer(config.METRICS_PORT, metrics, app.redis) : undefined;
  const running: RunningPlatform[] = await startPlatforms(app);

  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    // With Redis unreachable a clean stop can wait for ever; unfinished jobs are taken over by another replica.
    setTimeout(() => process.exit(code), 10_000).unref();
    for (const p of running.reverse()) await p.stop().catch((err) => log.warn({ err }, 'platform stop failed'));
    ops?.close();
    await app.close();
    await launched?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  if (consoleOn) {
    const started: { replay?: ClockReplay } = {};
    const cli = new ConsolePlatform({
      router: app.router, output: process.stdout, allowClock: flags['allow-clock'], user: flags.user,
      // /clock plays every slot and reveal up to the new time, in order, through the delivery jobs.
      onClock: async (now) => { await started.replay?.advance(now); },
    });
    running.push({ name: 'console', messenger: cli, stop: async () => undefined });
    await app.startScheduler(running.map((p) => p.messenger));
    if (flags['allow-clock']) started.replay = new ClockReplay(app.delivery, app.services.scheduleRepo, () => cli.now());
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
    await app.startScheduler(running.map((p) => p.messenger));
    log.info({ platforms: running.map((p) => p.name) }, 'Daily Gradient is running');
  }
}

function explain(err: unknown): string {
  if (err instanceof ConfigError || err instanceof BankError || err instanceof RedisLaunchError) return err.message;
  return scrubSecrets(err instanceof Error ? err.stack ?? err.message : String(err));
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${explain(err)}\n`);
  process.exit(1);
});

