import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startOpsServer } from '../../../src/ops/http.js';
import { createApp } from '../../../src/app.js';
import { createLogger } from '../../../src/ops/logger.js';
import { startDiscord } from '../../../src/platforms/discord/adapter.js';
import { testBank } from '../../support/bank.js';
import { startDiscordHarness } from '../../support/fake-discord-harness.js';
import { testRedisUrl } from '../../support/redis.js';

async function health(server: Server): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
  return { status: res.status, body: await res.json() };
}

describe('Discord readiness in /healthz', () => {
  it('reports the gateway connection: ready while connected, 503 once it is gone', async () => {
    const h = await startDiscordHarness();
    const server = await startOpsServer(0, h.app.metrics, h.app.redis, '127.0.0.1', () => [h.platform]);
    try {
      expect(await health(server)).toEqual({ status: 200, body: { status: 'ok', redis: 'ok', platforms: { discord: 'ready' } } });
      await h.platform.stop();
      expect(h.platform.ready()).toBe(false);
      expect(await health(server)).toEqual({ status: 503, body: { status: 'platform not ready', redis: 'ok', platforms: { discord: 'not ready' } } });
    } finally {
      server.close();
      await h.app.close();
      await h.fake.stop();
    }
  });
});

describe('a second process for the same bot', () => {
  it('stands by (healthy, no gateway session) while another holds the session, and takes over when it stops', async () => {
    const h = await startDiscordHarness({ env: { DISCORD_SHARD_LEASE_MS: '1000' } });
    const second = await createApp({ config: h.app.config, redisUrl: testRedisUrl(), bank: testBank(), log: createLogger('silent') });
    const platform = await startDiscord(second);
    const server = await startOpsServer(0, second.metrics, second.redis, '127.0.0.1', () => [platform]);
    try {
      expect(await health(server)).toEqual({ status: 200, body: { status: 'ok', redis: 'ok', platforms: { discord: 'standby' } } });
      expect(h.fake.connectedClients).toBe(1);
      await h.platform.stop(); // gives the lease up at once
      await h.fake.until(() => h.fake.identifies.length === 2 && h.fake.connectedClients === 1, 5000, 'the standby to take over');
      await h.fake.until(() => platform.health?.() === 'ready', 5000, 'the session to be ready');
      expect(await health(server)).toEqual({ status: 200, body: { status: 'ok', redis: 'ok', platforms: { discord: 'ready' } } });
      const g = h.fake.addGuild();
      const reply = await h.fake.reply(h.fake.slash({ guild: g, user: h.fake.addUser('ann'), command: 'topics' }));
      expect(reply).toBeDefined();
    } finally {
      server.close();
      await platform.stop();
      await second.close();
      await h.app.close();
      await h.fake.stop();
    }
  });
});
