import { Redis, type RedisOptions } from 'ioredis';
import { RECORD_ANSWER, SELF_ASSESS, JOIN_TEAM, LEAVE_TEAM, CLOSE_POST } from './scripts.js';
import { START_MOCK, UPDATE_MOCK, FINISH_MOCK } from './mock-scripts.js';

type Reply = Promise<string[]>;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    recordAnswer(...args: string[]): Reply & Context;
    selfAssess(...args: string[]): Reply & Context;
    joinTeam(...args: string[]): Reply & Context;
    leaveTeam(...args: string[]): Reply & Context;
    closePost(...args: string[]): Promise<number> & Context;
    startMock(...args: string[]): Promise<number> & Context;
    updateMock(...args: string[]): Promise<number> & Context;
    finishMock(...args: string[]): Promise<number> & Context;
  }
}

export type Store = Redis;

/** Connects to redis://, rediss:// or unix:///path and registers the project's Lua scripts as commands. */
export function connectRedis(url: string, extra: RedisOptions = {}): Store {
  const opts: RedisOptions = { maxRetriesPerRequest: 3, enableAutoPipelining: false, lazyConnect: false, ...extra };
  const redis = url.startsWith('unix://') ? new Redis({ ...opts, path: url.slice('unix://'.length) }) : new Redis(url, opts);
  redis.defineCommand('recordAnswer', { numberOfKeys: 15, lua: RECORD_ANSWER });
  redis.defineCommand('selfAssess', { numberOfKeys: 13, lua: SELF_ASSESS });
  redis.defineCommand('joinTeam', { numberOfKeys: 3, lua: JOIN_TEAM });
  redis.defineCommand('leaveTeam', { numberOfKeys: 3, lua: LEAVE_TEAM });
  redis.defineCommand('closePost', { numberOfKeys: 2, lua: CLOSE_POST });
  redis.defineCommand('startMock', { numberOfKeys: 1, lua: START_MOCK });
  redis.defineCommand('updateMock', { numberOfKeys: 1, lua: UPDATE_MOCK });
  redis.defineCommand('finishMock', { numberOfKeys: 2, lua: FINISH_MOCK });
  return redis;
}
