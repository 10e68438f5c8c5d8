import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics.js';
import type { Store } from '../store/redis.js';

/** GET /metrics (Prometheus) and GET /healthz (200 when Redis answers, 503 otherwise). */
export function startOpsServer(port: number, metrics: Metrics, redis: Store, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      } else if (req.method === 'GET' && req.url === '/healthz') {
        const ok = await Promise.race([redis.ping().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: ok ? 'ok' : 'redis unavailable' }));
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
