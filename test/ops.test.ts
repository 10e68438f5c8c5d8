import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOpsServer } from '../src/ops/http.js';
import { createLogger, scrubSecrets } from '../src/ops/logger.js';
import { loadConfig, ConfigError, discordShards, redisConnection } from '../src/config.js';
import { testApp, invocationFor, freshCommunity } from './support/app.js';
import type { App } from '../src/app.js';
import { Writable } from 'node:stream';

let app: App;
let server: Server;
let base: string;
beforeAll(async () => {
  app = await testApp();
  server = await startOpsServer(0, app.metrics, app.redis, '127.0.0.1');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { server.close(); await app.close(); });

describe('ops', () => {
  it('serves health and Prometheus metrics that count commands', async () => {
    await app.router.dispatch(invocationFor(freshCommunity(), 'ops'), { name: 'help', text: '' });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/dg_commands_total\{command="help",platform="console",outcome="ok"\} \d+/);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('never logs tokens', () => {
    let out = '';
    const sink = new Writable({ write(chunk, _e, cb) { out += chunk.toString(); cb(); } });
    const log = createLogger('info', sink);
    log.info({ config: { DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.abcdef.ghijklmnopqrstuvwxyz012345' }, token: 'xoxb-1-2-3' }, 'starting');
    expect(out).not.toMatch(/MTIz|xoxb/);
    expect(scrubSecrets('failed with xoxb-123-456-abc and Bot MTIzNDU2Nzg5MDEyMzQ1Njc4.abcdef.ghijklmnopqrstuvwxyz012345')).not.toMatch(/xoxb-123|MTIz/);
  });

  it('removes the password of a URL, keeping the rest readable', () => {
    expect(scrubSecrets('at redis://:s3cret@db.internal:6380/2 (refused)')).toBe('at redis://:[redacted]@db.internal:6380/2 (refused)');
    expect(scrubSecrets('rediss://bot:p@ss:w0rd@cache:6379')).toBe('rediss://bot:[redacted]@cache:6379');
    expect(scrubSecrets('redis://db.internal:6379 and unix:///tmp/redis.sock')).toBe('redis://db.internal:6379 and unix:///tmp/redis.sock');
    expect(scrubSecrets('two: redis://a:x1@h1 redis://b:x2@h2')).toBe('two: redis://a:[redacted]@h1 redis://b:[redacted]@h2');
  });

  it('rejects bad configuration naming each variable', () => {
    expect(() => loadConfig({ DEFAULT_TIMEZONE: 'Nowhere/Land', METRICS_PORT: '99999', REDIS_URL: 'http://x' })).toThrow(ConfigError);
    try {
      loadConfig({ DEFAULT_TIMEZONE: 'Nowhere/Land', METRICS_PORT: '99999' });
    } catch (err) {
      expect((err as Error).message).toMatch(/DEFAULT_TIMEZONE/);
      expect((err as Error).message).toMatch(/METRICS_PORT/);
    }
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN/);
    expect(loadConfig({}).CONSOLE).toBe('auto');
  });

  it('reaches Redis as one server, a Cluster or through Sentinel, one way at a time', () => {
    expect(redisConnection(loadConfig({}))).toBeUndefined();
    expect(redisConnection(loadConfig({ REDIS_URL: 'redis://h:6379' }))).toBe('redis://h:6379');
    expect(redisConnection(loadConfig({ REDIS_CLUSTER_NODES: 'a:7000, b:7001', REDIS_PASSWORD: 's3cret' }))).toBe('redis-cluster://:s3cret@a:7000,b:7001');
    expect(redisConnection(loadConfig({ REDIS_CLUSTER_NODES: 'a:7000', REDIS_TLS: 'on' }))).toBe('rediss-cluster://a:7000');
    expect(redisConnection(loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'main' }))).toBe('redis-sentinel://s1:26379,s2:26379/main');
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'a:7000,b' })).toThrow(/REDIS_CLUSTER_NODES: must be host:port,host:port/);
    expect(() => loadConfig({ REDIS_URL: 'redis://h', REDIS_CLUSTER_NODES: 'a:7000' })).toThrow(/REDIS_URL and REDIS_CLUSTER_NODES are both set/);
    expect(() => loadConfig({ REDIS_SENTINELS: 's:26379' })).toThrow(/REDIS_SENTINELS needs REDIS_SENTINEL_NAME/);
    expect(() => loadConfig({ REDIS_URL: 'redis-cluster://a:7000' })).toThrow(/REDIS_CLUSTER_NODES/);
  });

  it('knows which Discord shards this process runs', () => {
    expect(discordShards(loadConfig({}))).toEqual({ ids: [0], count: 1, sharded: false });
    expect(discordShards(loadConfig({ DISCORD_SHARD_COUNT: '4' }))).toEqual({ ids: [0, 1, 2, 3], count: 4, sharded: true });
    expect(discordShards(loadConfig({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '2,3' }))).toEqual({ ids: [2, 3], count: 4, sharded: true });
    // A shard process of the manager runs the shard it was given.
    expect(discordShards(loadConfig({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARDS: '2,3', SHARDS: '1', SHARD_COUNT: '4' }))).toEqual({ ids: [1], count: 4, sharded: true });
    expect(() => loadConfig({ DISCORD_SHARDS: '1' })).toThrow(/DISCORD_SHARDS needs DISCORD_SHARD_COUNT/);
    expect(() => loadConfig({ DISCORD_SHARDS: '4', DISCORD_SHARD_COUNT: '4' })).toThrow(/shard 4 does not exist with DISCORD_SHARD_COUNT=4/);
    expect(() => loadConfig({ DISCORD_SHARDS: 'a,b', DISCORD_SHARD_COUNT: '4' })).toThrow(/DISCORD_SHARDS: must be shard ids/);
  });

  it('reads the dashboard settings: a local address by default, a public one cleaned up, and a secret that must be long', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({}).DASHBOARD_URL).toBeUndefined();
    expect(loadConfig({ WEB_PORT: '8080', DASHBOARD_SECRET: secret })).toMatchObject({ DASHBOARD_URL: 'http://localhost:8080', DASHBOARD_LINK_HOURS: 24, WEB_RATE_LIMIT: 120, WEB_TRUST_PROXY: 0 });
    expect(loadConfig({ WEB_PORT: '8080', DASHBOARD_SECRET: secret, DASHBOARD_URL: 'https://study.example.com/dg/?x=1#y' }).DASHBOARD_URL).toBe('https://study.example.com/dg');
    expect(() => loadConfig({ WEB_PORT: '8080' })).toThrow(/WEB_PORT needs DASHBOARD_SECRET/);
    expect(() => loadConfig({ DASHBOARD_SECRET: 'short' })).toThrow(/DASHBOARD_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ DASHBOARD_URL: 'javascript:alert(1)' })).toThrow(/DASHBOARD_URL: must be an http/);
    expect(() => loadConfig({ DASHBOARD_LINK_HOURS: '0' })).toThrow(/DASHBOARD_LINK_HOURS/);
  });
});
