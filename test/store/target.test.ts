import { describe, expect, it } from 'vitest';
import { formatTarget, isConnectionString, parseTarget, redisAddress, RedisTargetError } from '../../src/store/target.js';

describe('Redis connection strings', () => {
  it('reads a Cluster node list, with credentials and IPv6 hosts, and writes it back', () => {
    const s = 'redis-cluster://bot:p%40ss@10.0.0.1:7000,[::1]:7001,redis-2:7002';
    const t = parseTarget(s);
    expect(t).toEqual({ kind: 'cluster', nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '::1', port: 7001 }, { host: 'redis-2', port: 7002 }], username: 'bot', password: 'p@ss', tls: false });
    expect(formatTarget(t)).toBe(s);
    expect(parseTarget('rediss-cluster://a:1')).toMatchObject({ kind: 'cluster', tls: true });
  });

  it('reads Sentinels and the master name', () => {
    expect(parseTarget('redis-sentinel://:pw@s1:26379,s2:26379/mymaster')).toEqual({
      kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], name: 'mymaster', username: undefined, password: 'pw',
    });
    expect(() => parseTarget('redis-sentinel://s1:26379')).toThrow(/master name/);
  });

  it('keeps single-server URLs as they are and refuses what it does not know', () => {
    expect(parseTarget('redis://localhost:6379/2')).toEqual({ kind: 'server', url: 'redis://localhost:6379/2' });
    expect(parseTarget('unix:///tmp/r.sock')).toEqual({ kind: 'server', url: 'unix:///tmp/r.sock' });
    expect(() => parseTarget('http://x')).toThrow(RedisTargetError);
    expect(() => parseTarget('redis-cluster://a:7000,b')).toThrow(/"b" is not host:port/);
    expect(() => parseTarget('redis-cluster://a:99999')).toThrow(/not host:port/);
    expect(isConnectionString('redis-sentinel://a:1/m')).toBe(true);
    expect(isConnectionString('memcached://a')).toBe(false);
  });

  it('shows an address without its password', () => {
    expect(redisAddress('redis-cluster://u:secret@a:7000,b:7001')).toBe('redis-cluster://a:7000,b:7001');
    expect(redisAddress('redis-sentinel://:secret@s:26379/m')).toBe('redis-sentinel://s:26379/m');
    expect(redisAddress('redis://:secret@h:6380/1')).toBe('redis://h:6380/1');
  });
});
