import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/ops/logger.js';
import { launchRedis } from '../../src/ops/redis-launcher.js';
import { testBank } from '../support/bank.js';
import { removeTempDirs, runProcess, tempDir } from '../support/process.js';

afterAll(removeTempDirs);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('Redis errors', () => {
  it('an unreachable REDIS_URL stops start-up with one line naming REDIS_URL and the address (never the password)', { timeout: 30_000 }, async () => {
    const port = await closedPort();
    const r = await runProcess(['--script', '/dev/null'], { env: { REDIS_URL: `redis://:s3cret@127.0.0.1:${port}/0`, DATA_DIR: tempDir() } });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Cannot reach Redis at REDIS_URL=redis://127\\.0\\.0\\.1:${port}/0 \\(.*ECONNREFUSED.*\\)\\. Start Redis there, correct REDIS_URL, or unset it`));
    expect(r.stderr).not.toMatch(/s3cret|MaxRetriesPerRequest|Unhandled error event|at .*\.ts:\d+/);
  });

  it('an unreachable REDIS_CLUSTER_NODES stops start-up with one line naming it and the nodes (never the password)', { timeout: 30_000 }, async () => {
    const [a, b] = [await closedPort(), await closedPort()];
    const r = await runProcess(['--script', '/dev/null'], { env: { REDIS_CLUSTER_NODES: `127.0.0.1:${a},127.0.0.1:${b}`, REDIS_PASSWORD: 's3cret', DATA_DIR: tempDir() } });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Cannot reach Redis at REDIS_CLUSTER_NODES=redis-cluster://127\\.0\\.0\\.1:${a},127\\.0\\.0\\.1:${b} \\(.+\\)\\. Start Redis there, correct REDIS_CLUSTER_NODES`));
    expect(r.stderr).not.toMatch(/s3cret|Unhandled error event|at .*\.ts:\d+/);
  });

  it('logs an outage of the main connection as a structured log line, once per repeated error', { timeout: 30_000 }, async () => {
    const server = await launchRedis({ dir: tempDir(), persistence: 'none', binary: process.env.REDIS_SERVER_BIN });
    const lines: { level: number; msg: string; err?: { message: string }; repeated?: number }[] = [];
    const sink = new Writable({ write(chunk: Buffer, _enc, cb) { for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l)); cb(); } });
    const app = await createApp({ config: loadConfig({}), redisUrl: server.url, bank: testBank(), log: createLogger('warn', sink) });
    expect(app.redis.listenerCount('error')).toBeGreaterThan(0);
    await server.stop();
    const deadline = Date.now() + 10_000;
    while (!lines.some((l) => l.msg === 'redis connection error') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Let it retry a few times: the same error is not logged again within the quiet period.
    await new Promise((r) => setTimeout(r, 1500));
    // The delivery layer's own connections log their outage too (as warnings, naming the connection); this is the main one's.
    const errors = lines.filter((l) => l.msg === 'redis connection error' && !('connection' in l));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.level).toBe(50);
    expect(errors[0]!.err?.message).toMatch(/ENOENT|ECONNREFUSED|closed/i);
    app.redis.disconnect();
  });
});
