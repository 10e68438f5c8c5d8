import { Redis, type RedisOptions } from 'ioredis';
import { RECORD_ANSWER, SELF_ASSESS, JOIN_TEAM, LEAVE_TEAM, CLOSE_POST } from './scripts.js';
import { REPORT_QUESTION, TAKE_HINT } from './feedback-scripts.js';

type Reply = Promise<string[]>;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    recordAnswer(...args: string[]): Reply & Context;
    selfAssess(...args: string[]): Reply & Context;
    joinTeam(...args: string[]): Reply & Context;
    leaveTeam(...args: string[]): Reply & Context;
    closePost(...args: string[]): Promise<number> & Context;
    takeHint(...args: string[]): Promise<string> & Context;
    reportQuestion(...args: string[]): Reply & Context;
  }
}

export type Store = Redis;

/** Connects to redis://, rediss:// or unix:///path and registers the project's Lua scripts as commands. */
export function connectRedis(url: string, extra: RedisOptions = {}): Store {
  const opts: RedisOptions = { maxRetriesPerRequest: 3, enableAutoPipelining: false, lazyConnect: false, ...extra };
  const redis = url.startsWith('unix://') ? new Redis({ ...opts, path: url.slice('unix://'.length) }) : new Redis(url, opts);
  redis.defineCommand('recordAnswer', { numberOfKeys: 17, lua: RECORD_ANSWER });
  redis.defineCommand('selfAssess', { numberOfKeys: 13, lua: SELF_ASSESS });
  redis.defineCommand('joinTeam', { numberOfKeys: 3, lua: JOIN_TEAM });
  redis.defineCommand('leaveTeam', { numberOfKeys: 3, lua: LEAVE_TEAM });
  redis.defineCommand('closePost', { numberOfKeys: 2, lua: CLOSE_POST });
  redis.defineCommand('takeHint', { numberOfKeys: 4, lua: TAKE_HINT });
  redis.defineCommand('reportQuestion', { numberOfKeys: 3, lua: REPORT_QUESTION });
  return redis;
}
