import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics.js';
import type { Store } from '../store/redis.js';

/** What /healthz needs to know of a platform. */
export interface PlatformHealth { name: string; ready(): boolean; health?(): string }

/**
 * GET /metrics (Prometheus) and GET /healthz: 200 when Redis answers and every platform is connected, else 503.
 * The body names each part: {"status":"ok","redis":"ok","platforms":{"discord":"ready","slack":"not ready"}}.
 * `platforms` returns undefined while they are still starting.
 */
export function startOpsServer(port: number, metrics: Metrics, redis: Store, host = '0.0.0.0', platforms: () => readonly PlatformHealth[] | undefined = () => []): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      } else if (req.method === 'GET' && req.url === '/healthz') {
        const redisOk = await Promise.race([redis.ping().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
        const running = platforms();
        const states = Object.fromEntries((running ?? []).map((p) => [p.name, p.health?.() ?? (p.ready() ? 'ready' : 'not ready')]));
        const platformsOk = running !== undefined && Object.values(states).every((s) => s === 'ready' || s === 'standby');
        const status = !redisOk ? 'redis unavailable' : running === undefined ? 'starting' : platformsOk ? 'ok' : 'platform not ready';
        res.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status, redis: redisOk ? 'ok' : 'unavailable', platforms: running === undefined ? 'starting' : states }));
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => { res.writeHead(500).end(); });
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}
