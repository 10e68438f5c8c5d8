import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, runProcess, tempDir } from '../support/process.js';

afterAll(removeTempDirs);

describe('start-up refusals', () => {
  it('refuses to start when no platform would run (CONSOLE=off and no token), before starting Redis', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const r = await runProcess([], { env: { CONSOLE: 'off', DATA_DIR: dir } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Nothing to run: CONSOLE=off and neither DISCORD_TOKEN nor SLACK_BOT_TOKEN is set. Set a token (see .env.example), or unset CONSOLE to use the terminal.');
    expect(existsSync(join(dir, 'redis'))).toBe(false);
  });
});

describe('processes on one host', () => {
  it('sharded Discord refuses the embedded Redis, in a shard process and in the shard manager', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const env = { DISCORD_TOKEN: 'fake.token.value', DISCORD_SHARD_COUNT: '2', DATA_DIR: dir };
    const [shard, manager] = await Promise.all([runProcess([], { env }), runProcess([], { env, script: 'src/shards.ts' })]);
    expect(shard.code).toBe(1);
    expect(shard.stderr.trim()).toBe('Discord sharding (2 shards) needs a Redis that every shard process shares: set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS. The embedded redis-server belongs to one process.');
    expect(manager.code).toBe(1);
    expect(manager.stderr.trim()).toMatch(/^Sharded mode needs a Redis that every shard process shares/);
    expect(existsSync(join(dir, 'redis'))).toBe(false);
  });

  it('a METRICS_PORT already in use stops start-up with one clear line', { timeout: 60_000 }, async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '0.0.0.0', r));
    const { port } = busy.address() as AddressInfo;
    try {
      const r = await runProcess(['--script', '/dev/null'], { env: { METRICS_PORT: String(port), DATA_DIR: tempDir() } });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`METRICS_PORT=${port} is already in use on this host: another bot (or another program) listens there. Give each process on this host its own METRICS_PORT, or leave it unset.`);
    } finally {
      busy.close();
    }
  });
});
