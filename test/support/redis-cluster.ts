/**
 * Throwaway Redis topologies for tests and benchmarks, on loopback TCP ports: a Redis Cluster of N masters and a
 * Sentinel set (master, replica, sentinel). Real redis-server processes; nothing is imitated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';

export interface RedisProcess { port: number; child: ChildProcess; stop(): Promise<void> }

/** True if nothing listens on `port` on loopback (checked by binding it for a moment). */
function free(port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/** A free port whose cluster bus port (+10000) is free too. */
export async function freePort(withBus = false): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 35_000);
    if ((await free(port)) && (!withBus || (await free(port + 10_000)))) return port;
  }
}

async function waitForPing(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with code ${child.exitCode}`);
    const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      if ((await c.ping()) === 'PONG') return;
    } catch { /* not yet */ } finally {
      c.disconnect();
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

/** Starts one redis-server on a loopback port with the given extra arguments; `pidFile` collects pids for cleanup. */
export async function startServer(dir: string, port: number, args: string[], opts: { binary?: string; pidFile?: string; configFile?: string } = {}): Promise<RedisProcess> {
  mkdirSync(dir, { recursive: true });
  const argv = [
    ...(opts.configFile ? [opts.configFile] : []),
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
    '--loglevel', 'warning', '--logfile', '', ...args,
  ];
  const child = spawn(opts.binary ?? process.env.REDIS_SERVER_BIN ?? 'redis-server', argv, { stdio: ['ignore', 'ignore', 'ignore'] });
  if (opts.pidFile && child.pid) appendFileSync(opts.pidFile, `${child.pid}\n`);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  await waitForPing(port, child);
  return {
    port, child,
    stop: () => new Promise<void>((done) => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => { clearTimeout(timer); done(); });
      child.kill('SIGTERM');
    }),
  };
}

export interface LaunchedCluster {
  /** Connection string: redis-cluster://127.0.0.1:p1,127.0.0.1:p2,… */
  url: string;
  servers: RedisProcess[];
  stop(): Promise<void>;
}

/**
 * A Redis Cluster of `masters` nodes (no replicas), slots split evenly: the same assignment `redis-cli --cluster
 * create` makes, done directly (ADDSLOTSRANGE, SET-CONFIG-EPOCH, MEET) so it is ready in well under a second.
 */
export async function launchCluster(opts: { dir: string; masters?: number; binary?: string; pidFile?: string }): Promise<LaunchedCluster> {
  const n = opts.masters ?? 3;
  const dir = resolve(opts.dir);
  const ports: number[] = [];
  while (ports.length < n) {
    const p = await freePort(true);
    if (!ports.includes(p)) ports.push(p);
  }
  const servers = await Promise.all(ports.map((port) => startServer(join(dir, String(port)), port, [
    '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '3000',
    '--cluster-require-full-coverage', 'yes',
  ], opts)));
  const clients = ports.map((port) => new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 }));
  try {
    const per = Math.floor(16384 / n);
    for (let i = 0; i < n; i++) {
      const from = i * per;
      const to = i === n - 1 ? 16383 : from + per - 1;
      await clients[i]!.call('CLUSTER', 'ADDSLOTSRANGE', from, to);
      await clients[i]!.call('CLUSTER', 'SET-CONFIG-EPOCH', i + 1);
    }
    // Every node meets every other one, so no node waits for gossip to learn of the rest. (A fresh master still
    // waits about two seconds before it reports the cluster ok.)
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) await clients[i]!.call('CLUSTER', 'MEET', '127.0.0.1', ports[j]!);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const infos = await Promise.all(clients.map((c) => c.call('CLUSTER', 'INFO') as Promise<string>));
      const ok = infos.every((info) => info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${n}`));
      const slots = ok ? await Promise.all(clients.map((c) => c.call('CLUSTER', 'SLOTS') as Promise<unknown[]>)) : [];
      if (ok && slots.every((s) => s.length === n)) break;
      if (Date.now() > deadline) throw new Error(`the test cluster did not become ready:\n${infos.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  } finally {
    for (const c of clients) c.disconnect();
  }
  return {
    url: `redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
    servers,
    stop: async () => { await Promise.all(servers.map((s) => s.stop())); },
  };
}

export interface LaunchedSentinel {
  /** Connection string: redis-sentinel://127.0.0.1:<sentinel port>/<name> */
  url: string;
  name: string;
  master: RedisProcess;
  replicas: RedisProcess[];
  sentinel: RedisProcess;
  stop(): Promise<void>;
}

/**
 * A master, `replicas` replicas (1) and one sentinel (quorum 1) watching them. A master refuses writes unless every
 * replica is connected (min-replicas-to-write), so a master that lost its replica to a failover stops taking
 * writes at once instead of taking writes that will be thrown away.
 */
export async function launchSentinel(opts: { dir: string; binary?: string; pidFile?: string; name?: string; replicas?: number }): Promise<LaunchedSentinel> {
  const name = opts.name ?? 'dgmaster';
  const dir = resolve(opts.dir);
  const n = opts.replicas ?? 1;
  const [mp, sp] = [await freePort(), await freePort()];
  const replicaPorts: number[] = [];
  for (let i = 0; i < n; i++) replicaPorts.push(await freePort());
  const safety = ['--min-replicas-to-write', String(n), '--min-replicas-max-lag', '10', '--repl-diskless-sync-delay', '0'];
  const master = await startServer(join(dir, 'master'), mp, safety, opts);
  const replicas = await Promise.all(replicaPorts.map((rp, i) => startServer(join(dir, `replica${i + 1}`), rp, ['--replicaof', '127.0.0.1', String(mp), ...safety], opts)));
  const conf = join(dir, 'sentinel.conf');
  mkdirSync(dir, { recursive: true });
  writeFileSync(conf, [
    `sentinel monitor ${name} 127.0.0.1 ${mp} 1`,
    `sentinel down-after-milliseconds ${name} 2000`,
    `sentinel failover-timeout ${name} 10000`,
    `sentinel parallel-syncs ${name} 1`,
    '',
  ].join('\n'));
  const sentinel = await startServer(join(dir, 'sentinel'), sp, ['--sentinel'], { ...opts, configFile: conf });
  // The replicas must be in sync before anything relies on them.
  const probe = new Redis({ port: mp, host: '127.0.0.1' });
  try {
    const deadline = Date.now() + 10_000;
    while (!new RegExp(`min_slaves_good_slaves:${n}`).test(await probe.info('replication'))) {
      if (Date.now() > deadline) throw new Error('the test replicas did not connect');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    probe.disconnect();
  }
  return {
    url: `redis-sentinel://127.0.0.1:${sp}/${name}`, name, master, replicas, sentinel,
    stop: async () => { await Promise.all([sentinel.stop(), ...replicas.map((r) => r.stop()), master.stop()]); },
  };
}
