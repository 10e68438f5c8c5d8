import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseTarget, redisAddress } from './target.js';
import { RECORD_ANSWER, SELF_ASSESS, JOIN_TEAM, LEAVE_TEAM, CLOSE_POST, REVEAL_POST } from './scripts.js';
import { RESTORE_STREAK } from './streak-script.js';
import { REPORT_QUESTION, TAKE_HINT } from './feedback-scripts.js';
import { START_MOCK, UPDATE_MOCK, FINISH_MOCK } from './mock-scripts.js';
import { ACTIVATE_POST, ADD_SCHEDULE, DISCARD_PENDING, REMINDER_SENT, TAKE_BUDGET } from './delivery-scripts.js';
import { DROP_LEASE, TAKE_LEASE } from './lease-scripts.js';
import { ASSIGN_NUMBERS } from './question-numbers.js';
import { CLEAR_STATES, MIGRATE_STATE } from './question-state-script.js';
import { PRESENT_PRACTICE } from './practice.js';
import { LEADERBOARD } from './board-scripts.js';

type Reply = Promise<string[]>;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    recordAnswer(...args: string[]): Reply & Context;
    selfAssess(...args: string[]): Reply & Context;
    joinTeam(...args: string[]): Reply & Context;
    leaveTeam(...args: string[]): Reply & Context;
    closePost(...args: string[]): Promise<number> & Context;
    revealPost(...args: string[]): Promise<number> & Context;
    restoreStreak(...args: string[]): Reply & Context;
    takeHint(...args: string[]): Promise<string> & Context;
    reportQuestion(...args: string[]): Reply & Context;
    startMock(...args: string[]): Promise<number> & Context;
    updateMock(...args: string[]): Promise<number> & Context;
    finishMock(...args: string[]): Promise<number> & Context;
    activatePost(...args: string[]): Promise<string> & Context;
    reminderSent(...args: string[]): Promise<string | string[]> & Context;
    discardPending(...args: string[]): Promise<number> & Context;
    addSchedule(...args: string[]): Reply & Context;
    takeBudget(...args: string[]): Promise<number[]> & Context;
    takeLease(...args: string[]): Promise<number> & Context;
    dropLease(...args: string[]): Promise<number> & Context;
    assignQuestionNumbers(...args: string[]): Promise<number[]> & Context;
    presentPractice(...args: string[]): Reply & Context;
    migrateState(...args: (string | Buffer)[]): Promise<number> & Context;
    clearStates(...args: string[]): Promise<number> & Context;
    leaderboard(...args: string[]): Promise<(string | number)[]> & Context;
  }
}

/** A connection to one server (or a Sentinel-managed master) or to a Redis Cluster: the store works with either. */
export type Store = Redis | Cluster;
export { redisAddress };

export function isCluster(redis: Store): redis is Cluster {
  return (redis as Cluster).isCluster === true;
}

/** Logs a connection's errors: the first of an outage as a warning, the reconnect attempts after it quietly. */
export function reportErrors(redis: Store, log: { warn(o: object, m: string): void; debug(o: object, m: string): void }, name: string): Store {
  let down = false;
  redis.on('error', (err: Error) => {
    (down ? log.debug.bind(log) : log.warn.bind(log))({ err: err.message, connection: name }, 'redis connection error');
    down = true;
  });
  redis.on('ready', () => { down = false; });
  return redis;
}

/** Options the cluster client takes itself rather than passing on to each node's connection. */
const CLUSTER_LEVEL = ['lazyConnect', 'enableAutoPipelining', 'enableOfflineQueue', 'enableReadyCheck'] as const;

/**
 * Connects to any connection string of target.ts (one server, a Cluster, or a master through Sentinel) and
 * registers the project's Lua scripts as commands, on the cluster client too.
 */
export function connectRedis(url: string, extra: RedisOptions = {}): Store {
  const opts: RedisOptions = { maxRetriesPerRequest: 3, enableAutoPipelining: false, lazyConnect: false, ...extra };
  const target = parseTarget(url);
  let redis: Store;
  if (target.kind === 'cluster') {
    const { retryStrategy, db: _db, ...nodeOpts } = opts;
    const clusterOpts: ClusterOptions = {};
    for (const k of CLUSTER_LEVEL) {
      if (nodeOpts[k] !== undefined) (clusterOpts as Record<string, unknown>)[k] = nodeOpts[k];
      delete nodeOpts[k];
    }
    redis = new Cluster(target.nodes, {
      ...clusterOpts,
      ...(retryStrategy !== undefined ? { clusterRetryStrategy: retryStrategy } : {}),
      redisOptions: { ...nodeOpts, username: target.username, password: target.password, ...(target.tls ? { tls: {} } : {}) },
      // A failover or resharding moves slots: follow the redirections instead of failing the command.
      maxRedirections: 16, retryDelayOnFailover: 200, retryDelayOnClusterDown: 300, retryDelayOnTryAgain: 100,
    });
  } else if (target.kind === 'sentinel') {
    // failoverDetector: the sentinels announce a new master at once, so no command waits for the old one to time out.
    redis = new Redis({ ...opts, sentinels: target.sentinels, name: target.name, username: target.username, password: target.password, failoverDetector: true });
  } else {
    redis = target.url.startsWith('unix://') ? new Redis({ ...opts, path: target.url.slice('unix://'.length) }) : new Redis(target.url, opts);
  }
  defineScripts(redis);
  return redis;
}

