import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/ops/logger.js';
import { launchRedis, type LaunchedRedis } from '../../src/ops/redis-launcher.js';
import { testBank } from './bank.js';

/**
 * A redis-server of the test file's own, with an append-only file so its data survives, that a test stops and
 * starts again (the suite's one stays up); it and the app on it are closed when the file ends.
 */
export function stoppableRedis(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `dg-${name}-`));
  let server: LaunchedRedis | undefined;
  let app: App | undefined;
  afterAll(async () => {
    await app?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** Starts (or starts again, on the same data and address) the server. */
    async start(): Promise<void> { server = await launchRedis({ dir, persistence: 'aof', binary: process.env.REDIS_SERVER_BIN }); },
    async stop(): Promise<void> { await server?.stop(); },
    /** The app under test, on this server. */
    async app(config: Config, log: Logger): Promise<App> {
      app = await createApp({ config, redisUrl: server!.url, bank: testBank(), log });
      return app;
    },
  };
}
