/**
 * Where Redis is: one server, a Redis Cluster, or a master found through Sentinel. Each has a connection string
 * (what REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS turn into, and what the CLIs' --redis accept):
 *
 *   redis://[user:pass@]host:port[/db]   rediss://…   unix:///path/to/redis.sock
 *   redis-cluster://[user:pass@]host:port,host:port,…        (rediss-cluster:// for TLS)
 *   redis-sentinel://[user:pass@]host:port,host:port,…/<master name>
 */

export interface HostPort { host: string; port: number }

export type RedisTarget =
  | { kind: 'server'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; username?: string; password?: string; tls: boolean }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; username?: string; password?: string };

export class RedisTargetError extends Error {}

const SCHEMES = /^(rediss?|unix|rediss?-cluster|redis-sentinel):\/\//;

/** True for every connection string form this module understands (a quick check for config and CLIs). */
export function isConnectionString(s: string): boolean {
  return SCHEMES.test(s);
}

/** "host:port,host:port" -> [{host, port}]; IPv6 hosts go in brackets ("[::1]:7000"). */
export function parseHostList(list: string, what: string): HostPort[] {
  const items = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new RedisTargetError(`${what} lists no host:port`);
  return items.map((item) => {
    const m = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(item);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) throw new RedisTargetError(`${what}: "${item.slice(0, 60)}" is not host:port`);
    return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
  });
}

function hostList(nodes: HostPort[]): string {
  return nodes.map((n) => `${n.host.includes(':') ? `[${n.host}]` : n.host}:${n.port}`).join(',');
}

function userInfo(username?: string, password?: string): string {
  if (!username && !password) return '';
  return `${username ? encodeURIComponent(username) : ''}:${password ? encodeURIComponent(password) : ''}@`;
}

/** Splits "[user:pass@]rest" (the user info of a multi-host string, which URL cannot parse). */
function splitUserInfo(rest: string): { username?: string; password?: string; rest: string } {
  const at = rest.lastIndexOf('@');
  if (at < 0) return { rest };
  const [user = '', pass = ''] = rest.slice(0, at).split(':');
  return { username: user ? decodeURIComponent(user) : undefined, password: pass ? decodeURIComponent(pass) : undefined, rest: rest.slice(at + 1) };
}

export function parseTarget(s: string): RedisTarget {
  const scheme = /^([a-z-]+):\/\//.exec(s)?.[1];
  if (scheme === 'redis-cluster' || scheme === 'rediss-cluster') {
    const { username, password, rest } = splitUserInfo(s.slice(scheme.length + 3));
    return { kind: 'cluster', nodes: parseHostList(rest.replace(/\/$/, ''), 'the cluster node list'), username, password, tls: scheme === 'rediss-cluster' };
  }
  if (scheme === 'redis-sentinel') {
    const { username, password, rest } = splitUserInfo(s.slice(scheme.length + 3));
    const slash = rest.indexOf('/');
    const name = slash >= 0 ? decodeURIComponent(rest.slice(slash + 1)) : '';
    if (!name) throw new RedisTargetError('a redis-sentinel:// address needs the master name after the hosts: redis-sentinel://host:26379/mymaster');
    return { kind: 'sentinel', sentinels: parseHostList(rest.slice(0, slash), 'the Sentinel list'), name, username, password };
  }
  if (scheme === 'redis' || scheme === 'rediss' || scheme === 'unix') return { kind: 'server', url: s };
  throw new RedisTargetError('must start with redis://, rediss://, unix://, redis-cluster:// or redis-sentinel://');
}

export function formatTarget(t: RedisTarget): string {
  switch (t.kind) {
    case 'server': return t.url;
    case 'cluster': return `${t.tls ? 'rediss' : 'redis'}-cluster://${userInfo(t.username, t.password)}${hostList(t.nodes)}`;
    case 'sentinel': return `redis-sentinel://${userInfo(t.username, t.password)}${hostList(t.sentinels)}/${encodeURIComponent(t.name)}`;
  }
}

/** Where a connection string points, without credentials: "redis://host:6379/2", "unix:///path", "redis-cluster://a:7000,b:7000". */
export function redisAddress(s: string): string {
  let t: RedisTarget;
  try {
    t = parseTarget(s);
  } catch {
    return '(an unparsable address)';
  }
  if (t.kind !== 'server') return formatTarget({ ...t, username: undefined, password: undefined });
  if (s.startsWith('unix://')) return s;
  try {
    const u = new URL(s);
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return '(an unparsable URL)';
  }
}