function defineScripts(redis: Store): void {
  redis.defineCommand('recordAnswer', { numberOfKeys: 26, lua: RECORD_ANSWER });
  redis.defineCommand('selfAssess', { numberOfKeys: 19, lua: SELF_ASSESS });
  redis.defineCommand('joinTeam', { numberOfKeys: 3, lua: JOIN_TEAM });
  redis.defineCommand('leaveTeam', { numberOfKeys: 3, lua: LEAVE_TEAM });
  redis.defineCommand('closePost', { numberOfKeys: 2, lua: CLOSE_POST });
  redis.defineCommand('revealPost', { numberOfKeys: 4, lua: REVEAL_POST });
  redis.defineCommand('restoreStreak', { numberOfKeys: 11, lua: RESTORE_STREAK });
  redis.defineCommand('takeHint', { numberOfKeys: 4, lua: TAKE_HINT });
  redis.defineCommand('reportQuestion', { numberOfKeys: 3, lua: REPORT_QUESTION });
  redis.defineCommand('startMock', { numberOfKeys: 1, lua: START_MOCK });
  redis.defineCommand('updateMock', { numberOfKeys: 1, lua: UPDATE_MOCK });
  redis.defineCommand('finishMock', { numberOfKeys: 2, lua: FINISH_MOCK });
  redis.defineCommand('activatePost', { numberOfKeys: 4, lua: ACTIVATE_POST });
  redis.defineCommand('reminderSent', { numberOfKeys: 9, lua: REMINDER_SENT });
  redis.defineCommand('discardPending', { numberOfKeys: 1, lua: DISCARD_PENDING });
  redis.defineCommand('addSchedule', { numberOfKeys: 1, lua: ADD_SCHEDULE });
  redis.defineCommand('takeBudget', { lua: TAKE_BUDGET });
  redis.defineCommand('assignQuestionNumbers', { numberOfKeys: 1, lua: ASSIGN_NUMBERS });
  redis.defineCommand('presentPractice', { numberOfKeys: 8, lua: PRESENT_PRACTICE });
  redis.defineCommand('migrateState', { numberOfKeys: 7, lua: MIGRATE_STATE });
  redis.defineCommand('clearStates', { numberOfKeys: 1, lua: CLEAR_STATES });
  redis.defineCommand('leaderboard', { numberOfKeys: 3, lua: LEADERBOARD });
  redis.defineCommand('takeLease', { numberOfKeys: 1, lua: TAKE_LEASE });
  redis.defineCommand('dropLease', { numberOfKeys: 1, lua: DROP_LEASE });
}

/**
 * Another connection to the same place with some options changed (BullMQ's blocking connections, subscribers).
 * The copy has no Lua commands; it is for queues and pub/sub.
 */
export function duplicateStore(redis: Store, override: RedisOptions = {}): Store {
  if (!isCluster(redis)) return redis.duplicate(override);
  const { enableOfflineQueue, ...nodeOpts } = override;
  return redis.duplicate(undefined, {
    ...redis.options,
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    redisOptions: { ...redis.options.redisOptions, ...nodeOpts },
  });
}

/**
 * The master connections to run a whole-keyspace command on (SCAN, FLUSHDB): every master of a cluster, or the
 * one server. Resolves once a cluster has learned its slots.
 */
export async function masters(redis: Store): Promise<Redis[]> {
  if (!isCluster(redis)) return [redis];
  if (redis.status !== 'ready') await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  return redis.nodes('master');
}

/** Every key matching `pattern`, on every master (SCAN, so no server is blocked). */
export async function scanAll(redis: Store, pattern: string, count = 500): Promise<string[]> {
  const keys = new Set<string>();
  for (const node of await masters(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      for (const key of batch) keys.add(key);
    } while (cursor !== '0');
  }
  return [...keys];
}

/** Redis could not be reached when the bot started. */
export class RedisUnavailableError extends Error {
  constructor(readonly address: string, readonly reason: string) {
    super(`Cannot reach Redis at ${address}: ${reason}`);
  }
}

/** Resolves once the client is ready; rejects (and disconnects) on its first connection error or after `timeoutMs`. */
export function whenReady(redis: Store, url: string, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      if (!err) return resolve();
      redis.disconnect();
      reject(new RedisUnavailableError(redisAddress(url), err.message.replace(/\s+/g, ' ').trim() || 'connection failed'));
    };
    const onReady = () => done();
    const onError = (err: Error) => done(err);
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    redis.once('ready', onReady);
    redis.once('error', onError);
  });
}
