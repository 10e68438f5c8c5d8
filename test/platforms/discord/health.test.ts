import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startOpsServer } from '../../../src/ops/http.js';
import { startDiscordHarness } from '../../support/fake-discord-harness.js';

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
