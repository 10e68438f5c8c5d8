import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, existsSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { resolve, join } from 'node:path';
import { tmpdir } from 'node:os';

export interface LaunchOptions {
  /** Directory for the server's files (AOF, socket unless it would be too long). */
  dir: string;
  binary?: string;
  /** Durable data (AOF everysec) for the bot; throwaway (no persistence) for tests and benchmarks. */
  persistence: 'aof' | 'none';
}

export interface LaunchedRedis {
  url: string;
  socketPath: string;
  stop(): Promise<void>;
}

export class RedisLaunchError extends Error {}

export const MISSING_REDIS_HELP =
  'Daily Gradient needs Redis. REDIS_URL is not set, so it tried to start its own `redis-server` ' +
  'and could not find that program. Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`; ' +
  'macOS: `brew install redis`) so that `redis-server` is on your PATH, or point the bot at a running ' +
  'server with REDIS_URL=redis://host:6379 (see .env.example).';

/** Starts a private redis-server listening only on a unix socket; resolves once it answers PING. */
export async function launchRedis(opts: LaunchOptions): Promise<LaunchedRedis> {
  const dir = resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  let socketPath = join(dir, 'redis.sock');
  // A unix socket path must fit in sun_path (~107 bytes).
  if (socketPath.length > 100) socketPath = join(tmpdir(), `dg-redis-${process.pid}-${Date.now()}.sock`);
  if (existsSync(socketPath)) rmSync(socketPath);

  const args = [
    '--port', '0',
    '--unixsocket', socketPath,
    '--unixsocketperm', '700',
    '--dir', dir,
    '--save', '',
    '--maxmemory-policy', 'noeviction',
    '--loglevel', 'warning',
    '--logfile', '',
  ];
  if (opts.persistence === 'aof') args.push('--appendonly', 'yes', '--appendfsync', 'everysec');
  else args.push('--appendonly', 'no');

  const child = spawn(opts.binary ?? 'redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new RedisLaunchError(MISSING_REDIS_HELP) : new RedisLaunchError(`Could not start redis-server: ${err.message}`));
    });
    child.once('exit', (code) => reject(new RedisLaunchError(`redis-server exited with code ${code} before it was ready. ${stderr.trim()}`)));
  });
  failed.catch(() => undefined);

  await Promise.race([waitForSocket(socketPath, 10_000), failed]);
  child.removeAllListeners('exit');
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  return {
    url: `unix://${socketPath}`,
    socketPath,
    stop: () => stopChild(child, killOnExit),
  };
}

function stopChild(child: ChildProcess, killOnExit: () => void): Promise<void> {
  process.removeListener('exit', killOnExit);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => { clearTimeout(timer); done(); });
    child.kill('SIGTERM');
  });
}

async function waitForSocket(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pingOnce(path)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new RedisLaunchError(`redis-server did not answer on ${path} within ${timeoutMs} ms`);
}

function pingOnce(path: string): Promise<boolean> {
  return new Promise((done) => {
    const sock = createConnection(path);
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => { sock.destroy(); done(d.toString().startsWith('+PONG')); });
  });
}
