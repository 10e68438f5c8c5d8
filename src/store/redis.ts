import { Redis, type RedisOptions } from 'ioredis';
import { RECORD_ANSWER, SELF_ASSESS, JOIN_TEAM, LEAVE_TEAM, CLOSE_POST } from './scripts.js';
import { ACTIVATE_POST, ADD_SCHEDULE, TAKE_BUDGET } from './delivery-scripts.js';

type Reply = Promise<string[]>;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    recordAnswer(...args: string[]): Reply & Context;
    selfAssess(...args: string[]): Reply & Context;
    joinTeam(...args: string[]): Reply & Context;
    leaveTeam(...args: string[]): Reply & Context;
    closePost(...args: string[]): Promise<number> & Context;
    activatePost(...args: string[]): Promise<string> & Context;
    addSchedule(...args: string[]): Reply & Context;
    takeBudget(...args: string[]): Promise<number> & Context;
  }
}

export type Store = Redis;

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

/** Connects to redis://, rediss:// or unix:///path and registers the project's Lua scripts as commands. */
export function connectRedis(url: string, extra: RedisOptions = {}): Store {
  const opts: RedisOptions = { maxRetriesPerRequest: 3, enableAutoPipelining: false, lazyConnect: false, ...extra };
  const redis = url.startsWith('unix://') ? new Redis({ ...opts, path: url.slice('unix://'.length) }) : new Redis(url, opts);
  redis.defineCommand('recordAnswer', { numberOfKeys: 15, lua: RECORD_ANSWER });
  redis.defineCommand('selfAssess', { numberOfKeys: 13, lua: SELF_ASSESS });
  redis.defineCommand('joinTeam', { numberOfKeys: 3, lua: JOIN_TEAM });
  redis.defineCommand('leaveTeam', { numberOfKeys: 3, lua: LEAVE_TEAM });
  redis.defineCommand('closePost', { numberOfKeys: 2, lua: CLOSE_POST });
  redis.defineCommand('activatePost', { numberOfKeys: 4, lua: ACTIVATE_POST });
  redis.defineCommand('addSchedule', { numberOfKeys: 1, lua: ADD_SCHEDULE });
  redis.defineCommand('takeBudget', { lua: TAKE_BUDGET });
  return redis;
}
